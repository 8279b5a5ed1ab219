import { type ImportKind, KIND_COLUMNS, missingColumnsReason, type Preset, planColumns } from "./columns";
import type { RowIssue } from "./problems";
import { type RowReader, type RowSchemaOptions, rowReaderFor } from "./row-schemas";
import type { FileEncoding } from "./text-decoding";

/** What reading a file's records yields, in file order (the same inline and in the parse worker). */
export interface RecordSink {
  /** the header was accepted; `fieldIndex` lists each field the file has with its column */
  header: (fieldIndex: [string, number][]) => void;
  /** a problem with the header or a row, the cell quoted as written */
  problem: (line: number, field: string, value: string, reason: string) => void;
  /** a data row, after its problems: the typed row, or undefined when it had any */
  row: (row: unknown, line: number, record: string[]) => void;
}

export interface RecordSettings {
  kind: ImportKind;
  preset: Preset;
  map: Record<string, string> | undefined;
  /** how the file's bytes are text (a byte-order mark overrides it) */
  encoding: FileEncoding;
  read: RowSchemaOptions;
}

/**
 * Turns CSV records into header / problem / row events: plans the columns from the header, then
 * reads and checks each row. `shouldParse` turns false once the header is refused.
 */
export function recordReader(
  settings: RecordSettings,
  sink: RecordSink,
): {
  onRecord: (record: string[], line: number) => void;
  shouldParse: () => boolean;
} {
  const { kind, preset, map } = settings;
  const fields = KIND_COLUMNS[kind].fields;
  let accepted = false;
  let headerRejected = false;
  let readRow: RowReader<unknown> = () => undefined;
  const issues: RowIssue[] = [];
  let fieldIndex: [string, number][] = [];
  let width = 0;
  const onRecord = (record: string[], line: number) => {
    if (record.length === 1 && record[0] === "") return; // blank line
    if (headerRejected) return;
    if (!accepted) {
      const plan = planColumns(kind, preset, record, map);
      for (const { header, columns } of plan.duplicated) {
        headerRejected = true;
        sink.problem(
          line,
          header,
          "",
          `the header has this column ${columns.length} times (columns ${columns.join(", ")}): keep one, or rename the others`,
        );
      }
      if (plan.missing.length > 0) {
        headerRejected = true;
        sink.problem(line, "(header)", "", missingColumnsReason(kind, preset, record, plan.missing));
      }
      if (headerRejected) return;
      fieldIndex = fields.flatMap((f) => {
        const i = plan.index.get(f);
        return i === undefined ? [] : [[f, i] as [string, number]];
      });
      width = record.length;
      readRow = rowReaderFor(kind, settings.read, Object.fromEntries(fieldIndex));
      accepted = true;
      sink.header(fieldIndex);
      return;
    }
    if (record.length !== width) {
      sink.problem(line, "(row)", "", `has ${record.length} fields but the header has ${width}`);
      sink.row(undefined, line, record);
      return;
    }
    issues.length = 0;
    const row = readRow(record, issues);
    if (row === undefined) {
      for (const { field, message } of issues) {
        const at = fieldIndex.find(([f]) => f === field)?.[1];
        sink.problem(line, field, at === undefined ? "" : (record[at] ?? ""), message);
      }
    }
    sink.row(row, line, record);
  };
  return { onRecord, shouldParse: () => accepted || !headerRejected };
}
