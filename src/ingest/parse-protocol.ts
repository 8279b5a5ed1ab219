import type { Preset } from "./columns";
import type { FileEncoding } from "./text-decoding";

/** What the parse worker is told (everything structured-cloneable; the DateReader is rebuilt). */
export interface WorkerInput {
  file: string;
  encoding: FileEncoding;
  kind: "opportunities";
  preset: Preset;
  map: Record<string, string> | undefined;
  dateFormat: string | undefined;
  timeZone: string;
  decimalComma: boolean;
  probabilityFractions: boolean;
}

/**
 * A batch is one flat array of tagged events: cloning one array of strings and numbers costs the
 * main thread far less than cloning thousands of small row objects.
 * - header: fieldIndex
 * - problem: line, field, value, reason
 * - bad (a row whose problems came just before): line
 * - row: line, the 14 values of RowOf<"opportunities"> in declaration order, raw owner, raw id
 */
export const TAG = { header: 0, problem: 1, bad: 2, row: 3 } as const;

export type WorkerMessage =
  | { t: "batch"; items: unknown[] }
  | { t: "end"; sha256: string }
  | { t: "syntax"; line: number; message: string }
  | { t: "error"; message: string; code: string | undefined };

/** About 4,000 rows a batch. */
export const BATCH_ITEMS = 18 * 1024;
/** Batches sent but not yet processed by the main thread before the worker waits. */
export const IN_FLIGHT = 8;
