import { startWorkerModule } from "../store/worker-module";
import { CsvSyntaxError } from "./csv-reader";
import { TAG, type WorkerInput, type WorkerMessage } from "./parse-protocol";
import type { RecordSettings, RecordSink } from "./record-reader";
import type { RowOf } from "./row-schemas";

/** What the main thread does with the worker's events, in file order. */
interface WorkerSink {
  header: (fieldIndex: [string, number][]) => void;
  problem: (line: number, field: string, value: string, reason: string) => void;
  /** the raw cells are null when they equal the row's (trimmed) id and owner */
  row: (
    row: RowOf<"opportunities"> | undefined,
    line: number,
    rawOwner: string | null,
    rawId: string | null,
  ) => void;
}

/**
 * Reads an opportunities file in the parse worker and hands `sink` the same events, in the same
 * order, as reading it inline (recordReader) would. A row's cells, for a handler's problem to
 * quote, are its owner and id cells, the only ones an opportunities handler quotes.
 */
export function readOpportunitiesInWorker(
  settings: RecordSettings,
  file: string,
  sink: RecordSink,
): Promise<{ sha256: string }> {
  const input: WorkerInput = {
    file,
    encoding: settings.encoding,
    kind: "opportunities",
    preset: settings.preset,
    map: settings.map,
    dateFormat: settings.read.dates.format,
    timeZone: settings.read.dates.timeZone,
    decimalComma: settings.read.decimalComma,
    probabilityFractions: settings.read.probabilityFractions,
  };
  const quoted: string[] = [];
  let ownerAt = -1;
  let idAt = -1;
  return parseInWorker(input, {
    header: (fieldIndex) => {
      sink.header(fieldIndex);
      // owner and id are required columns, so an accepted header gave both a position
      ownerAt = fieldIndex.find(([f]) => f === "owner")?.[1] as number;
      idAt = fieldIndex.find(([f]) => f === "id")?.[1] as number;
    },
    problem: sink.problem,
    row: (row, line, owner, id) => {
      if (row !== undefined) {
        quoted[ownerAt] = owner ?? row.owner;
        quoted[idAt] = id ?? row.id;
      }
      sink.row(row, line, quoted);
    },
  });
}

/**
 * Reads an opportunities file in a worker thread (parse-worker.ts) and feeds its events to `sink`
 * on this thread. Resolves with the file's hash; rejects with CsvSyntaxError as readCsvFile would,
 * or with whatever `sink` throws (the worker is stopped).
 */
function parseInWorker(input: WorkerInput, sink: WorkerSink): Promise<{ sha256: string }> {
  return new Promise((resolve, reject) => {
    // An 8 MB young generation (default ~32 MB) keeps the worker's share of a 1M import's peak RSS
    // down (~350 -> ~310 MB); its garbage is short-lived, so the extra scavenges cost little.
    const worker = startWorkerModule(import.meta.url, "parse-worker", {
      workerData: input,
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error);
    };
    worker.on("message", (message: WorkerMessage) => {
      if (settled) return;
      try {
        switch (message.t) {
          case "batch":
            feed(message.items, sink);
            worker.postMessage(0); // done with it: the worker may read on
            return;
          case "end":
            settled = true;
            void worker.terminate();
            resolve({ sha256: message.sha256 });
            return;
          case "syntax":
            fail(new CsvSyntaxError(message.line, message.message));
            return;
          case "error":
            fail(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
            return;
        }
      } catch (error) {
        fail(error);
      }
    });
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`the import's parse worker stopped (exit code ${code})`)));
  });
}

function feed(items: unknown[], sink: WorkerSink): void {
  const length = items.length;
  let i = 0;
  while (i < length) {
    const tag = items[i] as number;
    if (tag === TAG.row) {
      const row: RowOf<"opportunities"> = {
        id: items[i + 2] as string,
        name: items[i + 3] as string | null,
        account: items[i + 4] as string | null,
        owner: items[i + 5] as string,
        stage: items[i + 6] as string,
        amountCents: items[i + 7] as number,
        probability: items[i + 8] as number | null,
        product: items[i + 9] as string | null,
        createdDate: items[i + 10] as string,
        closeDate: items[i + 11] as string,
        nextStep: items[i + 12] as string | null,
        lastActivityDate: items[i + 13] as string | null,
        isClosed: items[i + 14] as boolean,
        isWon: items[i + 15] as boolean,
      };
      sink.row(row, items[i + 1] as number, items[i + 16] as string | null, items[i + 17] as string | null);
      i += 18;
    } else if (tag === TAG.problem) {
      sink.problem(
        items[i + 1] as number,
        items[i + 2] as string,
        items[i + 3] as string,
        items[i + 4] as string,
      );
      i += 5;
    } else if (tag === TAG.bad) {
      sink.row(undefined, items[i + 1] as number, null, null);
      i += 2;
    } else {
      sink.header(items[i + 1] as [string, number][]);
      i += 2;
    }
  }
}
