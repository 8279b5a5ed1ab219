/**
 * Reading a history table (stage or close-date changes) into columns (HistoryColumnsBuilder): the
 * rows as SQLite joins them per rowid range, read in place. Used by the load (dataset-repository.ts)
 * with the range reader's text or its own, and by the stage-history worker, which reads and parses
 * one table on a thread of its own (history-columns-worker.ts).
 */
import { MessageChannel, type MessagePort, type Worker } from "node:worker_threads";
import type { HistoryColumns } from "../domain/crm";
import type { Db } from "./db";
import { HistoryColumnsBuilder, type IdOrdered } from "./history-columns";
import { forEachRowidRange, type RangeReader, type RangeText } from "./range-reader";
import { CountedPort, fileForSecondConnection, startWorkerModule } from "./worker-module";

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
 * load; one string per range, read in place (HistoryColumnsBuilder.addRange: no string per field),
 * costs a fraction of it. A rowid range scan hands rows to group_concat in rowid order; should it
 * not, the order check after loading sorts them. Should any value contain a separator, the range
 * does not parse as `count` rows and is read row by row instead.
 */
function readTextRows(
  db: Db,
  table: HistoryTable,
  columns: readonly string[],
  rows: HistoryColumnsBuilder,
  worker: RangeReader | null,
): void {
  const oneByOne = db
    .prepare(`SELECT ${columns.join(", ")} FROM ${table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`)
    .raw();
  const take = (r: RangeText): void => {
    if (r.text !== null && rows.addRange(r.text, r.count, SEPARATOR)) return;
    for (const row of oneByOne.iterate(r.after, r.upTo) as IterableIterator<string[]>)
      rows.add(row[0] as string, row[1] as string, row[2] as string);
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

export type HistoryTable = "stage_history" | "close_date_history";
export const HISTORY_COLUMNS: Record<HistoryTable, readonly string[]> = {
  stage_history: ["opportunity_id", "stage", "entered_at"],
  close_date_history: ["opportunity_id", "close_date", "changed_at"],
};

export function joinedRangeSql(table: HistoryTable, columns: readonly string[]): string {
  // the separator as a literal: char(31) is a function call per use per row (~0.15 s at 3.9M rows)
  return `SELECT count(*), group_concat(${columns.join(` || '${SEPARATOR}' || `)}, '${SEPARATOR}')
         FROM ${table} WHERE rowid > ? AND rowid <= ?`;
}

/**
 * One history table as columns, ordered by deal, then time, then insertion (HistoryColumnsBuilder).
 */
export function readHistory(
  db: Db,
  table: HistoryTable,
  deals: IdOrdered,
  worker: RangeReader | null,
): HistoryColumns {
  const rows = new HistoryColumnsBuilder(deals, Math.min(rowidSpan(db, table), 1 << 23));
  readTextRows(db, table, HISTORY_COLUMNS[table], rows, worker);
  return rows.build();
}

/** max(rowid) − min(rowid) + 1, 0 for an empty table: the rows to make room for */
export function rowidSpan(db: Db, table: HistoryTable | "opportunities"): number {
  // two statements, two b-tree seeks: max(rowid) - min(rowid) in one scans the table (~0.2 s at 1M deals)
  const min = db.prepare(`SELECT min(rowid) FROM ${table}`).pluck().get() as number | null;
  const max = db.prepare(`SELECT max(rowid) FROM ${table}`).pluck().get() as number | null;
  return min === null || max === null ? 0 : max - min + 1;
}

/** What the history worker (history-columns-worker.ts) is given. */
export interface HistoryThreadData {
  port: MessagePort;
  /** [messages posted], shared with the loading thread */
  posted: SharedArrayBuffer;
  file: string;
  table: HistoryTable;
}

/**
 * From the history worker: the table's columns, numbered by the deals it read (their count and first
 * and last id, to check they are the loading thread's), or why it could not.
 */
export type HistoryThreadMessage =
  | { columns: HistoryColumns; deals: number; firstId: string | null; lastId: string | null }
  | { error: string };

/** Longest wait for the history worker's columns before the loading thread reads the table itself. */
const HISTORY_THREAD_TIMEOUT_MS = 120_000;

/**
 * One history table read and parsed into columns on a thread of its own, with its own read-only
 * connection, while the loading thread reads the deals and the other table. At 1M deals the
 * loading thread was the whole load: it parsed every table's text (~6.5 s) while the range reader,
 * which only runs SQLite, spent half its time waiting for it. The worker reads the deals' ids itself,
 * in the loading thread's order (sorted by id), so its rows are numbered as the loading thread's.
 */
export class HistoryThread {
  private readonly port: CountedPort;
  private readonly worker: Worker;

  /** Starts reading `table`; null where a second connection would not see what this one does. */
  static start(db: Db, table: HistoryTable): HistoryThread | null {
    const file = fileForSecondConnection(db);
    return file === null ? null : new HistoryThread(file, table);
  }

  private constructor(file: string, table: HistoryTable) {
    const { port1, port2 } = new MessageChannel();
    const posted = new SharedArrayBuffer(4);
    this.port = new CountedPort(port1, posted);
    const workerData: HistoryThreadData = { port: port2, posted, file, table };
    this.worker = startWorkerModule(import.meta.url, "history-columns-worker", {
      workerData,
      transferList: [port2],
    });
    this.worker.unref();
  }

  /**
   * The table's columns for `deals` (the loaded deals, sorted by id); null when the worker failed
   * or read other deals than these (the caller then reads the table itself).
   */
  take(deals: IdOrdered): HistoryColumns | null {
    const m = this.port.receive(HISTORY_THREAD_TIMEOUT_MS) as HistoryThreadMessage | undefined;
    if (m === undefined || "error" in m) return null;
    const same =
      m.deals === deals.length &&
      m.firstId === (deals[0]?.id ?? null) &&
      m.lastId === (deals[deals.length - 1]?.id ?? null);
    return same ? m.columns : null;
  }

  close(): void {
    this.port.port.close();
    void this.worker.terminate();
  }
}

/**
 * The deals' ids in the order a load numbers history rows by (dataset-repository's readDeals): by
 * id, in JavaScript string order.
 */
export function dealIdsInOrder(db: Db): string[] {
  const ids = db.prepare("SELECT id FROM opportunities").pluck().all() as string[];
  for (let i = 1; i < ids.length; i++)
    if ((ids[i] as string) < (ids[i - 1] as string)) return ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return ids;
}
