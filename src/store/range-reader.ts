import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from "node:worker_threads";
import type { Db } from "./db";
import { fileForSecondConnection, startWorkerModule } from "./worker-module";

/**
 * Reading a table in consecutive rowid ranges, one statement per range that returns the range's
 * rows joined into one string: the walk, and a worker thread running it (RangeReader) so SQLite's
 * share of a large load runs on the machine's second core.
 */

/** Rowids per statement when reading deals and history (see loadDataset). */
export const ROWS_PER_READ = 4096;

/**
 * Calls `read` for consecutive ranges of ROWS_PER_READ rowids (after, upTo] across a table, in
 * rowid order; `read` returns how many rows its range held. After an empty range the next one
 * starts at the next rowid that exists, so gaps left by deletes cost one lookup each and there is
 * no need to count the table's rows first (a full scan of it).
 */
export function forEachRowidRange(
  db: Db,
  table: string,
  read: (after: number, upTo: number) => number,
): void {
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

/** One range's rows as SQLite joined them. */
export interface RangeText {
  count: number;
  text: string | null;
  after: number;
  upTo: number;
}

/** A table to read, and the statement that joins a range (after, upTo] into [count, text]. */
export interface RangeJob {
  table: string;
  joined: string;
}

/** What the worker (range-reader-worker.ts) is given. */
export interface RangeReaderData {
  port: MessagePort;
  /** [messages posted, messages taken], shared with the loading thread */
  posted: SharedArrayBuffer;
  file: string;
  jobs: RangeJob[];
  maxAhead: number;
}

/** From the worker, in order: each table's ranges, then `{ table, done }`; or `{ error }`. */
export type RangeMessage =
  | (RangeText & { table: string })
  | { table: string; done: true }
  | { error: string };

/**
 * Ranges the worker may read ahead of the loading thread: ~1 MB of deals JSON or ~0.2 MB of
 * history text each. Unbounded, text piled up waiting (+250 MB peak RSS at 1M deals).
 */
const MAX_AHEAD = 32;

/** Longest wait for the worker's next message before the load gives up on it. */
const TIMEOUT_MS = 120_000;

/**
 * Runs SQLite's share of loading tables (the deals' JSON and both history tables' joined text,
 * ~2.9 s at 1M deals and 3.9M + 1M history rows) on a second thread, with its own read-only
 * connection, while this one parses what arrives into rows; the machine has a second core and the
 * loading thread was the whole load. Text crosses threads as a copy of each range's string, tens
 * of µs per 4,096 rows.
 *
 * The loading thread stays synchronous: after each message the worker bumps a shared counter, so
 * this thread can sleep on it (Atomics.wait) and take messages with receiveMessageOnPort without
 * returning to the event loop; taken messages are counted back, which paces the worker.
 */
export class RangeReader {
  private readonly posted = new SharedArrayBuffer(8);
  private readonly counter = new Int32Array(this.posted);
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private received = 0;
  private failed = false;

  /**
   * Starts reading `jobs` in order; null where a second connection would not see what this one
   * does (an in-memory database, an open transaction).
   */
  static start(db: Db, jobs: RangeJob[]): RangeReader | null {
    const file = fileForSecondConnection(db);
    return file === null ? null : new RangeReader(file, jobs);
  }

  private constructor(file: string, jobs: RangeJob[]) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const workerData: RangeReaderData = { port: port2, posted: this.posted, file, jobs, maxAhead: MAX_AHEAD };
    this.worker = startWorkerModule(import.meta.url, "range-reader-worker", {
      workerData,
      transferList: [port2],
    });
    this.worker.unref();
  }

  /**
   * Hands `take` each range of `table`, in rowid order; tables come in the order started. False
   * when the worker failed before sending anything (it could not open the file, say): the caller
   * reads in this thread instead.
   */
  each(table: string, take: (r: RangeText) => void): boolean {
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

  private next(): RangeMessage {
    for (;;) {
      const m = receiveMessageOnPort(this.port);
      if (m !== undefined) {
        this.received++;
        Atomics.store(this.counter, 1, this.received);
        Atomics.notify(this.counter, 1);
        return m.message as RangeMessage;
      }
      if (Atomics.wait(this.counter, 0, this.received, TIMEOUT_MS) === "timed-out")
        throw new Error("the history reader stopped answering");
    }
  }

  /** whether the worker read every table (false after it failed and this thread read them instead) */
  get succeeded(): boolean {
    return !this.failed;
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
