import path from "node:path";
import { describe, expect, it } from "vitest";
import { importCsv } from "../../src/ingest/import-csv";
import { openDatabase, schemaVersion } from "../../src/store/db";
import { SCHEMA_VERSION } from "../../src/store/migrations";
import { crmSnapshot, csv, OPPS_HEADER, REPS_CSV, tempDir } from "../ingest/helpers";

const T1 = new Date("2026-03-01T09:00:00Z");
const T2 = new Date("2026-03-08T09:00:00Z");

const OPPS = [
  OPPS_HEADER,
  "O-1,Acme renewal,Acme,Ana Ruiz,Proposal,1234.50,45,Core,2026-01-05,2026-03-31,Send quote,2026-02-20,,",
  "O-2,Globex new,Globex,ben@example.com,Negotiation,5000,60,Core,2025-11-01,2026-04-14,,,,",
];

describe("a database from before the deal indexes were dropped (version 8)", () => {
  it("keeps every deal and its history on open, and a re-import still updates deals and appends history", async () => {
    const dir = tempDir();
    const file = path.join(dir, "old.db");
    const old = openDatabase(file, { targetVersion: 8 });
    await importCsv(old, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV), now: T1 });
    await importCsv(old, { kind: "opportunities", file: csv(dir, "opps.csv", OPPS), now: T1 });
    const before = crmSnapshot(old);
    old.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(crmSnapshot(db)).toEqual(before);
    const moved = [
      OPPS[0],
      OPPS[1],
      OPPS[2]?.replace("Negotiation", "Closed Won").replace("2026-04-14", "2026-03-05"),
    ];
    const summary = await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "opps2.csv", moved as string[]),
      now: T2,
    });
    expect(summary).toMatchObject({ rows: 2, inserted: 0, updated: 1, unchanged: 1 });
    expect(
      db
        .prepare("SELECT stage, entered_at FROM stage_history WHERE opportunity_id = 'O-2' ORDER BY id")
        .all(),
    ).toEqual([{ stage: "Closed Won", entered_at: T2.toISOString() }]);
    expect(
      db
        .prepare("SELECT close_date FROM close_date_history WHERE opportunity_id = 'O-2' ORDER BY id")
        .pluck()
        .all(),
    ).toEqual(["2026-03-05"]);
    expect(db.prepare("SELECT stage, is_closed, is_won FROM opportunities WHERE id = 'O-2'").get()).toEqual({
      stage: "Closed Won",
      is_closed: 1,
      is_won: 1,
    });
    db.close();
  });
});
