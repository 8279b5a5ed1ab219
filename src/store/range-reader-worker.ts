/**
 * The range reader's worker thread (see RangeReader): walks each job's table in rowid ranges on its
 * own read-only connection and posts each range's joined text, then `{ table, done }` per table, or
 * `{ error }`. Loaded as CommonJS from source (see startWorkerModule): no top-level await.
 */
import { workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { forEachRowidRange, type RangeMessage, type RangeReaderData } from "./range-reader";

const { port, posted, file, jobs, maxAhead } = workerData as RangeReaderData;
const counter = new Int32Array(posted);

function post(message: RangeMessage): void {
  // no further ahead of the loading thread than maxAhead ranges: text waiting costs memory
  for (;;) {
    const taken = Atomics.load(counter, 1);
    if (Atomics.load(counter, 0) - taken < maxAhead) break;
    Atomics.wait(counter, 1, taken, 1000);
  }
  port.postMessage(message);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

let db: Database.Database | undefined;
try {
  db = new Database(file, { readonly: true, fileMustExist: true });
  for (const { table, joined } of jobs) {
    const statement = db.prepare(joined).raw();
    forEachRowidRange(db, table, (after, upTo) => {
      const [count, text] = statement.get(after, upTo) as [number, string | null];
      if (count > 0) post({ table, count, text, after, upTo });
      return count;
    });
    post({ table, done: true });
  }
} catch (error) {
  post({ error: error instanceof Error ? error.message : String(error) });
} finally {
  db?.close();
  port.close();
}
