import fs from "node:fs";
import { AppError } from "../errors";
import { CrmRepository } from "../store/crm-repository";
import type { Db } from "../store/db";
import { beginImport } from "../store/import-lock";
import { finishImportRun, recordUnsuccessfulRun, startImportRun } from "../store/import-run-repository";
import { checkMap, type ImportKind, type Preset } from "./columns";
import { CsvSyntaxError, readCsvFile } from "./csv-reader";
import { opportunitiesHandler } from "./handlers/opportunities";
import { forecastsHandler, quotasHandler } from "./handlers/plans";
import { accountsHandler, contractsHandler, repsHandler } from "./handlers/reference";
import { stageHistoryHandler } from "./handlers/stage-history";
import type { HandlerContext, HandlerTotals, RowHandler } from "./handlers/types";
import { readOpportunitiesInWorker } from "./parse-in-worker";
import { describeRejection, ImportRejectedError, ProblemLog } from "./problems";
import { type RecordSettings, type RecordSink, recordReader } from "./record-reader";
import type { RowOf } from "./row-schemas";
import { FILE_ENCODINGS, type FileEncoding } from "./text-decoding";
import { DateReader } from "./values";

export type { ImportKind } from "./columns";
export { type ImportProblem, ImportRejectedError } from "./problems";

export interface ImportOptions {
  kind: ImportKind;
  file: string;
  preset?: Preset;
  /** header → field, overriding the preset */
  map?: Record<string, string>;
  /** e.g. "M/D/YYYY"; ISO dates are always accepted too */
  dateFormat?: string;
  /** IANA zone of date-times written without an offset (default UTC; the CLI gives the workspace's) */
  timeZone?: string;
  decimalComma?: boolean;
  /** how the file's bytes are text (default UTF-8; a byte-order mark decides whatever is given) */
  encoding?: FileEncoding;
  /** the import's instant (changed_at of what it writes); defaults to the clock */
  now?: Date;
  /** parse opportunities in a worker thread (default: for large files); the result is the same */
  parseInWorker?: boolean;
  /** how long to wait for another import (or writer) holding the database (default 60 s) */
  waitMs?: number;
  /**
   * Every few thousand rows: rows read and the share of the file that is (estimated from the
   * length of the rows read, so nothing is measured per row)
   */
  onProgress?: (rows: number, fraction: number) => void;
}

/** Rows between two progress reports. */
const PROGRESS_EVERY = 4096;

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

/** How to read the file's records, from the options; ImportOptionsError when they make no sense. */
function recordSettings(options: ImportOptions): RecordSettings {
  const { kind } = options;
  const preset = options.preset ?? "generic";
  if (!(kind in HANDLERS)) throw new ImportOptionsError(`unknown import kind "${kind}"`);
  const mapProblems = checkMap(kind, options.map ?? {});
  if (mapProblems.length > 0) throw new ImportOptionsError(mapProblems.join("\n"));
  const encoding = options.encoding ?? "utf-8";
  if (!FILE_ENCODINGS.includes(encoding)) {
    throw new ImportOptionsError(`unknown encoding "${encoding}" (encodings: ${FILE_ENCODINGS.join(", ")})`);
  }
  let dates: DateReader;
  try {
    dates = new DateReader(options.dateFormat ?? DEFAULT_DATE_FORMAT[preset], options.timeZone);
  } catch (error) {
    throw new ImportOptionsError((error as Error).message);
  }
  return {
    kind,
    preset,
    map: options.map,
    encoding,
    read: { dates, decimalComma: options.decimalComma ?? false, probabilityFractions: preset === "hubspot" },
  };
}

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
  const settings = recordSettings(options);
  if (db.inTransaction) throw new Error("importCsv runs its own transaction: call it outside one");
  const run: RunState = {
    db,
    kind: settings.kind,
    file: options.file,
    startedAt: now.toISOString(),
    finishedAt: () => new Date(now.getTime() + (performance.now() - started)).toISOString(),
    problems: new ProblemLog(options.file),
    rows: 0,
    sha256: "",
    wait: { ms: options.waitMs ?? DEFAULT_WAIT_MS, timeZone: options.timeZone ?? "UTC", now },
  };
  // ~100 bytes a row is typical of CRM exports; only used to pick a bulk-load strategy.
  const expectedRows = fileSize(options.file) / 100;
  const inWorker = useWorker(settings.kind, expectedRows, options.parseInWorker);
  const { importId, totals } = await withImportPragmas(db, () =>
    inOneTransaction(run, (id) =>
      importRows(run, id, settings, expectedRows, inWorker, progressReporter(options)),
    ),
  );
  return {
    importId,
    kind: run.kind,
    file: run.file,
    rows: run.rows,
    ...totals,
    durationMs: Math.round(performance.now() - started),
  };
}

/** One import's bookkeeping, filled in as the file is read; what its import_runs row records. */
interface RunState {
  db: Db;
  kind: ImportKind;
  file: string;
  startedAt: string;
  /** the clock at the import's end, counted from `now` */
  finishedAt: () => string;
  problems: ProblemLog;
  /** data rows read so far */
  rows: number;
  /** the file's hash, once it has been read to the end */
  sha256: string;
  /** how long to wait for the database, and how to say since when another import holds it */
  wait: { ms: number; timeZone: string; now: Date };
}

/** A 1M-row import takes ~10 s on a quiet 2-core machine; a second one waits for it this long. */
const DEFAULT_WAIT_MS = 60_000;

/**
 * Runs `body` with the connection tuned for one large write, then puts its settings back. Every
 * reference an import writes (owner, account, team, import run) comes from a lookup of the same
 * tables inside its transaction, so SQLite's per-row foreign-key probes (three per deal) only
 * repeat that work; they are switched off for the import and back on after it.
 */
async function withImportPragmas<T>(db: Db, body: () => Promise<T>): Promise<T> {
  const cacheSize = db.pragma("cache_size", { simple: true }) as number;
  const tempStore = db.pragma("temp_store", { simple: true }) as number;
  const foreignKeys = db.pragma("foreign_keys", { simple: true }) as number;
  db.pragma(`cache_size = ${IMPORT_CACHE_SIZE}`);
  db.pragma("temp_store = MEMORY"); // index rebuilds after a bulk load sort in memory
  db.pragma("foreign_keys = OFF");
  try {
    return await body();
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`temp_store = ${tempStore}`);
    db.pragma(`foreign_keys = ${foreignKeys}`);
  }
}

/**
 * Runs `body` in one transaction holding the import's run row: committed when it returns, rolled
 * back when it throws, and then the run recorded as rejected (the file's problems, as
 * ImportRejectedError) or failed (anything else, rethrown).
 */
async function inOneTransaction<T>(run: RunState, body: (importId: number) => Promise<T>): Promise<T> {
  const { db } = run;
  // Waiting out another import and giving up is no run of this one: it writes nothing at all.
  const release = beginImport(db, { kind: run.kind, file: run.file, startedAt: run.startedAt }, run.wait);
  try {
    const result = await body(startImportRun(db, run.kind, run.file, run.startedAt));
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.inTransaction) db.exec("ROLLBACK");
    if (error instanceof CsvSyntaxError) run.problems.add(error.line, "(file)", "", error.message);
    else if (!(error instanceof ImportRejectedError)) {
      recordUnsuccessful(run, "failed", (error as Error).message);
      throw error;
    }
    const { kept, total } = run.problems;
    recordUnsuccessful(run, "rejected", describeRejection(kept, total));
    throw new ImportRejectedError(kept, total);
  } finally {
    release();
  }
}

function recordUnsuccessful(run: RunState, outcome: "rejected" | "failed", message: string): void {
  recordUnsuccessfulRun(run.db, {
    kind: run.kind,
    fileName: run.file,
    fileHash: run.sha256,
    rows: run.rows,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt(),
    outcome,
    message,
  });
}

/**
 * Reads the file's rows into the kind's handler and, when no row had a problem, finishes the
 * handler and the run's row; throws ImportRejectedError (its problems are in `run`) otherwise.
 */
async function importRows(
  run: RunState,
  importId: number,
  settings: RecordSettings,
  expectedRows: number,
  inWorker: boolean,
  progress: ((rows: number, record: readonly string[], row: unknown) => void) | null,
): Promise<{ importId: number; totals: HandlerTotals }> {
  const { problems } = run;
  let handler: RowHandler<unknown> | null = null;
  let fieldIndex: [string, number][] = [];
  // the current row's cells as written, for a handler's problem to quote
  let cells: readonly string[] = [];
  const ctx: HandlerContext = {
    repo: new CrmRepository(run.db, importId, run.startedAt),
    report: (line, field, reason) => {
      const at = fieldIndex.find(([f]) => f === field)?.[1];
      problems.add(line, field, at === undefined ? "" : (cells[at] ?? ""), reason);
    },
    writing: () => problems.total === 0,
    expectedRows,
  };
  const sink: RecordSink = {
    header: (index) => {
      fieldIndex = index;
      handler = HANDLERS[settings.kind](ctx) as RowHandler<unknown>;
    },
    problem: (line, field, value, reason) => problems.add(line, field, value, reason),
    row: (row, line, record) => {
      run.rows++;
      cells = record;
      if (progress !== null && run.rows % PROGRESS_EVERY === 0) progress(run.rows, record, row);
      if (row !== undefined) (handler as RowHandler<unknown>).accept(row, line);
    },
  };
  const read = await readRecords(settings, run.file, inWorker, sink);
  run.sha256 = read.sha256;
  if (handler === null && problems.total === 0) problems.add(1, "(file)", "", "is empty: no header row");
  if (problems.total > 0 || handler === null) throw new ImportRejectedError(problems.kept, problems.total);
  const totals = (handler as RowHandler<unknown>).finish(run.rows);
  finishImportRun(run.db, importId, run.sha256, { rows: run.rows, ...totals }, run.finishedAt());
  return { importId, totals };
}

/**
 * The progress callback, sampled: the share of the file read is estimated from the bytes of the
 * sampled rows (their cells, separators and line end) against the file's size.
 */
function progressReporter(
  options: ImportOptions,
): ((rows: number, record: readonly string[], row: unknown) => void) | null {
  const report = options.onProgress;
  if (!report) return null;
  const size = fileSize(options.file);
  let sampledBytes = 0;
  let samples = 0;
  return (rows, record, row) => {
    // the cells as written, or (the parse worker passes only those a problem may quote) the row's values
    const length = (cells: readonly unknown[]) => {
      let bytes = cells.length;
      for (const cell of cells) if (cell !== null && cell !== undefined) bytes += String(cell).length;
      return bytes;
    };
    sampledBytes += Math.max(
      length(record),
      row !== null && typeof row === "object" ? length(Object.values(row)) : 0,
    );
    samples++;
    const fraction = size > 0 ? Math.min(0.99, (rows * sampledBytes) / samples / size) : 0;
    report(rows, fraction);
  };
}

/** The file's records as header, problem and row events, read inline or in the parse worker. */
function readRecords(
  settings: RecordSettings,
  file: string,
  inWorker: boolean,
  sink: RecordSink,
): Promise<{ sha256: string }> {
  if (inWorker) return readOpportunitiesInWorker(settings, file, sink);
  const reader = recordReader(settings, sink);
  // A missing header stops parsing; the file is still read to the end for its hash.
  return readCsvFile(file, reader.onRecord, reader.shouldParse, undefined, settings.encoding);
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
