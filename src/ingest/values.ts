import { DateTime, IANAZone } from "luxon";

/**
 * Cell parsers shared by every import kind. Each returns the parsed value or a string saying why
 * the text is not acceptable; the row schemas turn that into a problem for the cell.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 2999) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] as number));
}

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The common case of a date cell, exactly "YYYY-MM-DD" and a valid date, read without a regex and
 * returned as is (it is already canonical); null for anything else, which takes the full path.
 */
export function plainIsoDate(raw: string): string | null {
  if (raw.length !== 10 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45) return null;
  for (const i of DATE_DIGITS) if (!isDigit(raw.charCodeAt(i))) return null;
  // No per-call helper closure: tsx (esbuild keepNames) wraps every function created at run time in
  // a __name() call that defines its `name`, which cost ~1.6 s over a 1M-row import's 3M dates.
  const y = digitAt(raw, 0) * 1000 + digitAt(raw, 1) * 100 + digitAt(raw, 2) * 10 + digitAt(raw, 3);
  const m = digitAt(raw, 5) * 10 + digitAt(raw, 6);
  const d = digitAt(raw, 8) * 10 + digitAt(raw, 9);
  return validDate(y, m, d) ? raw : null;
}
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const digitAt = (raw: string, i: number) => raw.charCodeAt(i) - 48;

interface DateParts {
  y: number;
  m: number;
  d: number;
  /** "HH:MM:SS" when the text has a time */
  time: string | null;
  /** "Z" or "+02:00" when the text names its offset */
  offset: string | null;
}

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
/**
 * A time after a date in a custom format, as locales write it: "4:45 PM", "16:45", "4:45:10 pm",
 * "4:45 p.m.", after a space, a "T" or a comma and space (ICU's current locale formats write
 * "5/1/2024, 4:45 PM" and "01/05/2024, 16:45"). \s also matches the narrow no-break space that
 * ICU puts before AM/PM.
 */
const TIME_SUFFIX = String.raw`(?:(?:,?\s+|T)(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?`;

/**
 * A date reader for ISO text plus, when given, a format built from the tokens YYYY, MM, M, DD, D
 * (any other character stands for itself), e.g. "M/D/YYYY" for Salesforce's US exports. A time
 * ("10:22", "10:22:05", "10:22 AM") may follow either.
 */
export class DateReader {
  private readonly custom: { regex: RegExp; order: ("y" | "m" | "d")[] } | null;

  /**
   * `timeZone` (IANA) is where a time without an offset was written: a CRM writes its user's or
   * its account's wall clock. An Error names a format or zone that makes no sense.
   */
  constructor(
    readonly format?: string,
    readonly timeZone = "UTC",
  ) {
    this.custom = format ? compileFormat(format) : null;
    if (!IANAZone.isValidZone(timeZone)) {
      throw new Error(
        `time zone "${timeZone}" is not an IANA zone name (e.g. Europe/London, America/New_York)`,
      );
    }
  }

  private parts(raw: string): DateParts | null {
    const text = raw.trim();
    let m = ISO.exec(text);
    if (m) {
      const time = m[4] === undefined ? null : `${m[4]}:${m[5]}:${m[6] ?? "00"}`;
      return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]), time, offset: m[7] ?? null };
    }
    if (!this.custom) return null;
    m = this.custom.regex.exec(text);
    if (!m) return null;
    const found = { y: 0, m: 0, d: 0 };
    this.custom.order.forEach((part, index) => {
      found[part] = Number(m?.[index + 1]);
    });
    const base = this.custom.order.length + 1;
    let time: string | null = null;
    if (m[base] !== undefined) {
      let hour = Number(m[base]);
      const meridiem = m[base + 3]?.replaceAll(".", "").toUpperCase();
      if (meridiem) {
        if (hour < 1 || hour > 12) return null;
        hour = (hour % 12) + (meridiem === "PM" ? 12 : 0);
      }
      time = `${pad2(hour)}:${m[base + 1]}:${m[base + 2] ?? "00"}`;
    }
    return { ...found, time, offset: null };
  }

  /** "YYYY-MM-DD"; a time after the date is accepted and dropped. */
  date(raw: string): Parsed<string> {
    const p = this.parts(raw);
    if (!p || !validDate(p.y, p.m, p.d)) return bad(this.expected("a date"));
    return ok(`${p.y}-${pad2(p.m)}-${pad2(p.d)}`);
  }

  /**
   * "YYYY-MM-DD" for a bare date, else an ISO UTC instant "YYYY-MM-DDTHH:MM:SSZ". A time without an
   * offset is the wall clock of the reader's time zone (CRM exports rarely say their zone); a time
   * the clocks skip there (spring forward) is moved on by the gap.
   */
  dateTime(raw: string): Parsed<string> {
    const p = this.parts(raw);
    if (!p || !validDate(p.y, p.m, p.d)) return bad(this.expected("a date or date and time"));
    const date = `${p.y}-${pad2(p.m)}-${pad2(p.d)}`;
    if (p.time === null) return ok(date);
    const [h, mi, s] = p.time.split(":").map(Number) as [number, number, number];
    if (h > 23 || mi > 59 || s > 59) return bad(this.expected("a date and time"));
    if (p.offset === null && this.timeZone !== "UTC") {
      const local = DateTime.fromObject(
        { year: p.y, month: p.m, day: p.d, hour: h, minute: mi, second: s },
        { zone: this.timeZone },
      );
      return ok(local.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'"));
    }
    if (p.offset === null || p.offset.toUpperCase() === "Z") return ok(`${date}T${p.time}Z`);
    const offset = p.offset.includes(":") ? p.offset : `${p.offset.slice(0, 3)}:${p.offset.slice(3)}`;
    const instant = new Date(`${date}T${p.time}${offset}`);
    if (Number.isNaN(instant.getTime())) return bad(this.expected("a date and time"));
    return ok(`${instant.toISOString().slice(0, 19)}Z`);
  }

  private expected(what: string): string {
    return `is not ${what} (expected YYYY-MM-DD${this.format ? ` or ${this.format}` : ""})`;
  }
}

function compileFormat(format: string): { regex: RegExp; order: ("y" | "m" | "d")[] } {
  const order: ("y" | "m" | "d")[] = [];
  let pattern = "";
  let i = 0;
  while (i < format.length) {
    const rest = format.slice(i);
    const token = /^(YYYY|MM|M|DD|D)/.exec(rest)?.[1];
    if (token) {
      order.push(token.startsWith("Y") ? "y" : token.startsWith("M") ? "m" : "d");
      pattern +=
        token === "YYYY"
          ? String.raw`(\d{4})`
          : token.length === 2
            ? String.raw`(\d{2})`
            : String.raw`(\d{1,2})`;
      i += token.length;
    } else {
      pattern += (format[i] as string).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      i++;
    }
  }
  if (order.filter((p) => p === "y").length !== 1 || order.filter((p) => p === "m").length !== 1) {
    throw new Error(`date format "${format}" needs exactly one YYYY and one M or MM (and D or DD)`);
  }
  if (order.filter((p) => p === "d").length !== 1) {
    throw new Error(`date format "${format}" needs exactly one D or DD`);
  }
  return { regex: new RegExp(`^${pattern}${TIME_SUFFIX}$`), order };
}

const TRUE = new Set(["true", "t", "yes", "y", "1", "x"]);
const FALSE = new Set(["false", "f", "no", "n", "0"]);
const IS_TRUE = ok(true);
const IS_FALSE = ok(false);
const IS_NULL = ok(null);

/** true/false, yes/no, 1/0 in any case; null for an empty cell. */
export function parseBoolean(raw: string): Parsed<boolean | null> {
  // Exports nearly always write exactly these: no trimmed, lower-cased copy and set lookups per cell.
  if (raw === "true") return IS_TRUE;
  if (raw === "false") return IS_FALSE;
  if (raw === "") return IS_NULL;
  const t = raw.trim().toLowerCase();
  if (t === "") return ok(null);
  if (TRUE.has(t)) return ok(true);
  if (FALSE.has(t)) return ok(false);
  return bad("is not true or false (expected true/false, yes/no or 1/0)");
}

/**
 * Probability in percent, 0–100. "45", "45%" and "45.5" are percent. A plain decimal between 0 and 1
 * such as "0.45" is read as a fraction (45%), since exports that write fractions always write the
 * point; whole numbers "0" and "1" stay percent. With `fractions` (HubSpot, which exports 0–1),
 * "0" and "1" are fractions too; numbers above 1 are always percent.
 */
export function parseProbability(raw: string, fractions = false): Parsed<number | null> {
  // Fast path for the usual whole percent "0".."100", read by character codes (same result as below).
  if (raw.length > 0 && raw.length <= 3) {
    let value = 0;
    let i = 0;
    for (; i < raw.length; i++) {
      const c = raw.charCodeAt(i);
      if (c < 48 || c > 57) break;
      value = value * 10 + (c - 48);
    }
    if (i === raw.length && value <= 100 && !(fractions && value <= 1)) return ok(value);
  }
  let t = raw.trim();
  if (t === "") return ok(null);
  const percent = t.endsWith("%");
  if (percent) t = t.slice(0, -1).trim();
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return bad("is not a probability (expected 0–100, 45% or 0.45)");
  let value = Number(t);
  if (!percent && value <= 1 && (fractions || t.includes("."))) value = Math.round(value * 10000) / 100;
  if (value > 100) return bad("is over 100%");
  return ok(value);
}
