import fs from "node:fs";
import { AppError } from "../errors";
import { CrmRepository } from "../store/crm-repository";
import type { Db } from "../store/db";
import { finishImportRun, recordUnsuccessfulRun, startImportRun } from "../store/import-run-repository";
import { checkMap, type ImportKind } from "./columns";
import { CsvSyntaxError, readCsvFile } from "./csv-reader";
import { opportunitiesHandler } from "./handlers/opportunities";
import { forecastsHandler, quotasHandler } from "./handlers/plans";
import { accountsHandler, contractsHandler, repsHandler } from "./handlers/reference";
import { stageHistoryHandler } from "./handlers/stage-history";
import type { HandlerContext, RowHandler } from "./handlers/types";
import { parseInWorker } from "./parse-in-worker";
import { describeRejection, ImportRejectedError, ProblemLog } from "./problems";
import { recordReader } from "./record-reader";
import type { RowOf } from "./row-schemas";
import { DateReader } from "./values";

export type { ImportKind } from "./columns";
export { type ImportProblem, ImportRejectedError } from "./problems";

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  preset?: "generic" | "salesforce" | "hubspot";
  /** header → field, overriding the preset */
  map?: Record<string, string>;
  /** e.g. "M/D/YYYY"; ISO dates are always accepted too */
  dateFormat?: string;
  decimalComma?: boolean;
  /** the import's instant (changed_at of what it writes); defaults to the clock */
  now?: Date;
  /** parse opportunities in a worker thread (default: for large files); the result is the same */
  parseInWorker?: boolean;
}

export interface ImportSummary {
  importId: number;
  kind: ImportKind;
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  newStages: string[];
  newAccounts: number;
  durationMs: number;
}

/** Options that make no sense (bad --map, bad --date-format): nothing is read or recorded. */
export class ImportOptionsError extends AppError {
  constructor(message: string) {
    super("import_options", message);
    this.name = "ImportOptionsError";
  }
}

const HANDLERS: {
  [K in ImportKind]: (ctx: HandlerContext) => RowHandler<RowOf<K>>;
} = {
  opportunities: opportunitiesHandler,
  "stage-history": stageHistoryHandler,
  accounts: accountsHandler,
  contracts: contractsHandler,
  reps: repsHandler,
  quotas: quotasHandler,
  forecasts: forecastsHandler,
};

/** 64 MB of page cache while importing (negative = KiB): fewer page spills in a large transaction. */
const IMPORT_CACHE_SIZE = -65536;

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0; // reading reports the problem properly
  }
}

/**
 * A large opportunities file is parsed, read and checked by zod in a worker thread while this
 * thread resolves owners and accounts and writes to SQLite, so the two overlap on the second core
 * (1M rows on a quiet 2-core machine: ~10.4 s -> ~8.6 s). The worker costs ~0.3 s to start (a thread,
 * loading its modules and zod) and ~50 MB, which a file of 60,000 rows did not earn back
 * (1.15 s inline, 1.5 s with the worker), so files under ~300,000 rows and other kinds stay inline.
 */
const WORKER_MIN_ROWS = 300_000;

function useWorker(kind: ImportKind, expectedRows: number, forced: boolean | undefined): boolean {
  return kind === "opportunities" && (forced ?? expectedRows >= WORKER_MIN_ROWS);
}

/** Salesforce report exports write US dates; others are read as ISO unless told. */
const DEFAULT_DATE_FORMAT: Record<string, string | undefined> = { salesforce: "M/D/YYYY" };

/**
 * Imports one CSV file as one transaction: every row is checked, and if any is bad nothing is written
 * and ImportRejectedError lists the problems. Either way the run is recorded in import_runs.
 *
 * The transaction stays open while the file streams in, so the connection must not be shared with
 * other writers during the import (the CLI owns its connection).
 */
export async function importCsv(db: Db, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const startedAt = now.toISOString();
  const { kind, file } = options;
  const preset = options.preset ?? "generic";
  if (!(kind in HANDLERS)) throw new ImportOptionsError(`unknown import kind "${kind}"`);
  const mapProblems = checkMap(kind, options.map ?? {});
  if (mapProblems.length > 0) throw new ImportOptionsError(mapProblems.join("\n"));
  let dates: DateReader;
  try {
    dates = new DateReader(options.dateFormat ?? DEFAULT_DATE_FORMAT[preset]);
  } catch (error) {
    throw new ImportOptionsError((error as Error).message);
  }
  const readOptions = {
    dates,
    decimalComma: options.decimalComma ?? false,
    probabilityFractions: preset === "hubspot",
  };

  const problems = new ProblemLog(file);
  let rows = 0;
  let sha256 = "";
  const finishedAt = () => new Date(now.getTime() + (performance.now() - started)).toISOString();
  const unsuccessful = (outcome: "rejected" | "failed", message: string) =>
    recordUnsuccessfulRun(db, {
      kind,
      fileName: file,
      fileHash: sha256,
      rows,
      startedAt,
      finishedAt: finishedAt(),
      outcome,
      message,
    });

  if (db.inTransaction) throw new Error("importCsv runs its own transaction: call it outside one");
  // ~100 bytes a row is typical of CRM exports; only used to pick a bulk-load strategy.
  const expectedRows = fileSize(file) / 100;
  const cacheSize = db.pragma("cache_size", { simple: true }) as number;
  const tempStore = db.pragma("temp_store", { simple: true }) as number;
  db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`);
  db.pragma("temp_store = MEMORY"); // index rebuilds after a bulk load sort in memory
  // Every reference an import writes (owner, account, team, import run) comes from a lookup of the
  // same tables inside this transaction, so SQLite's per-row foreign-key probes (three per deal)
  // only repeat that work; they are switched off for the import and back on after it.
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) as number;
  db.pragma("foreign_keys = OFF");
  const restorePragmas = () => {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`temp_store = ${tempStore}`);
    db.pragma(`foreign_keys = ${foreignKeys}`);
  };
  try {
    db.exec("BEGIN IMMEDIATE");
  } catch (error) {
    restorePragmas();
    throw error;
  }
  let summary: ImportSummary;
  try {
    const importId = startImportRun(db, kind, file, startedAt);
    const repo = new CrmRepository(db, importId, startedAt);
    let handler: RowHandler<unknown> | null = null;
    let fieldIndex: [string, number][] = [];
    // The current row's cells as written, for a handler's problem to quote: the record inline; from
    // the parse worker, the owner and id cells (the only ones an opportunities handler quotes).
    let cells: string[] = [];
    const ctx: HandlerContext = {
      repo,
      report: (line, field, reason) => {
        const at = fieldIndex.find(([f]) => f === field)?.[1];
        problems.add(line, field, at === undefined ? "" : (cells[at] ?? ""), reason);
      },
      writing: () => problems.total === 0,
      expectedRows,
    };
    const onHeader = (index: [string, number][]) => {
      fieldIndex = index;
      handler = HANDLERS[kind](ctx) as RowHandler<unknown>;
    };
    const onProblem = (line: number, field: string, value: string, reason: string) =>
      problems.add(line, field, value, reason);
    let read: { sha256: string };
    if (useWorker(kind, expectedRows, options.parseInWorker)) {
      // owner and id are required columns, so the header gave both a position
      const quoted: string[] = [];
      const position = (field: string) => fieldIndex.find(([f]) => f === field)?.[1] as number;
      let ownerAt = -1;
      let idAt = -1;
      read = await parseInWorker(
        {
          file,
          kind: "opportunities",
          preset,
          map: options.map,
          dateFormat: readOptions.dates.format,
          decimalComma: readOptions.decimalComma,
          probabilityFractions: readOptions.probabilityFractions,
        },
        {
          header: (index) => {
            onHeader(index);
            ownerAt = position("owner");
            idAt = position("id");
          },
          problem: onProblem,
          row: (row, line, owner, id) => {
            rows++;
            if (row === undefined) return;
            quoted[ownerAt] = owner ?? row.owner;
            quoted[idAt] = id ?? row.id;
            cells = quoted;
            (handler as RowHandler<unknown>).accept(row, line);
          },
        },
      );
    } else {
      const reader = recordReader(
        { kind, preset, map: options.map, read: readOptions },
        {
          header: onHeader,
          problem: onProblem,
          row: (row, line, record) => {
            rows++;
            cells = record;
            if (row !== undefined) (handler as RowHandler<unknown>).accept(row, line);
          },
        },
      );
      // A missing header stops parsing; the file is still read to the end for its hash.
      read = await readCsvFile(file, reader.onRecord, reader.shouldParse);
    }
    sha256 = read.sha256;
    if (handler === null && problems.total === 0) problems.add(1, "(file)", "", "is empty: no header row");
    if (problems.total > 0 || handler === null) {
      db.exec("ROLLBACK");
      unsuccessful("rejected", describeRejection(problems.kept, problems.total));
      throw new ImportRejectedError(problems.kept, problems.total);
    }
    const totals = (handler as RowHandler<unknown>).finish(rows);
    summary = {
      importId,
      kind,
      file,
      rows,
      ...totals,
      durationMs: Math.round(performance.now() - started),
    };
    finishImportRun(db, importId, sha256, { rows, ...totals }, finishedAt());
    db.exec("COMMIT");
  } catch (error) {
    if (error instanceof ImportRejectedError) throw error;
    if (db.inTransaction) db.exec("ROLLBACK");
    if (error instanceof CsvSyntaxError) {
      problems.add(error.line, "(file)", "", error.message);
      unsuccessful("rejected", describeRejection(problems.kept, problems.total));
      throw new ImportRejectedError(problems.kept, problems.total);
    }
    unsuccessful("failed", (error as Error).message);
    throw error;
  } finally {
    restorePragmas();
  }
  return summary;
}

/** "12,431 opportunities imported from opps.csv (import #7): 12,000 new, 431 updated, 0 unchanged; ..." */
export function describeImport(s: ImportSummary): string {
  const n = (x: number) => x.toLocaleString("en-US");
  let text = `${n(s.rows)} ${s.kind === "stage-history" ? "stage-history rows" : s.kind} imported from ${s.file} (import #${s.importId}): ${n(s.inserted)} new, ${n(s.updated)} updated, ${n(s.unchanged)} unchanged`;
  if (s.newAccounts > 0 && s.kind !== "accounts") {
    text += `; ${n(s.newAccounts)} new account${s.newAccounts === 1 ? "" : "s"} created`;
  }
  if (s.newStages.length > 0) {
    text += `; ${s.newStages.length} new stage${s.newStages.length === 1 ? "" : "s"} seen: ${s.newStages.join(", ")}`;
  }
  return text;
}
