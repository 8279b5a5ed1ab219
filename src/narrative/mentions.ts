import { MONTHS } from "./render-figure";

/**
 * Finds every number, amount, percentage, multiple and date a text states, in any of the ways a
 * person writes them ("$1.2M", "$1,234,567", "1.2 million", "$340K", "41.7%", "3.0x", "Dec 4",
 * "2026-12-04", "Q4", "three"). A number keeps the digits it was written with, since those say
 * how far it was rounded: "$1.2M" claims a value within $50K of 1.2 million, "$1.23M" within $5K.
 */

/** value = mantissa × 10^exponent, in the mention's unit (cents for money, percent points for %) */
export interface Decimal {
  mantissa: number;
  exponent: number;
}

export type Mention =
  | { kind: "money"; text: string; amount: Decimal; currencyMark: string }
  | { kind: "percent"; text: string; amount: Decimal }
  | { kind: "multiple"; text: string; amount: Decimal }
  /** a bare number: a count, a score, a year, or money written without its currency */
  | { kind: "number"; text: string; amount: Decimal; scaled: boolean; wholeNumber: boolean }
  | { kind: "date"; text: string; year: number | null; month: number; day: number | null; dayFirst?: boolean }
  | { kind: "quarter"; text: string; quarter: number; year: number | null }
  | { kind: "fiscal-year"; text: string; year: number }
  | { kind: "weekday"; text: string; weekday: number };

const MONTH_PATTERN =
  "(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?";
const ORDINAL = "(?:st|nd|rd|th)?";
const YEAR_AFTER = "(?:,?\\s+(\\d{4})|\\s+'(\\d{2}))?";
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const NUMBER = "(\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.(\\d+))?";
const SCALES: Record<string, number> = {
  k: 3,
  K: 3,
  thousand: 3,
  M: 6,
  MM: 6,
  mn: 6,
  million: 6,
  B: 9,
  bn: 9,
  billion: 9,
};
const NUMBER_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
  hundred: 100,
  dozen: 12,
};

function monthNumber(name: string): number {
  const i = MONTHS.findIndex((m) => m.slice(0, 3) === name.slice(0, 3));
  return i + 1;
}

function yearOf(full: string | undefined, short: string | undefined): number | null {
  if (full) return Number(full);
  if (short) return 2000 + Number(short);
  return null;
}

/** "1,234.50" → 123450 × 10^-2; a scale word adds its power of ten */
export function decimalOf(whole: string, fraction: string | undefined, scale = 0): Decimal {
  const digits = whole.replace(/,/g, "") + (fraction ?? "");
  return { mantissa: Number(digits), exponent: scale - (fraction?.length ?? 0) };
}

interface Pass {
  pattern: RegExp;
  read: (m: RegExpExecArray) => Mention | null;
}

/** Dates and period names go first, so that "Dec 4" is one date and not a month and a count. */
const PASSES: Pass[] = [
  {
    pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    read: (m) => ({ kind: "date", text: m[0], year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }),
  },
  {
    pattern: /\b(\d{4})-Q([1-4])\b/g,
    read: (m) => ({ kind: "quarter", text: m[0], quarter: Number(m[2]), year: Number(m[1]) }),
  },
  {
    pattern: /\b(\d{4})-(\d{2})\b/g,
    read: (m) => ({ kind: "date", text: m[0], year: Number(m[1]), month: Number(m[2]), day: null }),
  },
  {
    // US order first; the check accepts either order since "4/12" is ambiguous
    pattern: /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?\b/g,
    read: (m) => {
      const y = m[3] ? (m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3])) : null;
      return { kind: "date", text: m[0], year: y, month: Number(m[1]), day: Number(m[2]), dayFirst: true };
    },
  },
  {
    pattern: new RegExp(`\\b(\\d{1,2})${ORDINAL}\\s+(?:of\\s+)?${MONTH_PATTERN}(?![a-z])${YEAR_AFTER}`, "g"),
    read: (m) => ({
      kind: "date",
      text: m[0],
      year: yearOf(m[3], m[4]),
      month: monthNumber(m[2] as string),
      day: Number(m[1]),
    }),
  },
  {
    pattern: new RegExp(
      `\\b${MONTH_PATTERN}(?![a-z])(?:\\s+(\\d{1,2})${ORDINAL}(?![\\d,.]\\d))?${YEAR_AFTER}`,
      "g",
    ),
    read: (m) => ({
      kind: "date",
      text: m[0].trimEnd(),
      year: yearOf(m[3], m[4]),
      month: monthNumber(m[1] as string),
      day: m[2] ? Number(m[2]) : null,
    }),
  },
  {
    pattern: /\bQ([1-4])(?:\s*(?:FY\s?)?(?:(\d{4})|'(\d{2})))?\b/g,
    read: (m) => ({ kind: "quarter", text: m[0], quarter: Number(m[1]), year: yearOf(m[2], m[3]) }),
  },
  {
    pattern: /\bFY\s?(?:(\d{4})|'?(\d{2}))\b/g,
    read: (m) => ({ kind: "fiscal-year", text: m[0], year: yearOf(m[1], m[2]) as number }),
  },
  {
    pattern: new RegExp(`\\b(${WEEKDAYS.join("|")})s?\\b`, "g"),
    read: (m) => ({ kind: "weekday", text: m[0], weekday: WEEKDAYS.indexOf(m[1] as string) }),
  },
  {
    // the forecast's percentile labels are names of figures, not figures
    pattern: /\bP(?:10|50|90)\b/g,
    read: () => null,
  },
  {
    pattern: new RegExp(
      `(?:((?:[A-Z]{1,2})?\\$|[€£¥])\\s?|\\b(USD|EUR|GBP|CAD|AUD|CHF|JPY)\\s?)?(?<![\\w.,])${NUMBER}` +
        "(?:\\s?(thousand|million|billion|mn|bn|MM|[kKMB])\\b)?" +
        "(?:\\s?(%|percent\\b|per cent\\b|percentage points?\\b|points?\\b|pts\\b|pp\\b|x\\b|×))?" +
        "(?:\\s(dollars|euros|pounds|USD|EUR|GBP)\\b)?",
      "g",
    ),
    read: readNumber,
  },
  {
    pattern: new RegExp(`\\b(${Object.keys(NUMBER_WORDS).join("|")})\\b`, "gi"),
    read: (m) => ({
      kind: "number",
      text: m[0],
      amount: { mantissa: NUMBER_WORDS[(m[1] as string).toLowerCase()] as number, exponent: 0 },
      scaled: false,
      wholeNumber: true,
    }),
  },
];

function readNumber(m: RegExpExecArray): Mention {
  const [text, symbol, isoBefore, whole, fraction, scaleWord, unit, currencyAfter] = m;
  const scale = scaleWord ? (SCALES[scaleWord] ?? 0) : 0;
  const trimmed = text.trim();
  if (unit === "x" || unit === "×")
    return { kind: "multiple", text: trimmed, amount: decimalOf(whole as string, fraction) };
  if (unit) return { kind: "percent", text: trimmed, amount: decimalOf(whole as string, fraction) };
  const mark = symbol ?? isoBefore ?? currencyAfter;
  if (mark) {
    // money is compared in cents: two more powers of ten
    return {
      kind: "money",
      text: trimmed,
      amount: decimalOf(whole as string, fraction, scale + 2),
      currencyMark: mark,
    };
  }
  return {
    kind: "number",
    text: trimmed,
    amount: decimalOf(whole as string, fraction, scale),
    scaled: scale > 0,
    wholeNumber: fraction === undefined,
  };
}

/**
 * The mentions in a text, in the order the passes find them, and the text with each one blanked
 * out (what is left is words, for the name check).
 */
export function findMentions(text: string): { mentions: Mention[]; rest: string } {
  let rest = text;
  const mentions: Mention[] = [];
  for (const pass of PASSES) {
    rest = rest.replace(pass.pattern, (...args) => {
      // (match, ...groups, offset, whole text): no pattern here has named groups
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      const mention = pass.read(match);
      if (mention) mentions.push(mention);
      return " ".repeat((match[0] as string).length);
    });
  }
  return { mentions, rest };
}
