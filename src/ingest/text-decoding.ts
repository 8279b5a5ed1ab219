import { isAscii } from "node:buffer";

/**
 * How a file's bytes become text, piece by piece, for the CSV reader. UTF-8 is checked, not
 * guessed: a byte that is not UTF-8 (Excel on Windows saves "CSV" in Windows-1252) stops the import
 * at its line rather than being stored as "M�ller". A byte-order mark decides the encoding whatever
 * was asked for, so Excel's "Unicode text" (UTF-16 with a BOM) reads without a flag.
 */

/** The values of `--encoding`. latin1 reads as windows-1252, as browsers do (see decodeWindows1252). */
export const FILE_ENCODINGS = ["utf-8", "windows-1252", "latin1", "utf-16"] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

/** Text that could not be decoded: what decoded before it, and why it stopped there. */
export class UndecodableText extends Error {
  constructor(
    /** the text before the bad bytes that the reader has not yet been given */
    readonly prefix: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "UndecodableText";
  }
}

export interface PieceDecoder {
  /** the piece's text; UndecodableText when it is not text in the encoding */
  decode(piece: Buffer): string;
  /** what is left at the end of the file; UndecodableText when it ends inside a character */
  end(): string;
}

const HINT_1252 =
  'Excel on Windows saves "CSV" as Windows-1252: pass --encoding windows-1252, or save it as "CSV UTF-8"';

/**
 * The decoder for a file whose first bytes are `head`. Pure-ASCII pieces are copied as Latin-1 in
 * every 8-bit encoding, which is several times faster than decoding and yields one-byte strings.
 */
export function pieceDecoder(encoding: FileEncoding, head: Buffer): PieceDecoder {
  if (head[0] === 0xff && head[1] === 0xfe) return new Utf16Pieces("utf-16le");
  if (head[0] === 0xfe && head[1] === 0xff) return new Utf16Pieces("utf-16be");
  const utf8Bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (utf8Bom || encoding === "utf-8") return new Utf8Pieces();
  if (encoding === "utf-16") return new Utf16Pieces("utf-16le"); // Windows writes little-endian
  return { decode: decodeWindows1252, end: () => "" };
}

class Utf8Pieces implements PieceDecoder {
  // ignoreBOM: a BOM stays in the text, for the parser to drop at the start of the file only
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  /** whether the decoder holds no partial character (it can only after a piece ending in a byte >= 0x80) */
  private empty = true;
  private previous: Buffer | null = null;

  decode(piece: Buffer): string {
    if (this.empty && isAscii(piece)) return piece.toString("latin1");
    let text: string;
    try {
      text = this.decoder.decode(piece, { stream: true });
    } catch {
      throw this.undecodable(piece);
    }
    this.empty = (piece[piece.length - 1] as number) < 0x80;
    this.previous = piece;
    return text;
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new UndecodableText("", `ends inside a UTF-8 character. ${HINT_1252}`);
    }
  }

  /** Finds the bad bytes: the previous piece's unfinished character, then this piece. */
  private undecodable(piece: Buffer): UndecodableText {
    const carry = this.empty || this.previous === null ? Buffer.alloc(0) : unfinishedTail(this.previous);
    const bytes = Buffer.concat([carry, piece]);
    const at = firstInvalidUtf8(bytes);
    const prefix = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, at));
    const lineStart = Math.max(prefix.lastIndexOf("\n"), prefix.lastIndexOf("\r")) + 1;
    const before = prefix.slice(Math.max(lineStart, prefix.length - 30));
    const byte = `0x${(bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, "0")}`;
    const where = before === "" ? "" : ` after "${before}"`;
    return new UndecodableText(prefix, `is not UTF-8: byte ${byte}${where}. ${HINT_1252}`);
  }
}

/** The bytes of a UTF-8 character left unfinished at the end of `piece` (none when it ends whole). */
function unfinishedTail(piece: Buffer): Buffer {
  for (let k = piece.length - 1; k >= Math.max(0, piece.length - 3); k--) {
    const b = piece[k] as number;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needs > piece.length - k ? piece.subarray(k) : Buffer.alloc(0);
  }
  return Buffer.alloc(0);
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let needs: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) needs = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      needs = 2;
      if (b === 0xe0) low = 0xa0; // overlong
      if (b === 0xed) high = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      needs = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    if (i + needs >= n) return i; // cut short by the end of the bytes
    for (let k = 1; k <= needs; k++) {
      const c = bytes[i + k] as number;
      if (c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += needs + 1;
  }
  return n;
}

class Utf16Pieces implements PieceDecoder {
  private readonly decoder: TextDecoder;

  constructor(encoding: "utf-16le" | "utf-16be") {
    this.decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  }

  decode(piece: Buffer): string {
    try {
      return this.decoder.decode(piece, { stream: true });
    } catch {
      throw new UndecodableText("", "is not UTF-16 text: a half of a character pair stands alone");
    }
  }

  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new UndecodableText(
        "",
        "is not UTF-16 text: it ends inside a character (an odd number of bytes)",
      );
    }
  }
}

/**
 * Windows-1252 is Latin-1 except 0x80–0x9F, where it has €, curly quotes, dashes and a few letters
 * instead of control codes nobody writes; the WHATWG encoding standard (and every browser) reads a
 * file labelled latin1 the same way. Node's own TextDecoder("windows-1252") reads those bytes as
 * Latin-1 outside streaming mode, so the 32 characters are mapped here.
 */
const CP1252_HIGH =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";
const C1 = /[\u0080-\u009f]/g;

export function decodeWindows1252(piece: Buffer): string {
  const text = piece.toString("latin1");
  if (isAscii(piece)) return text;
  return text.replace(C1, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] as string);
}
