import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { ensureSampleData } from "../../src/startup/ensure-sample-data";
import { type Db, openDatabase } from "../../src/store/db";
import { storeOverview } from "../../src/store/overview-repository";

const NOW = new Date("2026-11-25T12:00:00Z");
let db: Db | undefined;

let dir: string | undefined;

function freshDb(): { db: Db; file: string } {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-ensure-"));
  const file = path.join(dir, "rituals.db");
  db = openDatabase(file);
  return { db, file };
}

afterEach(() => {
  db?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("ensureSampleData", () => {
  it("fills an empty database with the sample company, logging each import", async () => {
    const { db, file } = freshDb();
    const config = loadConfig({ DATABASE_PATH: file });
    const lines: string[] = [];
    const imports = await ensureSampleData(db, config, NOW, { deals: 1200, log: (l) => lines.push(l) });

    expect(imports?.map((s) => s.kind)).toEqual([
      "reps",
      "accounts",
      "contracts",
      "opportunities",
      "stage-history",
      "quotas",
      "forecasts",
    ]);
    for (const s of imports ?? []) expect(s.inserted, s.kind).toBe(s.rows);
    const overview = storeOverview(db);
    expect(overview.opportunities).toBe(1200);
    expect(overview.reps).toBe(imports?.[0]?.rows);
    expect(overview.openDeals).toBeGreaterThan(0);
    expect(overview.lastImport?.kind).toBe("forecasts");
    expect(lines[0]).toMatch(/generating the sample company \(1,200 deals\)/);
    expect(lines.some((l) => l.includes("1,200 opportunities imported"))).toBe(true);
  });

  it("does nothing when the database already has deals", async () => {
    const { db, file } = freshDb();
    const config = loadConfig({ DATABASE_PATH: file });
    await ensureSampleData(db, config, NOW, { deals: 300 });
    const before = storeOverview(db);
    const lines: string[] = [];
    const second = await ensureSampleData(db, config, new Date("2026-12-02T09:00:00Z"), {
      log: (l) => lines.push(l),
    });
    expect(second).toBeNull();
    expect(lines).toEqual([]);
    expect(storeOverview(db)).toEqual(before);
  });
});
