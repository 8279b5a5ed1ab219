import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateSample, SAMPLE_FILES } from "../../data/sample/generate";
import type { AnalysisName } from "../../src/analytics/definition";
import { ANALYSES } from "../../src/analytics/registry";
import type { Config } from "../../src/config";
import { importCsv } from "../../src/ingest/import-csv";
import { refresh } from "../../src/refresh/refresh";
import { type Db, openDatabase } from "../../src/store/db";

export const SAMPLE_CONFIG: Pick<Config, "WORKSPACE_TIMEZONE" | "FISCAL_YEAR_START_MONTH" | "CURRENCY"> = {
  WORKSPACE_TIMEZONE: "UTC",
  FISCAL_YEAR_START_MONTH: 1,
  CURRENCY: "USD",
};

export interface StoredSample {
  db: Db;
  file: string;
  asOf: Date;
  /** Closes the database and removes its directory (the CSVs and the database file). */
  close: () => void;
}

/**
 * The sample's managers are names on their reps' rows, not reps themselves; in a Salesforce Users
 * export they are users too. Adds them as reps (no deals, no quota) so the Slack permission model
 * has managers to link as reps (`managersAsReps: false` keeps the sample as generated).
 */
function addManagersAsReps(file: string): void {
  const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  const managers = new Map<string, string[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    const manager = cells[5];
    if (manager && !managers.has(manager)) managers.set(manager, cells);
  }
  const rows = [...managers].map(([name, cells]) => {
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com`;
    return [name, email, cells[2], cells[3], cells[4], "", "2019-01-07"].join(",");
  });
  fs.writeFileSync(file, `${[...lines, ...rows].join("\n")}\n`);
}

/**
 * A database holding the sample company, imported with the real importer and refreshed with the
 * real analyses: what a user's database looks like after setup. Its own temp file.
 */
export async function storedSample(
  options: { deals?: number; analyses?: readonly AnalysisName[]; managersAsReps?: boolean } = {},
): Promise<StoredSample> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-slack-"));
  const result = await generateSample({
    outDir: dir,
    deals: options.deals ?? 1200,
    seed: 7,
    month: "2026-11",
    today: "2026-11-24",
  });
  const file = path.join(dir, "rituals.db");
  const db = openDatabase(file);
  const asOf = new Date(result.asOf);
  if (options.managersAsReps ?? true) addManagersAsReps(path.join(dir, "reps.csv"));
  for (const f of SAMPLE_FILES) {
    await importCsv(db, { kind: f.kind, file: path.join(dir, f.file), now: asOf });
  }
  const analyses = (options.analyses ?? (Object.keys(ANALYSES) as AnalysisName[])).map((n) => ANALYSES[n]);
  const refreshedAt = new Date(asOf.getTime() + 6 * 3600_000);
  refresh(db, {
    asOf: refreshedAt,
    now: () => refreshedAt,
    config: SAMPLE_CONFIG,
    analyses,
  });
  const close = () => {
    if (db.open) db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { db, file, asOf, close };
}
