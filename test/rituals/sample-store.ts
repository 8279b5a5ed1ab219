import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateSample, SAMPLE_FILES } from "../../data/sample/generate";
import { importCsv } from "../../src/ingest/import-csv";
import { refresh } from "../../src/refresh/refresh";
import { type Db, openDatabase } from "../../src/store/db";

/**
 * The sample company as a user's database holds it on Tue 3 Nov 2026, imported and refreshed by
 * the real importer and analyses: October is closed, November is ahead. Its own temp file; one
 * per test file (beforeAll), since a refresh of the sample takes seconds.
 */
export const SAMPLE_AS_OF = new Date("2026-11-03T06:00:00Z");

export const SAMPLE_SETTINGS = {
  CURRENCY: "USD",
  WORKSPACE_TIMEZONE: "UTC",
  FISCAL_YEAR_START_MONTH: 1,
} as const;

export interface SampleStore {
  file: string;
  /** a copy of the refreshed sample, for one test: its rituals and occurrences its own */
  fresh: () => Db;
  close: () => void;
}

export async function sampleStore(): Promise<SampleStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-preread-"));
  await generateSample({ outDir: dir, seed: 7, deals: 900, month: "2026-11", today: "2026-11-03" });
  const file = path.join(dir, "rituals.db");
  const db = openDatabase(file);
  for (const f of SAMPLE_FILES)
    await importCsv(db, { kind: f.kind, file: path.join(dir, f.file), now: SAMPLE_AS_OF });
  refresh(db, { now: () => SAMPLE_AS_OF, asOf: SAMPLE_AS_OF, config: SAMPLE_SETTINGS });
  const opened: Db[] = [db];
  let copies = 0;
  return {
    file,
    fresh: () => {
      const copy = path.join(dir, `copy-${++copies}.db`);
      db.prepare("VACUUM INTO ?").run(copy);
      const another = openDatabase(copy);
      opened.push(another);
      return another;
    },
    close: () => {
      for (const d of opened) if (d.open) d.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
