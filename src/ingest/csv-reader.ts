import { createHash } from "node:crypto";
import fs from "node:fs";
import { AppError } from "../errors";
import { type FileEncoding, pieceDecoder, UndecodableText } from "./text-decoding";

/**
 * A streaming RFC 4180 reader. Hand-written because csv-parse took ~4.9 s for a 1M-row export on its
 * own, more than the whole import budget; this one does it in about a fifth of that and reports the
 * line each record starts on, which problem messages need.
 *
 * Handles quoted fields, doubled quotes, newlines inside quotes and a BOM. Lines end in LF, CRLF or
 * a lone CR (Excel's "CSV (Macintosh)"): the first line break of the file says which. Cells are
 * separated by commas, or by tabs when the first line has tabs and no comma (Excel's "Unicode
 * text" and "Text (Tab delimited)"). A quote inside
 * an unquoted field is kept as text (common in hand-edited exports). A NUL character, a record over
 * MAX_PENDING characters and a cell over MAX_CELL characters are refused with their line.
 */
export class CsvSyntaxError extends AppError {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super("csv_syntax", reason);
    this.name = "CsvSyntaxError";
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** A record still incomplete after this many characters is refused (an unclosed quote, or not CSV). */
export const MAX_PENDING = 16 * 1024 * 1024;
/** The longest cell accepted: Salesforce's longest text field (Long Text Area) holds 131,072. */
export const MAX_CELL = 131_072;

export type RecordHandler = (fields: string[], line: number) => void;

export class CsvParser {
  private pending = "";
  private line = 1;
  private first = true;
  /** the text being parsed and its length, set by each parse() */
  private text = "";
  private length = 0;
  /** whether the text is the file's last */
  private final = false;
  /** positions of the next delimiter and line break at or after where they were last looked for */
  private nextDelimiter = -1;
  private nextLf = -1;
  /** line breaks inside quoted fields of the record being parsed */
  private newlines = 0;
  /** what ends a line: "\n" (LF or CRLF) or "\r" (CR alone), "" until the first line break is seen */
  private eol = "";
  /** whether the text ended inside a quoted field the last time a record was incomplete */
  private inQuote = false;
  /** what separates cells: "," or, when the first line has tabs and no comma, "\t" */
  private delimiter = ",";
  private delimiterCode = 44;
  /** the header's cells, to name a column in a message */
  private header: string[] | null = null;

  constructor(private readonly onRecord: RecordHandler) {}

  /** Parses every complete record in the text; keeps an incomplete tail for the next call. */
  push(chunk: string): void {
    const nul = chunk.indexOf("\0");
    if (nul !== -1) {
      this.push(chunk.slice(0, nul));
      throw new CsvSyntaxError(
        this.currentLine(),
        "has a NUL character, which text never holds: is this a spreadsheet (.xlsx) or a UTF-16 file without a byte-order mark (then pass --encoding utf-16)?",
      );
    }
    if (this.eol === "") {
      // Until the first line break the pending text has none, except perhaps a CR at its end.
      this.eol = lineBreakOf(this.pending.endsWith("\r") ? `\r${chunk}` : chunk, false);
      if (this.eol !== "") this.chooseDelimiter(this.pending + chunk);
    }
    if (this.pending !== "" && (this.eol === "" || chunk.indexOf(this.eol) === -1)) {
      // No record can end in this chunk: keep it without parsing the record again from its start,
      // which made a long record cost the square of its length.
      this.pending += chunk;
    } else {
      let text = this.pending === "" ? chunk : this.pending + chunk;
      if (this.first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        this.first = false;
      }
      const consumed = this.eol === "" ? 0 : this.parse(text, false);
      this.pending = consumed < text.length ? text.slice(consumed) : "";
    }
    if (this.pending.length > MAX_PENDING) {
      const size = `${MAX_PENDING / 1024 / 1024} MB`;
      throw new CsvSyntaxError(
        this.line,
        this.inQuote
          ? `a quoted field is never closed (no closing quote within ${size})`
          : `the line is over ${size} long and has no line break: a record may be at most ${size}; is this a CSV file?`,
      );
    }
  }

  /** Parses whatever is left, which may lack a final line break. */
  end(): void {
    if (this.eol === "") {
      this.eol = lineBreakOf(this.pending, true);
      this.chooseDelimiter(this.pending);
    }
    if (this.pending !== "") this.parse(this.pending, true);
    this.pending = "";
  }

  /** Tabs separate the cells when the first line (the header) has some and no comma. */
  private chooseDelimiter(text: string): void {
    const end = text.indexOf(this.eol);
    const first = end === -1 ? text : text.slice(0, end);
    if (first.includes("\t") && !first.includes(",")) {
      this.delimiter = "\t";
      this.delimiterCode = 9;
    }
  }

  /** The line the text given so far ends on. */
  currentLine(): number {
    return this.line + countLineBreaks(this.pending, this.eol === "" ? "\n" : this.eol);
  }

  /** Returns how many characters were consumed as complete records. */
  private parse(text: string, final: boolean): number {
    this.text = text;
    this.length = text.length;
    this.final = final;
    this.nextDelimiter = -1;
    this.nextLf = -1;
    let pos = 0;
    while (pos < this.length) {
      const end = this.record(pos);
      if (end === INCOMPLETE) break;
      pos = end;
    }
    this.text = "";
    return pos;
  }

  /**
   * Reads the record starting at `pos` and hands it on; returns where the next record starts, or
   * INCOMPLETE when the text ends before the record does (and more text may come).
   */
  private record(pos: number): number {
    const { text, length, final, eol, delimiter, delimiterCode } = this;
    const startLine = this.line;
    this.newlines = 0;
    this.inQuote = false;
    const fields: string[] = [];
    // the cached positions as locals while in the loop (the hot path of a large import)
    let nextDelimiter = this.nextDelimiter;
    let nextLf = this.nextLf;
    let i = pos;
    for (;;) {
      if (i < length && text.charCodeAt(i) === QUOTE) {
        i = this.quotedField(i, fields, startLine);
        if (i === INCOMPLETE) {
          this.inQuote = true;
          return INCOMPLETE;
        }
        if (i >= length) {
          if (!final) return INCOMPLETE;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === delimiterCode) {
          i++;
          continue;
        }
        if (c === LF) {
          i++;
          break;
        }
        if (c === CR) {
          if (i + 1 >= length && !final) return INCOMPLETE;
          i += i + 1 < length && text.charCodeAt(i + 1) === LF ? 2 : 1;
          break;
        }
        throw new CsvSyntaxError(startLine + this.newlines, "unexpected text after a closing quote");
      }
      // Unquoted field: runs to the next comma or line break (both positions cached per chunk).
      if (nextDelimiter < i) {
        const at = text.indexOf(delimiter, i);
        nextDelimiter = at === -1 ? length : at;
      }
      if (nextLf < i) {
        const at = text.indexOf(eol, i);
        nextLf = at === -1 ? length : at;
      }
      if (nextDelimiter < nextLf) {
        if (nextDelimiter - i > MAX_CELL) this.cellTooLong(fields.length, nextDelimiter - i, startLine);
        fields.push(text.slice(i, nextDelimiter));
        i = nextDelimiter + 1;
        if (i >= length) {
          if (!final) return INCOMPLETE;
          fields.push("");
          break;
        }
        continue;
      }
      if (nextLf === length && !final) return INCOMPLETE;
      const end = nextLf > i && text.charCodeAt(nextLf - 1) === CR ? nextLf - 1 : nextLf;
      if (end - i > MAX_CELL) this.cellTooLong(fields.length, end - i, startLine);
      fields.push(text.slice(i, end));
      i = nextLf + 1;
      break;
    }
    this.nextDelimiter = nextDelimiter;
    this.nextLf = nextLf;
    this.line = startLine + this.newlines + 1;
    if (this.header === null && !(fields.length === 1 && fields[0] === "")) this.header = fields;
    this.onRecord(fields, startLine);
    return Math.min(i, length);
  }

  private cellTooLong(column: number, length: number, line: number): never {
    const name = this.header?.[column];
    const n = (x: number) => x.toLocaleString("en-US");
    throw new CsvSyntaxError(
      line,
      `column ${column + 1}${name === undefined ? "" : ` ("${name}")`} has a cell of ${n(length)} characters, over the limit of ${n(MAX_CELL)}`,
    );
  }

  /**
   * Reads the quoted field opening at `open` into `fields`: it runs to the next quote not followed
   * by another quote. Returns the position after its closing quote, or INCOMPLETE.
   */
  private quotedField(open: number, fields: string[], startLine: number): number {
    const { text, length, final } = this;
    let value = "";
    let from = open + 1;
    for (;;) {
      const q = text.indexOf('"', from);
      if (q === -1) break;
      if (q + 1 < length && text.charCodeAt(q + 1) === QUOTE) {
        value += text.slice(from, q + 1);
        from = q + 2;
        continue;
      }
      if (q + 1 >= length && !final) break; // the next chunk may start with the escaping quote
      value += text.slice(from, q);
      const breaks = countLineBreaks(value, this.eol === "\r" ? "\r" : "\n");
      this.newlines += breaks;
      // A line break inside a cell is stored as "\n" whatever the file's line endings.
      if (breaks > 0 && value.includes("\r")) value = value.replace(/\r\n?/g, "\n");
      if (value.length > MAX_CELL) this.cellTooLong(fields.length, value.length, startLine);
      fields.push(value);
      return q + 1;
    }
    if (final) throw new CsvSyntaxError(startLine, "a quoted field is never closed");
    // Even with every quote doubled, a cell within the limit would have closed by now.
    if (length - open > 2 * MAX_CELL + 2) {
      throw new CsvSyntaxError(
        startLine,
        `a quoted field is never closed (no closing quote where a cell of at most ${MAX_CELL.toLocaleString("en-US")} characters would end)`,
      );
    }
    return INCOMPLETE;
  }
}

/** What record() and quotedField() return when the text ends first. */
const INCOMPLETE = -1;

function countLineBreaks(value: string, eol: string): number {
  let n = 0;
  let at = value.indexOf(eol);
  while (at !== -1) {
    n++;
    at = value.indexOf(eol, at + 1);
  }
  return n;
}

/**
 * What ends the text's lines, from its first line break: "\r" when that is a CR not followed by LF,
 * else "\n"; "" when it cannot tell yet (no line break, or a CR ending text that is not the last).
 */
function lineBreakOf(text: string, final: boolean): string {
  const lf = text.indexOf("\n");
  const cr = text.indexOf("\r");
  if (cr === -1 || (lf !== -1 && lf < cr)) return lf === -1 && !final ? "" : "\n";
  if (cr + 1 < text.length) return text.charCodeAt(cr + 1) === LF ? "\n" : "\r";
  return final ? "\r" : "";
}

/** Bytes decoded at a time (see readCsvFile). */
const DECODE_PIECE = 16 * 1024;

/**
 * Streams a file through the parser, hashing its bytes on the way (sha256, hex). `shouldParse`
 * lets the caller stop parsing early while the hash still covers the whole file; `pace`, asked after
 * each piece, may return a promise to wait for before reading on. Bytes that are not text in
 * `encoding` (see text-decoding.ts) stop it with a CsvSyntaxError at their line.
 */
export async function readCsvFile(
  file: string,
  onRecord: RecordHandler,
  shouldParse: () => boolean = () => true,
  pace: () => Promise<void> | undefined = () => undefined,
  encoding: FileEncoding = "utf-8",
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  const parser = new CsvParser(onRecord);
  let decoder: ReturnType<typeof pieceDecoder> | null = null;
  let bytes = 0;
  const stream = fs.createReadStream(file, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      if (!shouldParse()) continue;
      decoder ??= pieceDecoder(encoding, chunk);
      // Pieces are small so that one accented name makes only its piece a two-byte string.
      for (let at = 0; at < chunk.length; at += DECODE_PIECE) {
        parser.push(decoder.decode(chunk.subarray(at, Math.min(at + DECODE_PIECE, chunk.length))));
        const wait = pace();
        if (wait !== undefined) await wait;
      }
    }
    if (shouldParse()) {
      if (decoder !== null) parser.push(decoder.end());
      parser.end();
    }
  } catch (error) {
    if (!(error instanceof UndecodableText)) throw error;
    stream.destroy();
    parser.push(error.prefix);
    throw new CsvSyntaxError(parser.currentLine(), error.reason);
  }
  return { sha256: hash.digest("hex"), bytes };
}
