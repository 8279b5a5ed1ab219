/**
 * The history worker's thread (see HistoryThread in history-read.ts): reads the deals' ids and one
 * history table on its own read-only connection, parses the table into columns and posts them, the
 * typed arrays moved rather than copied; or `{ error }`. Loaded as CommonJS from source (see
 * startWorkerModule): no top-level await.
 */
import { workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import {
  dealIdsInOrder,
  type HistoryThreadData,
  type HistoryThreadMessage,
  readHistory,
} from "./history-read";
import { postCounted } from "./worker-module";

const { port, posted, file, table } = workerData as HistoryThreadData;

let db: Database.Database | undefined;
try {
  db = new Database(file, { readonly: true, fileMustExist: true });
  const ids = dealIdsInOrder(db);
  const columns = readHistory(
    db,
    table,
    ids.map((id) => ({ id })),
    null,
  );
  const message: HistoryThreadMessage = {
    columns,
    deals: ids.length,
    firstId: ids[0] ?? null,
    lastId: ids[ids.length - 1] ?? null,
  };
  const moved = [columns.first, columns.value, columns.at].map((a) => a.buffer as ArrayBuffer);
  postCounted(port, posted, message, moved);
} catch (error) {
  postCounted(port, posted, { error: error instanceof Error ? error.message : String(error) });
} finally {
  db?.close();
  port.close();
}
