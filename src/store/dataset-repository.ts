import { createRequire } from "node:module";
import path from "node:path";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type {
  Account,
  CloseDateChange,
  Contract,
  Dataset,
  Deal,
  ForecastSnapshot,
  ForecastSubmission,
  Quota,
  Rep,
  StageChange,
} from "../domain/crm";
import { OPPORTUNITY_COLUMNS } from "./crm-repository";
import type { Db } from "./db";
import { IsoStringInterner, StringInterner } from "./string-interner";

/**
 * Reads the whole CRM model for one refresh. Rows come back already in the domain's shape.
 *
 * Deals come ordered by id and history rows by deal, then time, then insertion, as before; at 1M
 * deals (3.85M stage-history rows) how they are read matters more than anything computed later:
 * - tables are scanned in rowid order and only sorted here when they are not already in order
 *   (imports insert deals by id and history by deal and time), since an ORDER BY walking an index
 *   reads the table's pages in random order;
 * - rows come as arrays (`raw`) and become domain objects directly;
 * - repeated strings (stages, dates, products, a history row's deal id) are shared rather than
 *   held once per row — see StringInterner;
 * - at scale, SQLite's share of reading the history runs on a second thread (HistoryReader).
 * Order is JavaScript string order (UTF-16 code units). It equals SQLite's binary order except
 * for ids mixing characters beyond U+FFFF with ones in U+E000–U+FFFF; grouping by deal holds anyway.
 */
export interface LoadOptions {
  /**
   * History tables are read by a worker thread from this many rows (by rowid span) of stage
   * history; default HISTORY_WORKER_MIN_ROWS. Never for an in-memory database or inside an open
   * transaction (the worker's own connection would not see it).
   */
  historyWorkerMinRows?: number;
  /** told who read the history tables' text (for tests) */
  historyReadBy?: (reader: "worker" | "loading thread") => void;
}

/** Below this, starting a thread (~0.1 s) costs more than reading the history takes. */
const HISTORY_WORKER_MIN_ROWS = 200_000;

export function loadDataset(db: Db, options: LoadOptions = {}): Dataset {
  const reps = db
    .prepare(
      `SELECT r.id, r.name, r.email, t.name AS team, r.region, r.segment, r.manager,
              r.hire_date AS hireDate, r.slack_user_id AS slackUserId
         FROM reps r LEFT JOIN teams t ON t.id = r.team_id ORDER BY r.id`,
    )
    .all() as Rep[];
  const accounts = db
    .prepare(
      "SELECT id, external_id AS externalId, name, segment, region, industry FROM accounts ORDER BY id",
    )
    .all() as Account[];
  const contracts = db
    .prepare(
      `SELECT id, account_id AS accountId, product, value_cents AS valueCents,
              start_date AS startDate, end_date AS endDate FROM contracts ORDER BY id`,
    )
    .all() as Contract[];
  const strings: LoadStrings = {
    stages: new StringInterner(),
    dates: new IsoStringInterner(16),
    instants: new IsoStringInterner(),
    text: new StringInterner(),
  };
  const worker = HistoryReader.start(db, options.historyWorkerMinRows ?? HISTORY_WORKER_MIN_ROWS);
  let deals: Deal[];
  let stageHistory: StageChange[];
  let closeDateHistory: CloseDateChange[];
  try {
    deals = readDeals(db, strings, worker);
    stageHistory = readStageHistory(db, deals, strings, worker);
    closeDateHistory = readCloseDateHistory(db, deals, strings, worker);
    options.historyReadBy?.(worker?.succeeded ? "worker" : "loading thread");
  } finally {
    worker?.close();
  }
  const quotas = db
    .prepare(
      "SELECT rep_id AS repId, period, amount_cents AS amountCents FROM quotas ORDER BY rep_id, period",
    )
    .all() as Quota[];
  const submissions = db
    .prepare(
      `SELECT submitted_by AS submittedBy, scope, period, amount_cents AS amountCents, submitted_at AS submittedAt
         FROM forecast_submissions ORDER BY period, scope, submitted_at`,
    )
    .all() as ForecastSubmission[];
  const snapshots = db
    .prepare(
      `SELECT taken_on AS takenOn, period, scope, method, amount_cents AS amountCents
         FROM forecast_snapshots ORDER BY period, scope, taken_on`,
    )
    .all() as ForecastSnapshot[];
  const latest = db.prepare("SELECT max(id) AS id FROM import_runs WHERE outcome = 'ok'").get() as {
    id: number | null;
  };
  return {
    reps,
    accounts,
    contracts,
    deals,
    stageHistory,
    closeDateHistory,
    quotas,
    submissions,
    snapshots,
    importId: latest.id,
  };
}

interface LoadStrings {
  stages: StringInterner;
  /** YYYY-MM-DD values: a few thousand distinct across every deal */
  dates: IsoStringInterner;
  /** history timestamps: about one distinct in four rows at 1M deals */
  instants: IsoStringInterner;
  /** names, products, next steps: shared while they repeat */
  text: StringInterner;
}

const DEAL_COLUMNS = ["id", ...OPPORTUNITY_COLUMNS];

/**
 * Deals ordered by id, read ROWS_PER_READ rowids per statement as one JSON array of rows that
 * SQLite writes and JSON.parse reads: stepping 1M rows of 14 columns through better-sqlite3 cost
 * ~2.7 s, the JSON ~1.7 s (json_group_array of json_array; joining json_quote'd fields with ||
 * instead took SQLite twice as long). SQLite's JSON keeps text, integers and reals exactly (reals
 * in the shortest form that reads back to the same double).
 */
function readDeals(db: Db, s: LoadStrings, worker: HistoryReader | null): Deal[] {
  const deals: Deal[] = [];
  const toDeal = (r: readonly unknown[]): Deal => ({
    id: r[0] as string,
    name: s.text.internNullable(r[1] as string | null),
    accountId: r[2] as number | null,
    ownerId: r[3] as number,
    stage: s.stages.intern(r[4] as string),
    amountCents: r[5] as number,
    probability: r[6] as number | null,
    product: s.text.internNullable(r[7] as string | null),
    createdDate: s.dates.intern(r[8] as string),
    closeDate: s.dates.intern(r[9] as string),
    nextStep: s.text.internNullable(r[10] as string | null),
    lastActivityDate: s.dates.internNullable(r[11] as string | null),
    isClosed: r[12] === 1,
    isWon: r[13] === 1,
  });
  const take = (text: string | null) => {
    if (text !== null) for (const row of JSON.parse(text) as unknown[][]) deals.push(toDeal(row));
  };
  if (!worker?.each("opportunities", (r) => take(r.text))) {
    const joined = db.prepare(dealsRangeSql()).raw();
    forEachRowidRange(db, "opportunities", (after, upTo) => {
      const [count, text] = joined.get(after, upTo) as [number, string | null];
      if (count === 0 || text === null) return 0;
      take(text);
      return count;
    });
  }
  let inOrder = true;
  for (let i = 1; i < deals.length && inOrder; i++)
    if ((deals[i] as Deal).id < (deals[i - 1] as Deal).id) inOrder = false;
  if (!inOrder) deals.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return deals;
}

/**
 * Calls `read` for consecutive ranges of ROWS_PER_READ rowids (after, upTo] across a table, in
 * rowid order; `read` returns how many rows its range held. After an empty range the next one
 * starts at the next rowid that exists, so gaps left by deletes cost one lookup each and there is
 * no need to count the table's rows first (a full scan of it).
 */
function forEachRowidRange(db: Db, table: string, read: (after: number, upTo: number) => number): void {
  const nextRowid = db.prepare(`SELECT min(rowid) FROM ${table} WHERE rowid > ?`).pluck();
  // two statements: SQLite answers a lone min() or max() of the rowid with one b-tree seek, both
  // together with a scan of the table
  const min = db.prepare(`SELECT min(rowid) FROM ${table}`).pluck().get() as number | null;
  const max = db.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number | null;
  if (min === null || max === null) return;
  let after = min - 1;
  while (after < max) {
    const upTo = after + ROWS_PER_READ;
    if (read(after, upTo) > 0) after = upTo;
    else {
      const next = nextRowid.get(upTo) as number | null;
      if (next === null) return;
      after = next - 1;
    }
  }
}

/**
 * The deal's own id string for a history row's deal id, so a deal's id is held once however many
 * history rows it has. Rows arrive mostly in deal order: usually the current or next deal matches.
 */
class DealIds {
  private at = 0;
  constructor(private readonly deals: readonly Deal[]) {}

  shared(id: string): string {
    const here = this.deals[this.at];
    if (here !== undefined && here.id === id) return here.id;
    const next = this.deals[this.at + 1];
    if (next !== undefined && next.id === id) {
      this.at++;
      return next.id;
    }
    let lo = 0;
    let hi = this.deals.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const found = (this.deals[mid] as Deal).id;
      if (found === id) {
        this.at = mid;
        return found;
      }
      if (found < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return id;
  }
}

/** Orders history rows by deal, then time; a stable sort keeps insertion (id) order for ties. */
function sortByDealThenTime<T>(rows: T[], dealId: (row: T) => string, at: (row: T) => string): void {
  const compare = (a: T, b: T): number => {
    const da = dealId(a);
    const db = dealId(b);
    if (da !== db) return da < db ? -1 : 1;
    const ta = at(a);
    const tb = at(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  };
  for (let i = 1; i < rows.length; i++) {
    if (compare(rows[i - 1] as T, rows[i] as T) > 0) {
      rows.sort(compare);
      return;
    }
  }
}

/** Rowids per statement when reading deals and history (see readDeals, readTextRows). */
const ROWS_PER_READ = 4096;
/**
 * What SQLite puts between fields and between rows alike (rows are every `width` fields): a split
 * on one character is a plain search, which at 5.9M history rows took ~0.35 s less than a split
 * on a regular expression matching two.
 */
const SEPARATOR = "\u001f";

/**
 * Reads a table's NOT NULL text columns in rowid order, ROWS_PER_READ rowids per statement, with
 * SQLite joining each range's rows into one string (fields and rows split by U+001F).
 * better-sqlite3 costs about 0.6 µs per row stepped, which at 3.9M history rows was most of the
 * load; one string per range and a native split cost about half of that. A rowid range scan hands
 * rows to group_concat in rowid order; should it not, the order check after loading sorts them. Should any value contain a
 * separator, the field count shows it and that range is read row by row instead. `onRow` gets the
 * fields and the index of the row's first field.
 */
function readTextRows(
  db: Db,
  table: HistoryTable,
  columns: readonly string[],
  onRow: (fields: string[], at: number) => void,
  worker: HistoryReader | null,
): void {
  const width = columns.length;
  const oneByOne = db
    .prepare(`SELECT ${columns.join(", ")} FROM ${table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`)
    .raw();
  const take = (r: RangeText): void => {
    const fields = r.text === null ? [] : r.text.split(SEPARATOR);
    if (fields.length === r.count * width) {
      for (let at = 0; at < fields.length; at += width) onRow(fields, at);
    } else {
      for (const row of oneByOne.iterate(r.after, r.upTo) as IterableIterator<string[]>) onRow(row, 0);
    }
  };
  if (worker?.each(table, take)) return;
  const joined = db.prepare(joinedRangeSql(table, columns)).raw();
  forEachRowidRange(db, table, (after, upTo) => {
    const [count, text] = joined.get(after, upTo) as [number, string | null];
    if (count === 0) return 0;
    take({ count, text, after, upTo });
    return count;
  });
}

type HistoryTable = "stage_history" | "close_date_history";
/** what the worker reads, in this order: the deals first, as this thread needs them first */
type ReadTable = "opportunities" | HistoryTable;
const HISTORY_COLUMNS: Record<HistoryTable, readonly string[]> = {
  stage_history: ["opportunity_id", "stage", "entered_at"],
  close_date_history: ["opportunity_id", "close_date", "changed_at"],
};

/** One range's rows as SQLite joined them (see readTextRows). */
interface RangeText {
  count: number;
  text: string | null;
  after: number;
  upTo: number;
}

function dealsRangeSql(): string {
  return `SELECT count(*), json_group_array(json_array(${DEAL_COLUMNS.join(", ")}))
         FROM opportunities WHERE rowid > ? AND rowid <= ?`;
}

function joinedRangeSql(table: HistoryTable, columns: readonly string[]): string {
  // the separator as a literal: char(31) is a function call per use per row (~0.15 s at 3.9M rows)
  return `SELECT count(*), group_concat(${columns.join(` || '${SEPARATOR}' || `)}, '${SEPARATOR}')
         FROM ${table} WHERE rowid > ? AND rowid <= ?`;
}

/**
 * The worker's script: the rowid-range walk of forEachRowidRange on its own read-only
 * connection, posting each range's joined text (RangeText), then `{ table, done }` per table, or
 * `{ error }`. After each message it bumps a shared counter (taken ones are counted back), so the loading thread can sleep on it
 * (Atomics.wait) and take messages with receiveMessageOnPort without returning to the event loop.
 */
const HISTORY_READER_SCRIPT = `
const { workerData } = require("node:worker_threads");
const { port, posted, file, driver, jobs, rowsPerRead, maxAhead } = workerData;
const counter = new Int32Array(posted);
const post = (m) => {
  // no further ahead of the loading thread than maxAhead ranges: text waiting costs memory
  for (;;) {
    const taken = Atomics.load(counter, 1);
    if (Atomics.load(counter, 0) - taken < maxAhead) break;
    Atomics.wait(counter, 1, taken, 1000);
  }
  port.postMessage(m);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
};
let db;
try {
  const Database = require(driver);
  db = new Database(file, { readonly: true, fileMustExist: true });
  for (const job of jobs) {
    const joined = db.prepare(job.joined).raw();
    const next = db.prepare("SELECT min(rowid) FROM " + job.table + " WHERE rowid > ?").pluck();
    const min = db.prepare("SELECT min(rowid) FROM " + job.table).pluck().get();
    const max = db.prepare("SELECT max(rowid) FROM " + job.table).pluck().get();
    if (min !== null && max !== null) {
      let after = min - 1;
      while (after < max) {
        const upTo = after + rowsPerRead;
        const [count, text] = joined.get(after, upTo);
        if (count > 0) {
          post({ table: job.table, count, text, after, upTo });
          after = upTo;
        } else {
          const n = next.get(upTo);
          if (n === null) break;
          after = n - 1;
        }
      }
    }
    post({ table: job.table, done: true });
  }
} catch (e) {
  post({ error: String((e && e.message) || e) });
} finally {
  if (db) db.close();
  port.close();
}
`;

/**
 * Ranges the worker may read ahead of the loading thread: ~1 MB of deals JSON or ~0.2 MB of
 * history text each. Unbounded, text piled up waiting (+250 MB peak RSS at 1M deals).
 */
const HISTORY_READER_MAX_AHEAD = 32;

/** Longest wait for the worker's next message before the load gives up on it. */
const HISTORY_READER_TIMEOUT_MS = 120_000;

type ReaderMessage =
  | (RangeText & { table: ReadTable })
  | { table: ReadTable; done: true }
  | { error: string };

/**
 * Runs SQLite's share of loading the deals (their JSON) and both history tables (their joined
 * text) on a second thread — ~2.9 s at 1M deals and 3.9M + 1M history rows — while this one
 * parses what arrives into rows; the machine has a second core and the loading thread was the
 * whole load. Text crosses threads as a copy of each range's string, tens of µs per 4,096 rows.
 */
class HistoryReader {
  /** [messages posted, messages taken] */
  private readonly posted = new SharedArrayBuffer(8);
  private readonly counter = new Int32Array(this.posted);
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private received = 0;
  private failed = false;

  static start(db: Db, minRows: number): HistoryReader | null {
    if (db.memory || db.inTransaction || db.name === "") return null;
    const span = db.prepare("SELECT max(rowid) - min(rowid) + 1 FROM stage_history").pluck().get() as
      | number
      | null;
    if (span === null || span < minRows) return null;
    return new HistoryReader(path.resolve(db.name));
  }

  private constructor(file: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const histories: HistoryTable[] = ["stage_history", "close_date_history"];
    this.worker = new Worker(HISTORY_READER_SCRIPT, {
      eval: true,
      workerData: {
        port: port2,
        posted: this.posted,
        file,
        driver: createRequire(import.meta.url).resolve("better-sqlite3"),
        jobs: [
          { table: "opportunities", joined: dealsRangeSql() },
          ...histories.map((table) => ({ table, joined: joinedRangeSql(table, HISTORY_COLUMNS[table]) })),
        ],
        rowsPerRead: ROWS_PER_READ,
        maxAhead: HISTORY_READER_MAX_AHEAD,
      },
      transferList: [port2],
    });
    this.worker.unref();
  }

  /**
   * Hands `take` each range of `table`, in rowid order; tables come in the order started. False
   * when the worker failed before sending anything (it could not open the file, say): the caller
   * reads in this thread instead.
   */
  each(table: ReadTable, take: (r: RangeText) => void): boolean {
    if (this.failed) return false;
    for (;;) {
      const m = this.next();
      if ("error" in m) {
        if (this.received === 1) {
          this.failed = true;
          return false;
        }
        throw new Error(`reading ${table}: ${m.error}`);
      }
      if (m.table !== table) throw new Error(`reading ${table}: the worker sent ${m.table}`);
      if ("done" in m) return true;
      take(m);
    }
  }

  private next(): ReaderMessage {
    for (;;) {
      const m = receiveMessageOnPort(this.port);
      if (m !== undefined) {
        this.received++;
        Atomics.store(this.counter, 1, this.received);
        Atomics.notify(this.counter, 1);
        return m.message as ReaderMessage;
      }
      if (Atomics.wait(this.counter, 0, this.received, HISTORY_READER_TIMEOUT_MS) === "timed-out")
        throw new Error("the history reader stopped answering");
    }
  }

  /** whether the worker read the history (false after it failed and this thread read it instead) */
  get succeeded(): boolean {
    return !this.failed;
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}

/**
 * One history table's rows, ordered by deal, then time: `make` turns a row's deal id (shared with
 * the deal), value and instant into the domain row.
 */
function readHistory<T extends { opportunityId: string }>(
  db: Db,
  table: HistoryTable,
  deals: readonly Deal[],
  worker: HistoryReader | null,
  make: (dealId: string, value: string, at: string) => T,
  timeOf: (row: T) => string,
): T[] {
  const ids = new DealIds(deals);
  const history: T[] = [];
  readTextRows(
    db,
    table,
    HISTORY_COLUMNS[table],
    (f, at) => {
      history.push(make(ids.shared(f[at] as string), f[at + 1] as string, f[at + 2] as string));
    },
    worker,
  );
  sortByDealThenTime(history, (h) => h.opportunityId, timeOf);
  return history;
}

function readStageHistory(
  db: Db,
  deals: readonly Deal[],
  s: LoadStrings,
  worker: HistoryReader | null,
): StageChange[] {
  return readHistory(
    db,
    "stage_history",
    deals,
    worker,
    (opportunityId, stage, at): StageChange => ({
      opportunityId,
      stage: s.stages.intern(stage),
      enteredAt: s.instants.intern(at),
    }),
    (h) => h.enteredAt,
  );
}

function readCloseDateHistory(
  db: Db,
  deals: readonly Deal[],
  s: LoadStrings,
  worker: HistoryReader | null,
): CloseDateChange[] {
  return readHistory(
    db,
    "close_date_history",
    deals,
    worker,
    (opportunityId, closeDate, at): CloseDateChange => ({
      opportunityId,
      closeDate: s.dates.intern(closeDate),
      changedAt: s.instants.intern(at),
    }),
    (h) => h.changedAt,
  );
}
