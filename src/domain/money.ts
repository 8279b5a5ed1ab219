/** Money is integer cents everywhere; these are the only conversions to and from text. */

export type Cents = number;

export interface MoneyParseOptions {
  /** "1.234,50" style: comma is the decimal separator, dot or space groups thousands. */
  decimalComma?: boolean;
}

const CURRENCY_MARKS = /[$€£¥\s\u00a0]|^[A-Z]{3}|[A-Z]{3}$/g;

/**
 * Parses an amount such as "$1,234.50", "1234.5", "(200)" or, with decimalComma, "1.234,50"
 * into integer cents without passing through floating point. Returns null when it is not money.
 */
/** Plain "1234" / "1234.5" / "1234.56": the common case of a CRM export, read without regex passes. */
const PLAIN_AMOUNT = /^(\d{1,15})(?:\.(\d{1,2}))?$/;

export function parseMoney(raw: string, options: MoneyParseOptions = {}): Cents | null {
  if (!options.decimalComma) {
    const m = PLAIN_AMOUNT.exec(raw);
    if (m) {
      const frac = m[2] ?? "";
      return (
        Number(m[1]) * 100 + (frac.length === 0 ? 0 : frac.length === 1 ? Number(frac) * 10 : Number(frac))
      );
    }
  }
  let s = raw.trim().replace(CURRENCY_MARKS, "");
  if (s === "") return null;
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith("-")) {
    if (negative) return null; // "(-200)" says negative twice: not an amount anyone writes
    negative = true;
    s = s.slice(1);
  }
  s = s.replace(CURRENCY_MARKS, "");
  const [group, decimal] = options.decimalComma ? [/[.']/g, ","] : [/[,']/g, "."];
  const grouped = options.decimalComma ? /^\d{1,3}([.']\d{3})+(,\d*)?$/ : /^\d{1,3}([,']\d{3})+(\.\d*)?$/;
  const plain = options.decimalComma ? /^\d*(,\d*)?$/ : /^\d*(\.\d*)?$/;
  if (!grouped.test(s) && !plain.test(s)) return null;
  s = s.replace(group, "");
  const [whole = "", frac = ""] = s.split(decimal);
  if (whole === "" && frac === "") return null;
  // Round half away from zero at the cent, on the digits themselves (no floating point).
  const digits = frac.padEnd(3, "0");
  let cents = BigInt(whole || "0") * 100n + BigInt(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) cents += 1n;
  const value = Number(cents);
  if (!Number.isSafeInteger(value)) return null;
  // never -0: "-0.004" rounds to zero cents
  return negative && value !== 0 ? -value : value;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(currency: string, compact: boolean): Intl.NumberFormat {
  const key = `${currency}:${compact}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      ...(compact
        ? { notation: "compact", maximumFractionDigits: 2, minimumFractionDigits: 0 }
        : { maximumFractionDigits: 0 }),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "$1,240,000" */
export function formatMoney(cents: Cents, currency = "USD"): string {
  return formatter(currency, false).format(Math.round(cents / 100));
}

const headlineFormatters = new Map<string, Intl.NumberFormat>();

/**
 * Three significant digits: "$1.24M", "$486K", "$950" — how the Slack answers' headlines, the
 * charts, the decks and the written summary all show money, so a figure reads the same in each.
 */
export function formatMoneyShort(cents: Cents, currency = "USD"): string {
  let f = headlineFormatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      notation: "compact",
      maximumSignificantDigits: 3,
    });
    headlineFormatters.set(currency, f);
  }
  return f.format(cents / 100);
}

/** "$1.24M", "$850K" — for headlines where the full figure sits one click away. */
export function formatMoneyCompact(cents: Cents, currency = "USD"): string {
  return formatter(currency, true).format(cents / 100);
}
