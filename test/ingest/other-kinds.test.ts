import { describe, expect, it } from "vitest";
import { importCsv } from "../../src/ingest/import-csv";
import { loadDataset } from "../../src/store/dataset-repository";
import { csv, REPS_CSV, tempDb } from "./helpers";

describe("reps, accounts, contracts, quotas and forecasts", () => {
  it("reps create their teams once; re-import is unchanged; an edit is an update", async () => {
    const { db, dir } = tempDb();
    const first = await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV) });
    expect(first).toMatchObject({ rows: 3, inserted: 3 });
    expect(db.prepare("SELECT name FROM teams ORDER BY name").pluck().all()).toEqual(["East", "West"]);
    const again = await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV) });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    const moved = REPS_CSV.map((l) => (l.startsWith("Cleo") ? l.replace(",West,", ",East,") : l));
    expect(await importCsv(db, { kind: "reps", file: csv(dir, "reps2.csv", moved) })).toMatchObject({
      updated: 1,
      unchanged: 2,
    });
    const cleo = loadDataset(db).reps.find((r) => r.name === "Cleo Park");
    expect(cleo).toMatchObject({ team: "East", email: "cleo@example.com", hireDate: null });
  });

  it("accounts upsert by external id; contracts link to them and count accounts they create", async () => {
    const { db, dir } = tempDb();
    await importCsv(db, {
      kind: "accounts",
      file: csv(dir, "a.csv", [
        "id,name,segment,region,industry",
        "A1,Acme,Enterprise,NA,Retail",
        "A2,Globex,SMB,EMEA,",
      ]),
    });
    const renamed = await importCsv(db, {
      kind: "accounts",
      file: csv(dir, "a2.csv", ["id,name,segment,region,industry", "A1,Acme Inc,Enterprise,NA,Retail"]),
    });
    expect(renamed).toMatchObject({ updated: 1, inserted: 0 });
    const s = await importCsv(db, {
      kind: "contracts",
      file: csv(dir, "c.csv", [
        "id,account,product,value,start_date,end_date",
        'C1,A1,Core,"$120,000",2025-04-01,2026-03-31',
        "C2,Newco,Core,5000,2026-01-01,2026-12-31",
      ]),
    });
    expect(s).toMatchObject({ inserted: 2, newAccounts: 1 });
    const data = loadDataset(db);
    const acme = data.accounts.find((a) => a.externalId === "A1");
    expect(acme?.name).toBe("Acme Inc");
    expect(data.contracts.find((c) => c.id === "C1")).toMatchObject({
      accountId: acme?.id,
      valueCents: 12_000_000,
    });
  });

  it("quotas by rep name or email for months and quarters; a changed amount is an update", async () => {
    const { db, dir } = tempDb();
    await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV) });
    const lines = ["owner,period,amount", "Ana Ruiz,2026-Q1,300000", "ben@example.com,2026-01,100000"];
    expect(await importCsv(db, { kind: "quotas", file: csv(dir, "q.csv", lines) })).toMatchObject({
      inserted: 2,
    });
    const raised = [lines[0] as string, "Ana Ruiz,2026-q1,330000", lines[2] as string];
    expect(await importCsv(db, { kind: "quotas", file: csv(dir, "q2.csv", raised) })).toMatchObject({
      updated: 1,
      unchanged: 1,
    });
    expect(loadDataset(db).quotas.map((q) => [q.period, q.amountCents])).toEqual([
      ["2026-Q1", 33_000_000],
      ["2026-01", 10_000_000],
    ]);
  });

  it("forecasts store the scope as the store spells it and are keyed by submitter, scope, period, time", async () => {
    const { db, dir } = tempDb();
    await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV) });
    const file = csv(dir, "f.csv", [
      "submitted_by,scope,period,amount,submitted_at",
      "Maya Chen,Company,2026-Q1,1000000,2026-01-05T10:00:00-05:00",
      "Maya Chen,team:East,2026-Q1,600000,2026-01-05",
      "Ana Ruiz,rep:ana ruiz,2026-03,90000,2026-03-01 08:30",
    ]);
    expect(await importCsv(db, { kind: "forecasts", file })).toMatchObject({ inserted: 3 });
    expect(await importCsv(db, { kind: "forecasts", file })).toMatchObject({ unchanged: 3 });
    expect(loadDataset(db).submissions.map((s) => [s.scope, s.submittedAt, s.amountCents])).toEqual([
      ["rep:Ana Ruiz", "2026-03-01T08:30:00Z", 9_000_000],
      // -05:00 is converted to UTC
      ["company", "2026-01-05T15:00:00Z", 100_000_000],
      ["team:East", "2026-01-05", 60_000_000],
    ]);
  });

  it("leaves every reference valid although foreign keys are not probed row by row, and turns them back on", async () => {
    const { db, dir } = tempDb();
    await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV) });
    await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "o.csv", [
        "id,account,owner,stage,amount,created_date,close_date",
        "O1,Acme,Ana Ruiz,Proposal,1,2026-01-01,2026-02-01",
        "O2,Globex,Ben Okafor,Closed Won,1,2026-01-01,2026-02-01",
      ]),
    });
    await importCsv(db, {
      kind: "contracts",
      file: csv(dir, "c.csv", ["id,account,value,start_date,end_date", "C1,Initech,5,2026-01-01,2026-12-31"]),
    });
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
  });
});
