import { describe, expect, it } from "vitest";
import { type ImportRejectedError, importCsv } from "../../src/ingest/import-csv";
import { listImportRuns } from "../../src/store/import-run-repository";
import { csv, OPPS_HEADER, REPS_CSV, tempDb } from "./helpers";

const T1 = new Date("2026-03-01T09:00:00Z");
const T2 = new Date("2026-03-08T09:00:00Z");

async function withReps() {
  const env = tempDb();
  await importCsv(env.db, { kind: "reps", file: csv(env.dir, "reps.csv", REPS_CSV), now: T1 });
  return env;
}

const OPPS = [
  OPPS_HEADER,
  'O-1,"Acme, renewal",Acme,Ana Ruiz,Proposal,"$1,234.50",45%,Core,2026-01-05,2026-03-31,Send quote,2026-02-20,,',
  "O-2,Globex new,Globex,ben@example.com,Closed Won,5000,100,Core,2025-11-01,2026-02-14,,,,",
  "O-3,Initech pilot,Acme,CLEO PARK,Closed Lost,800.00,0,Add-on,2025-12-01,2026-02-01,,,,",
  "O-4,Hooli,Hooli,Ana Ruiz,Negotiation,2000,0.6,Core,2026-01-10,2026-04-15,Legal review,,false,false",
];

describe("importing opportunities (generic preset)", () => {
  it("stores every deal with owner, account, cents and derived closed/won flags", async () => {
    const { db, dir } = await withReps();
    const summary = await importCsv(db, { kind: "opportunities", file: csv(dir, "opps.csv", OPPS), now: T1 });
    expect(summary).toMatchObject({ kind: "opportunities", rows: 4, inserted: 4, updated: 0, unchanged: 0 });
    // Acme, Globex and Hooli are unknown accounts: created once each (O-3 reuses Acme).
    expect(summary.newAccounts).toBe(3);
    expect(summary.newStages).toEqual(["Proposal", "Closed Won", "Closed Lost", "Negotiation"]);
    const rows = db
      .prepare(
        `SELECT o.id, o.name, a.name AS account, r.name AS owner, o.stage, o.amount_cents, o.probability,
                o.is_closed, o.is_won, o.changed_at, o.import_id
           FROM opportunities o JOIN reps r ON r.id = o.owner_id LEFT JOIN accounts a ON a.id = o.account_id
          ORDER BY o.id`,
      )
      .all();
    expect(rows).toEqual([
      // "$1,234.50" → 123450 cents; "45%" → 45
      {
        id: "O-1",
        name: "Acme, renewal",
        account: "Acme",
        owner: "Ana Ruiz",
        stage: "Proposal",
        amount_cents: 123450,
        probability: 45,
        is_closed: 0,
        is_won: 0,
        changed_at: T1.toISOString(),
        import_id: summary.importId,
      },
      // owner matched by email; "Closed Won" without flags → closed and won
      expect.objectContaining({
        id: "O-2",
        owner: "Ben Okafor",
        amount_cents: 500000,
        is_closed: 1,
        is_won: 1,
      }),
      // owner matched case-insensitively; "Closed Lost" → closed, not won
      expect.objectContaining({ id: "O-3", owner: "Cleo Park", account: "Acme", is_closed: 1, is_won: 0 }),
      // 0.6 is a fraction → 60%
      expect.objectContaining({ id: "O-4", probability: 60, is_closed: 0, is_won: 0 }),
    ]);
    const runs = listImportRuns(db);
    expect(runs.at(-1)).toMatchObject({ kind: "opportunities", outcome: "ok", rows: 4, inserted: 4 });
    expect(runs.at(-1)?.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("matches an account by external id before name", async () => {
    const { db, dir } = await withReps();
    await importCsv(db, {
      kind: "accounts",
      file: csv(dir, "accounts.csv", [
        "id,name,segment,region,industry",
        "001A,Acme Corp,Enterprise,NA,Retail",
      ]),
    });
    const s = await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "o.csv", [OPPS_HEADER, "O-9,,001A,Ana Ruiz,Proposal,10,,,2026-01-01,2026-02-01,,,,"]),
    });
    expect(s.newAccounts).toBe(0);
    const account = db
      .prepare("SELECT a.name FROM opportunities o JOIN accounts a ON a.id = o.account_id")
      .pluck()
      .get();
    expect(account).toBe("Acme Corp");
  });

  it("resolves repeated owner and account cells the same way on every row (looked up once per text)", async () => {
    const { db, dir } = await withReps();
    const rejected = (await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "bad.csv", [
        OPPS_HEADER,
        "O-1,,Acme,Nobody,Proposal,10,,,2026-01-01,2026-02-01,,,,",
        "O-2,,Acme,Nobody,Proposal,10,,,2026-01-01,2026-02-01,,,,",
        "O-3,,Acme,Ana Ruiz,Proposal,10,,,2026-01-01,2026-02-01,,,,",
      ]),
    }).catch((e) => e)) as ImportRejectedError;
    // an unknown owner is reported on every row that names it, not only the first
    expect(rejected.problems.map((p) => [p.line, p.field, p.value])).toEqual([
      [2, "owner", "Nobody"],
      [3, "owner", "Nobody"],
    ]);
    const s = await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "o.csv", [
        OPPS_HEADER,
        "O-1,,Acme,Ana Ruiz,Proposal,10,,,2026-01-01,2026-02-01,,,,",
        "O-2,,ACME,ana ruiz,Proposal,10,,,2026-01-01,2026-02-01,,,,",
        "O-3,,Acme,ANA@example.com,Proposal,10,,,2026-01-01,2026-02-01,,,,",
        "O-4,,Globex,Ana Ruiz,Proposal,10,,,2026-01-01,2026-02-01,,,,",
        "O-5,,acme,Ben Okafor,Proposal,10,,,2026-01-01,2026-02-01,,,,",
        "O-6,,Globex,ana ruiz,Proposal,10,,,2026-01-01,2026-02-01,,,,",
      ]),
    });
    expect(s).toMatchObject({ inserted: 6, newAccounts: 2 });
    const rows = db
      .prepare(
        `SELECT o.id, a.name AS account, r.name AS owner FROM opportunities o
           JOIN reps r ON r.id = o.owner_id JOIN accounts a ON a.id = o.account_id ORDER BY o.id`,
      )
      .raw()
      .all();
    expect(rows).toEqual([
      ["O-1", "Acme", "Ana Ruiz"],
      ["O-2", "Acme", "Ana Ruiz"],
      ["O-3", "Acme", "Ana Ruiz"],
      ["O-4", "Globex", "Ana Ruiz"],
      ["O-5", "Acme", "Ben Okafor"],
      ["O-6", "Globex", "Ana Ruiz"],
    ]);
  });

  it("re-importing the same file changes nothing and says every row is unchanged", async () => {
    const { db, dir } = await withReps();
    const file = csv(dir, "opps.csv", OPPS);
    await importCsv(db, { kind: "opportunities", file, now: T1 });
    const before = db.prepare("SELECT * FROM opportunities ORDER BY id").all();
    const again = await importCsv(db, { kind: "opportunities", file, now: T2 });
    expect(again).toMatchObject({
      rows: 4,
      inserted: 0,
      updated: 0,
      unchanged: 4,
      newAccounts: 0,
      newStages: [],
    });
    expect(db.prepare("SELECT * FROM opportunities ORDER BY id").all()).toEqual(before);
    expect(db.prepare("SELECT count(*) FROM stage_history").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM close_date_history").pluck().get()).toBe(0);
    // both runs are recorded with the same file hash
    const runs = listImportRuns(db).filter((r) => r.kind === "opportunities");
    expect(runs).toHaveLength(2);
    expect(runs[0]?.fileHash).toBe(runs[1]?.fileHash);
  });

  it("a re-import that moves a deal's stage or close date appends to its history at the import time", async () => {
    const { db, dir } = await withReps();
    await importCsv(db, { kind: "opportunities", file: csv(dir, "opps.csv", OPPS), now: T1 });
    const changed = OPPS.map((line) =>
      line.startsWith("O-1,")
        ? line.replace("Proposal", "Negotiation")
        : line.startsWith("O-4,")
          ? line.replace("2026-04-15", "2026-05-30")
          : line,
    );
    const s = await importCsv(db, { kind: "opportunities", file: csv(dir, "opps2.csv", changed), now: T2 });
    expect(s).toMatchObject({ inserted: 0, updated: 2, unchanged: 2 });
    expect(
      db.prepare("SELECT opportunity_id, stage, entered_at, import_id FROM stage_history").all(),
    ).toEqual([
      { opportunity_id: "O-1", stage: "Negotiation", entered_at: T2.toISOString(), import_id: s.importId },
    ]);
    expect(db.prepare("SELECT opportunity_id, close_date, changed_at FROM close_date_history").all()).toEqual(
      [{ opportunity_id: "O-4", close_date: "2026-05-30", changed_at: T2.toISOString() }],
    );
    // the untouched deals keep their first import's stamp
    expect(db.prepare("SELECT changed_at FROM opportunities WHERE id = 'O-2'").pluck().get()).toBe(
      T1.toISOString(),
    );
  });

  it("a file mixing known and new deals inserts, updates and leaves rows alike whichever it tries first", async () => {
    const { db, dir } = await withReps();
    const row = (id: string, stage: string, close: string) =>
      `${id},,Acme,Ana Ruiz,${stage},10,,,2026-01-01,${close},,,,`;
    await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "a.csv", [
        OPPS_HEADER,
        row("O-1", "Proposal", "2026-02-01"),
        row("O-2", "Proposal", "2026-02-01"),
        row("O-3", "Proposal", "2026-02-01"),
      ]),
      now: T1,
    });
    // After a new deal the next row tries the INSERT first; after a known one, the read.
    const s = await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "b.csv", [
        OPPS_HEADER,
        row("O-1", "Proposal", "2026-02-01"), // known, unchanged
        row("O-4", "Proposal", "2026-02-01"), // new after a known one
        row("O-2", "Negotiation", "2026-02-01"), // known after a new one: the INSERT finds it, then it is updated
        row("O-5", "Proposal", "2026-02-01"), // new
        row("O-6", "Proposal", "2026-02-01"), // new after a new one
        row("O-3", "Proposal", "2026-03-15"), // known after a new one, close date moved
      ]),
      now: T2,
    });
    expect(s).toMatchObject({ rows: 6, inserted: 3, updated: 2, unchanged: 1 });
    expect(
      db.prepare("SELECT id, stage, close_date, changed_at FROM opportunities ORDER BY id").raw().all(),
    ).toEqual([
      ["O-1", "Proposal", "2026-02-01", T1.toISOString()],
      ["O-2", "Negotiation", "2026-02-01", T2.toISOString()],
      ["O-3", "Proposal", "2026-03-15", T2.toISOString()],
      ["O-4", "Proposal", "2026-02-01", T2.toISOString()],
      ["O-5", "Proposal", "2026-02-01", T2.toISOString()],
      ["O-6", "Proposal", "2026-02-01", T2.toISOString()],
    ]);
    expect(db.prepare("SELECT opportunity_id, stage, entered_at FROM stage_history").raw().all()).toEqual([
      ["O-2", "Negotiation", T2.toISOString()],
    ]);
    expect(
      db.prepare("SELECT opportunity_id, close_date, changed_at FROM close_date_history").raw().all(),
    ).toEqual([["O-3", "2026-03-15", T2.toISOString()]]);
  });

  it("an update writes exactly the changed values: the store matches a fresh import of the new file", async () => {
    const before = [
      OPPS_HEADER,
      "U-1,One,Acme,Ana Ruiz,Proposal,100,10,Core,2026-01-01,2026-03-01,Call,2026-01-10,,",
      "U-2,Two,Acme,Ana Ruiz,Proposal,100,10,Core,2026-01-01,2026-03-01,Call,2026-01-10,,",
      "U-3,Three,Globex,Ben Okafor,Proposal,100,10,Core,2026-01-01,2026-03-01,Call,2026-01-10,,",
      "U-4,Four,Globex,Ben Okafor,Proposal,100,10,Core,2026-01-01,2026-03-01,Call,2026-01-10,,",
      "U-5,Five,Acme,Cleo Park,Proposal,100,10,Core,2026-01-01,2026-03-01,Call,2026-01-10,,",
    ];
    const after = [
      OPPS_HEADER,
      // name and amount
      "U-1,One renamed,Acme,Ana Ruiz,Proposal,250.50,10,Core,2026-01-01,2026-03-01,Call,2026-01-10,,",
      // account, owner and probability
      "U-2,Two,Globex,Cleo Park,Proposal,100,55,Core,2026-01-01,2026-03-01,Call,2026-01-10,,",
      // stage to closed won (flags follow), close date, next step and last activity cleared
      "U-3,Three,Globex,Ben Okafor,Closed Won,100,10,Core,2026-01-01,2026-02-20,,,,",
      // unchanged
      "U-4,Four,Globex,Ben Okafor,Proposal,100,10,Core,2026-01-01,2026-03-01,Call,2026-01-10,,",
      // product, created date, explicit flags
      "U-5,Five,Acme,Cleo Park,Proposal,100,10,Add-on,2025-12-15,2026-03-01,Call,2026-01-10,true,false",
    ];
    const columns =
      "id, name, account_id, owner_id, stage, amount_cents, probability, product, created_date, close_date, next_step, last_activity_date, is_closed, is_won";
    const { db, dir } = await withReps();
    await importCsv(db, { kind: "accounts", file: csv(dir, "acc.csv", ["id,name", "A1,Acme", "A2,Globex"]) });
    await importCsv(db, { kind: "opportunities", file: csv(dir, "a.csv", before), now: T1 });
    const s = await importCsv(db, { kind: "opportunities", file: csv(dir, "b.csv", after), now: T2 });
    expect(s).toMatchObject({ inserted: 0, updated: 4, unchanged: 1 });

    const fresh = await withReps();
    await importCsv(fresh.db, {
      kind: "accounts",
      file: csv(fresh.dir, "acc.csv", ["id,name", "A1,Acme", "A2,Globex"]),
    });
    await importCsv(fresh.db, { kind: "opportunities", file: csv(fresh.dir, "b.csv", after), now: T2 });
    const rows = (d: typeof db) => d.prepare(`SELECT ${columns} FROM opportunities ORDER BY id`).all();
    expect(rows(db)).toEqual(rows(fresh.db));
    expect(db.prepare("SELECT id, changed_at FROM opportunities ORDER BY id").raw().all()).toEqual([
      ["U-1", T2.toISOString()],
      ["U-2", T2.toISOString()],
      ["U-3", T2.toISOString()],
      ["U-4", T1.toISOString()],
      ["U-5", T2.toISOString()],
    ]);
    expect(db.prepare("SELECT opportunity_id, stage FROM stage_history").raw().all()).toEqual([
      ["U-3", "Closed Won"],
    ]);
    expect(db.prepare("SELECT opportunity_id, close_date FROM close_date_history").raw().all()).toEqual([
      ["U-3", "2026-02-20"],
    ]);
  });

  it("an explicit is_closed/is_won wins over the stage name", async () => {
    const { db, dir } = await withReps();
    await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "o.csv", [
        OPPS_HEADER,
        "A,,,Ana Ruiz,Signed,10,,,2026-01-01,2026-02-01,,,true,true",
        "B,,,Ana Ruiz,Closed Won,10,,,2026-01-01,2026-02-01,,,yes,no",
      ]),
    });
    expect(db.prepare("SELECT id, is_closed, is_won FROM opportunities ORDER BY id").all()).toEqual([
      { id: "A", is_closed: 1, is_won: 1 },
      { id: "B", is_closed: 1, is_won: 0 },
    ]);
  });

  it("with one of is_closed/is_won missing, the stage name supplies the other", async () => {
    const { db, dir } = await withReps();
    await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "o.csv", [
        OPPS_HEADER,
        "C,,,Ana Ruiz,Closed Won,10,,,2026-01-01,2026-02-01,,,true,",
        "D,,,Ana Ruiz,Closed Won,10,,,2026-01-01,2026-02-01,,,,true",
        "E,,,Ana Ruiz,Closed Lost,10,,,2026-01-01,2026-02-01,,,,false",
        "F,,,Ana Ruiz,Negotiation,10,,,2026-01-01,2026-02-01,,,true,",
      ]),
    });
    expect(db.prepare("SELECT id, is_closed, is_won FROM opportunities ORDER BY id").all()).toEqual([
      { id: "C", is_closed: 1, is_won: 1 },
      { id: "D", is_closed: 1, is_won: 1 },
      { id: "E", is_closed: 1, is_won: 0 },
      { id: "F", is_closed: 1, is_won: 0 },
    ]);
  });

  it("a header-only file imports nothing and is still recorded", async () => {
    const { db, dir } = await withReps();
    const s = await importCsv(db, { kind: "opportunities", file: csv(dir, "o.csv", [OPPS_HEADER]) });
    expect(s).toMatchObject({ rows: 0, inserted: 0, updated: 0, unchanged: 0 });
    expect(listImportRuns(db).at(-1)).toMatchObject({ outcome: "ok", rows: 0 });
  });
});
