import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_DEALS, DEFAULT_SEED, generateSample } from "../../data/sample/generate";
import type { Config } from "../config";
import { localDate } from "../domain/period";
import { describeImport, type ImportSummary, importCsv } from "../ingest/import-csv";
import type { Db } from "../store/db";
import { countOpportunities } from "../store/overview-repository";

export interface EnsureSampleOptions {
  /** progress lines; silent when omitted */
  log?: (line: string) => void;
  deals?: number;
  seed?: string;
}

/**
 * A first run with an empty store gets the sample company, so every mode (sandbox, Slack) has
 * something real to show. Returns the imports made, or null when the store already had deals.
 * The sample is generated as of `now` in the workspace time zone, into a temporary directory that
 * is removed afterwards.
 */
export async function ensureSampleData(
  db: Db,
  config: Config,
  now: Date,
  options: EnsureSampleOptions = {},
): Promise<ImportSummary[] | null> {
  if (countOpportunities(db) > 0) return null;
  const log = options.log ?? (() => {});
  const today = localDate(now, config.WORKSPACE_TIMEZONE);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-sample-"));
  try {
    const deals = options.deals ?? DEFAULT_DEALS;
    log(
      `No deals in the database yet: generating the sample company (${deals.toLocaleString("en-US")} deals)…`,
    );
    const sample = await generateSample({
      outDir: dir,
      deals,
      seed: options.seed ?? DEFAULT_SEED,
      month: today.slice(0, 7),
      today,
    });
    const summaries: ImportSummary[] = [];
    for (const file of sample.files) {
      const summary = await importCsv(db, { kind: file.kind, file: file.file, now });
      summaries.push(summary);
      log(`  ${describeImport({ ...summary, file: path.basename(file.file) })}`);
    }
    return summaries;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
