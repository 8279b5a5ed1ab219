/**
 * The parse worker of a large opportunities import: reads, hashes and parses the file, reads each
 * row's cells and runs the zod rules here, on the machine's second core, while the main thread
 * resolves owners and accounts and writes to SQLite. Events go to the main thread in file order, in
 * batches (see parse-in-worker.ts for the format). Loaded as CommonJS from source (see
 * startWorkerModule): no top-level await.
 */
import { parentPort, workerData } from "node:worker_threads";
import { CsvSyntaxError, readCsvFile } from "./csv-reader";
import { BATCH_ITEMS, IN_FLIGHT, TAG, type WorkerInput, type WorkerMessage } from "./parse-protocol";
import { type RecordSettings, recordReader } from "./record-reader";
import type { RowOf } from "./row-schemas";
import { DateReader } from "./values";

if (parentPort === null) throw new Error("parse-worker.ts runs as a worker thread");
const port = parentPort;
const input = workerData as WorkerInput;
const post = (message: WorkerMessage) => port.postMessage(message);

let items: unknown[] = [];
let inFlight = 0;
let resume: (() => void) | null = null;
port.on("message", () => {
  inFlight--;
  if (resume !== null && inFlight < IN_FLIGHT) {
    const r = resume;
    resume = null;
    r();
  }
});
const flush = () => {
  if (items.length === 0) return;
  inFlight++;
  post({ t: "batch", items });
  items = [];
};

let ownerAt = -1;
let idAt = -1;
const settings: RecordSettings = {
  kind: input.kind,
  preset: input.preset,
  map: input.map,
  encoding: input.encoding,
  read: {
    dates: new DateReader(input.dateFormat, input.timeZone),
    decimalComma: input.decimalComma,
    probabilityFractions: input.probabilityFractions,
  },
};
const reader = recordReader(settings, {
  header: (fieldIndex) => {
    ownerAt = fieldIndex.find(([f]) => f === "owner")?.[1] ?? -1;
    idAt = fieldIndex.find(([f]) => f === "id")?.[1] ?? -1;
    items.push(TAG.header, fieldIndex);
  },
  problem: (line, field, value, reason) => {
    items.push(TAG.problem, line, field, value, reason);
  },
  row: (value, line, record) => {
    if (value === undefined) {
      items.push(TAG.bad, line);
    } else {
      const r = value as RowOf<"opportunities">;
      // The raw owner and id cells only when they differ from the trimmed values (a problem quotes them).
      const rawOwner = record[ownerAt] ?? "";
      const rawId = record[idAt] ?? "";
      // biome-ignore format: one row's values, in the order parse-in-worker.ts reads them
      items.push(TAG.row, line, r.id, r.name, r.account, r.owner, r.stage, r.amountCents, r.probability,
        r.product, r.createdDate, r.closeDate, r.nextStep, r.lastActivityDate, r.isClosed, r.isWon,
        rawOwner === r.owner ? null : rawOwner, rawId === r.id ? null : rawId);
    }
    if (items.length >= BATCH_ITEMS) flush();
  },
});

// Waits while the main thread is IN_FLIGHT batches behind, so unread rows do not pile up in memory.
const pace = () =>
  inFlight < IN_FLIGHT
    ? undefined
    : new Promise<void>((r) => {
        resume = r;
      });

async function readFile(): Promise<void> {
  try {
    const read = await readCsvFile(input.file, reader.onRecord, reader.shouldParse, pace, input.encoding);
    flush();
    post({ t: "end", sha256: read.sha256 });
  } catch (error) {
    flush();
    if (error instanceof CsvSyntaxError) post({ t: "syntax", line: error.line, message: error.message });
    else post({ t: "error", message: (error as Error).message, code: (error as { code?: string }).code });
  }
  // Nothing more to wait for: without its listener the port no longer keeps the thread alive.
  port.removeAllListeners("message");
}

void readFile();
