import { describe, expect, it } from "vitest";
import { importCsv } from "../../src/ingest/import-csv";
import { csv, REPS_CSV, tempDb } from "./helpers";

async function withReps() {
  const env = tempDb();
  await importCsv(env.db, { kind: "reps", file: csv(env.dir, "reps.csv", REPS_CSV) });
  return env;
}

const deal = (db: ReturnType<typeof tempDb>["db"], id: string) =>
  db
    .prepare(
      `SELECT o.name, a.name AS account, r.name AS owner, o.stage, o.amount_cents, o.probability, o.product,
              o.created_date, o.close_date, o.next_step, o.last_activity_date, o.is_closed, o.is_won
         FROM opportunities o JOIN reps r ON r.id = o.owner_id LEFT JOIN accounts a ON a.id = o.account_id
        WHERE o.id = ?`,
    )
    .get(id);

describe("salesforce preset", () => {
  it("reads an Opportunity report export: US dates, its headers, unknown columns ignored", async () => {
    const { db, dir } = await withReps();
    const file = csv(dir, "sf.csv", [
      '"Opportunity ID","Opportunity Name","Account Name","Opportunity Owner","Stage","Amount","Probability (%)","Type","Lead Source","Primary Product","Created Date","Close Date","Next Step","Last Activity","Closed","Won","Fiscal Period"',
      '"0061x01","Acme expansion","Acme","Ana Ruiz","Negotiation/Review","$12,500.00","75","Existing Business","Web","Core","1/5/2026","3/31/2026","Redlines","2/20/2026","0","0","Q1-2026"',
      '"0061x02","Globex","Globex","Ben Okafor","Closed Won","8000","100","New Business","Partner","Core","11/1/2025","2/14/2026","","","1","1","Q1-2026"',
    ]);
    const s = await importCsv(db, { kind: "opportunities", file, preset: "salesforce" });
    expect(s).toMatchObject({ rows: 2, inserted: 2, newAccounts: 2 });
    expect(deal(db, "0061x01")).toEqual({
      name: "Acme expansion",
      account: "Acme",
      owner: "Ana Ruiz",
      stage: "Negotiation/Review",
      amount_cents: 1_250_000,
      probability: 75,
      product: "Core",
      created_date: "2026-01-05",
      close_date: "2026-03-31",
      next_step: "Redlines",
      last_activity_date: "2026-02-20",
      is_closed: 0,
      is_won: 0,
    });
    expect(deal(db, "0061x02")).toMatchObject({ is_closed: 1, is_won: 1, created_date: "2025-11-01" });
  });

  it("reads Opportunity History (stage and close date snapshots by edit date) and Users", async () => {
    const env = tempDb();
    const users = csv(env.dir, "users.csv", [
      "Full Name,Email,Role,Title",
      "Ana Ruiz,ana@example.com,East AE,Account Executive",
    ]);
    expect(await importCsv(env.db, { kind: "reps", file: users, preset: "salesforce" })).toMatchObject({
      inserted: 1,
    });
    expect(env.db.prepare("SELECT t.name FROM reps r JOIN teams t ON t.id = r.team_id").pluck().get()).toBe(
      "East AE",
    );
    await importCsv(env.db, {
      kind: "opportunities",
      preset: "salesforce",
      file: csv(env.dir, "o.csv", [
        "Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date",
        "006A,Ana Ruiz,Proposal,100,1/2/2026,3/31/2026",
      ]),
    });
    const history = csv(env.dir, "hist.csv", [
      "Opportunity ID,Stage,Close Date,Edit Date,Amount",
      "006A,Prospecting,3/31/2026,1/2/2026 9:15 AM,100",
      "006A,Prospecting,4/30/2026,1/20/2026 2:05 PM,100",
      "006A,Proposal,4/30/2026,2/3/2026 10:00 AM,100",
    ]);
    const s = await importCsv(env.db, { kind: "stage-history", file: history, preset: "salesforce" });
    // row 1 starts both histories; row 2 only moves the close date; row 3 only the stage
    expect(s).toMatchObject({ rows: 3, inserted: 3, unchanged: 0 });
    expect(env.db.prepare("SELECT stage, entered_at FROM stage_history ORDER BY entered_at").all()).toEqual([
      { stage: "Prospecting", entered_at: "2026-01-02T09:15:00Z" },
      { stage: "Proposal", entered_at: "2026-02-03T10:00:00Z" },
    ]);
    expect(
      env.db.prepare("SELECT close_date, changed_at FROM close_date_history ORDER BY changed_at").all(),
    ).toEqual([
      { close_date: "2026-03-31", changed_at: "2026-01-02T09:15:00Z" },
      { close_date: "2026-04-30", changed_at: "2026-01-20T14:05:00Z" },
    ]);
    // idempotent: the same snapshots again append nothing
    const again = await importCsv(env.db, { kind: "stage-history", file: history, preset: "salesforce" });
    expect(again).toMatchObject({ rows: 3, inserted: 0, unchanged: 3 });
    expect(env.db.prepare("SELECT count(*) FROM stage_history").pluck().get()).toBe(2);
  });
});

describe("hubspot preset", () => {
  it("reads a deals export: owner by name, probability as a 0–1 fraction, Is Closed Won", async () => {
    const { db, dir } = await withReps();
    const file = csv(dir, "hs.csv", [
      "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner,Associated Company,Last Activity Date,Next step,Deal probability,Is Closed Won,Pipeline",
      "9001,Initech,Contract Sent,4200.5,2026-03-15,2026-01-02 10:20,Cleo Park,Initech,2026-02-01,Chase,0.9,false,Sales",
      "9002,Umbrella,Closed Won,1000,2026-02-01,2025-12-01,Ana Ruiz,,,,1,true,Sales",
    ]);
    const s = await importCsv(db, { kind: "opportunities", file, preset: "hubspot" });
    expect(s).toMatchObject({ inserted: 2, newAccounts: 1 });
    expect(deal(db, "9001")).toMatchObject({
      owner: "Cleo Park",
      account: "Initech",
      amount_cents: 420_050,
      probability: 90,
      created_date: "2026-01-02",
      is_closed: 0,
      is_won: 0,
    });
    expect(deal(db, "9002")).toMatchObject({ account: null, probability: 100, is_closed: 1, is_won: 1 });
  });
});

describe("header matching and options", () => {
  it("matches headers ignoring case, spaces and underscores", async () => {
    const { db, dir } = await withReps();
    const file = csv(dir, "o.csv", [
      "ID,Owner,STAGE,Amount,Created Date,close date",
      "H1,Ana Ruiz,Proposal,5,2026-01-01,2026-02-01",
    ]);
    expect(await importCsv(db, { kind: "opportunities", file })).toMatchObject({ inserted: 1 });
  });

  it("--map renames any header to a field and wins over the preset", async () => {
    const { db, dir } = await withReps();
    const file = csv(dir, "o.csv", [
      "Deal Ref,Rep,Stage,Amount,Created Date,Close Date,Amount (EUR)",
      "M1,ana@example.com,Proposal,999,2026-01-01,2026-02-01,50",
    ]);
    const s = await importCsv(db, {
      kind: "opportunities",
      file,
      map: { "Deal Ref": "id", rep: "owner", "amount (eur)": "amount", Amount: "product" },
    });
    expect(s.inserted).toBe(1);
    expect(deal(db, "M1")).toMatchObject({ owner: "Ana Ruiz", amount_cents: 5000, product: "999" });
  });

  it("--date-format and --decimal-comma read European exports", async () => {
    const { db, dir } = await withReps();
    const file = csv(dir, "eu.csv", [
      "id,owner,stage,amount,created_date,close_date",
      'E1,Ana Ruiz,Proposal,"1.234,50",05.01.2026,31.03.2026',
    ]);
    await importCsv(db, { kind: "opportunities", file, dateFormat: "DD.MM.YYYY", decimalComma: true });
    expect(deal(db, "E1")).toMatchObject({
      amount_cents: 123_450,
      created_date: "2026-01-05",
      close_date: "2026-03-31",
    });
  });

  it("refuses a --map target that is not a field, before reading anything", async () => {
    const { db, dir } = await withReps();
    const file = csv(dir, "o.csv", ["a", "b"]);
    await expect(importCsv(db, { kind: "opportunities", file, map: { a: "colour" } })).rejects.toThrow(
      /has no field "colour"/,
    );
    expect(db.prepare("SELECT count(*) FROM import_runs WHERE kind = 'opportunities'").pluck().get()).toBe(0);
  });
});
