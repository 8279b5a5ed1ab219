import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, StoreError, schemaVersion } from "../../src/store/db";
import { SCHEMA_VERSION } from "../../src/store/migrations";
import { tempDir } from "../ingest/helpers";

describe("migrations", () => {
  it("an empty database migrates to the current version with every table", () => {
    const db = openDatabase(path.join(tempDir(), "new.db"));
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    for (const t of [
      "import_runs",
      "opportunities",
      "stage_history",
      "quotas",
      "analyses",
      "forecast_snapshots",
    ]) {
      expect(tables).toContain(t);
    }
    db.close();
  });

  it("a database from version 1 is migrated on open and keeps its data", () => {
    const file = path.join(tempDir(), "old.db");
    const old = openDatabase(file, { targetVersion: 1 });
    expect(schemaVersion(old)).toBe(1);
    old.exec(`INSERT INTO reps (name) VALUES ('Ana');
      INSERT INTO opportunities (id, owner_id, stage, amount_cents, created_date, close_date, is_closed, is_won, changed_at)
      VALUES ('O-1', 1, 'Proposal', 100, '2026-01-01', '2026-02-01', 0, 0, '2026-01-01T00:00:00Z');`);
    expect(old.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'analyses'").pluck().get()).toBe(0);
    old.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT id, stage FROM opportunities").all()).toEqual([
      { id: "O-1", stage: "Proposal" },
    ]);
    expect(db.prepare("SELECT count(*) FROM analyses").pluck().get()).toBe(0);
    db.close();
  });

  it("a database from a newer version is refused with a clear message and left untouched", () => {
    const file = path.join(tempDir(), "future.db");
    const db = openDatabase(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe("newer_schema");
    expect((error as Error).message).toMatch(
      new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than this build knows \\(${SCHEMA_VERSION}\\)`),
    );
    const raw = openDatabase(file, { migrate: false });
    expect(schemaVersion(raw)).toBe(SCHEMA_VERSION + 1);
    raw.close();
  });
});
