import { afterEach, describe, expect, it } from "vitest";
import { staleReason } from "../../src/startup/ensure-fresh-analyses";
import { saveRefresh } from "../../src/store/analyses-repository";
import { type Db, openDatabase } from "../../src/store/db";
import { finishImportRun, startImportRun } from "../../src/store/import-run-repository";

const config = { WORKSPACE_TIMEZONE: "America/New_York" };
let db: Db;

afterEach(() => db?.close());

function importAt(at: string): number {
  const id = startImportRun(db, "reps", "reps.csv", at);
  finishImportRun(db, id, "hash", { rows: 1, inserted: 1, updated: 0, unchanged: 0 }, at);
  return id;
}

function refreshAt(asOf: string, importId: number | null): void {
  saveRefresh(db, { asOf, importId, startedAt: asOf, finishedAt: asOf }, [], []);
}

describe("staleReason", () => {
  it("asks for a first refresh on a store that never had one", () => {
    db = openDatabase(":memory:");
    expect(staleReason(db, config, new Date("2026-11-25T12:00:00Z"))).toBe("never_refreshed");
  });

  it("asks again after an import newer than the last refresh", () => {
    db = openDatabase(":memory:");
    const first = importAt("2026-11-25T10:00:00Z");
    refreshAt("2026-11-25T11:00:00Z", first);
    expect(staleReason(db, config, new Date("2026-11-25T12:00:00Z"))).toBeNull();
    importAt("2026-11-25T11:30:00Z");
    expect(staleReason(db, config, new Date("2026-11-25T12:00:00Z"))).toBe("new_import");
  });

  it("counts days in the workspace time zone, not UTC", () => {
    db = openDatabase(":memory:");
    const id = importAt("2026-11-24T20:00:00Z");
    // 04:30 UTC on the 25th is 23:30 on the 24th in New York.
    refreshAt("2026-11-25T04:30:00Z", id);
    // 22:00 on the 24th in New York: the same local day.
    expect(staleReason(db, config, new Date("2026-11-25T03:00:00Z"))).toBeNull();
    // 00:30 on the 25th in New York (still the 25th in UTC, like the refresh): a new local day.
    expect(staleReason(db, config, new Date("2026-11-25T05:30:00Z"))).toBe("older_than_today");
    expect(staleReason(db, { WORKSPACE_TIMEZONE: "UTC" }, new Date("2026-11-25T05:30:00Z"))).toBeNull();
  });
});
