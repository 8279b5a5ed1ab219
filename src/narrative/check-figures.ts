import { type Figure, figuresIn } from "./figures";
import { type Decimal, findMentions, type Mention } from "./mentions";
import { unknownNames } from "./names";
import { fullMoney, percentText, ratioText } from "./render-figure";

/**
 * Checks a written summary against the figures it was given: every number must be one of them,
 * rounded no further than the figure allows, every date one of their dates, every name one of
 * their names. The first problem is enough to reject a reply; all are returned for the record.
 */
export type FigureProblem =
  | { kind: "invented_figure"; text: string }
  | { kind: "rounded_beyond"; text: string; figure: string }
  | { kind: "unknown_name"; text: string };

/** What the check needs of a figure set: the figures anywhere inside it, and their currency. */
export interface CheckedFigures {
  currency: string;
}

export function checkAgainstFigures(reply: string, set: CheckedFigures): FigureProblem[] {
  const figures = figuresIn(set);
  const texts = figures
    .filter((f): f is Extract<Figure, { kind: "text" }> => f.kind === "text")
    .map((f) => f.value)
    .filter((v) => v.trim() !== "")
    .sort((a, b) => b.length - a.length);
  // a name or reason quoted whole is fine, digits and all ("pushed twice, no activity 19 days")
  let masked = reply;
  for (const t of texts)
    masked = masked.replace(new RegExp(escapeRegExp(t), "gi"), (m) => " ".repeat(m.length));
  const quoted = texts.flatMap((t) => findMentions(t).mentions);

  const { mentions, rest } = findMentions(masked);
  const problems: FigureProblem[] = [];
  for (const mention of mentions) {
    if (quoted.some((q) => sameMention(q, mention))) continue;
    const problem = mentionProblem(mention, figures, set.currency);
    if (problem) problems.push(problem);
  }
  for (const name of unknownNames(rest, texts, reply)) problems.push({ kind: "unknown_name", text: name });
  return problems;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const decimalValue = (d: Decimal) => d.mantissa * 10 ** d.exponent;

function sameMention(a: Mention, b: Mention): boolean {
  if (a.kind !== b.kind) return false;
  if ("amount" in a && "amount" in b) return Math.abs(decimalValue(a.amount) - decimalValue(b.amount)) < 1e-9;
  return JSON.stringify({ ...a, text: "" }) === JSON.stringify({ ...b, text: "" });
}

/** Drops the zeros that end a whole number: "$1,200,000" claims two digits, not seven. */
function significant(d: Decimal, wholeNumber: boolean): Decimal {
  if (!wholeNumber || d.mantissa === 0) return d;
  let { mantissa, exponent } = d;
  while (mantissa % 10 === 0) {
    mantissa /= 10;
    exponent += 1;
  }
  return { mantissa, exponent };
}

/**
 * Whether `written` is `exact` or `exact` correctly rounded at the written digits, with at least
 * two significant digits (so "$1M" may stand for $1,000,000 but not for $1,234,567).
 */
export function roundsTo(exact: number, written: Decimal, wholeNumber: boolean, minDigits = 2): boolean {
  const target = Math.abs(exact);
  if (Math.abs(decimalValue(written) - target) < 1e-9 * Math.max(1, target)) return true;
  const sig = significant(written, wholeNumber);
  if (String(sig.mantissa).length < minDigits) return false;
  return Math.abs(target / 10 ** sig.exponent - sig.mantissa) <= 0.5 + 1e-9;
}

/** A percentage is a rounding of the ratio in percent: 0.417 may be "42%" or "41.7%", not "41%". */
function percentMatches(ratio: number, written: Decimal): boolean {
  return Math.abs((Math.abs(ratio) * 100) / 10 ** written.exponent - written.mantissa) <= 0.5 + 1e-9;
}

/** Coverage is judged against 3.0x, so a multiple must be right to its first decimal. */
function multipleMatches(ratio: number, written: Decimal): boolean {
  return Math.abs(Math.abs(ratio) - decimalValue(written)) <= 0.05 + 1e-9;
}

function currencySymbol(currency: string): string {
  const part = new Intl.NumberFormat("en-US", { style: "currency", currency })
    .formatToParts(0)
    .find((p) => p.type === "currency");
  return part?.value ?? currency;
}

const CURRENCY_WORDS: Record<string, string> = { dollars: "$", euros: "€", pounds: "£" };

function currencyMatches(mark: string, currency: string): boolean {
  if (mark === currency) return true;
  const symbol = currencySymbol(currency);
  const written = CURRENCY_WORDS[mark] ?? mark;
  return written === symbol || (written === "$" && symbol.endsWith("$"));
}

function matches(mention: Mention, figure: Figure, currency: string): boolean {
  switch (mention.kind) {
    case "money":
      return (
        figure.kind === "money" &&
        currencyMatches(mention.currencyMark, currency) &&
        roundsTo(figure.cents, mention.amount, true)
      );
    case "percent":
      return figure.kind === "ratio" && percentMatches(figure.value, mention.amount);
    case "multiple":
      return figure.kind === "ratio" && multipleMatches(figure.value, mention.amount);
    case "number":
      return numberMatches(mention, figure);
    default:
      return dateMatches(mention, figure);
  }
}

function numberMatches(mention: Extract<Mention, { kind: "number" }>, figure: Figure): boolean {
  const { amount, wholeNumber } = mention;
  if (figure.kind === "count") return roundsTo(figure.value, amount, wholeNumber);
  // money written without its currency, "1.2 million"
  if (figure.kind === "money")
    return roundsTo(figure.cents, { ...amount, exponent: amount.exponent + 2 }, wholeNumber);
  // a score read as a decimal, "0.87"
  if (figure.kind === "ratio") return !wholeNumber && roundsTo(figure.value, amount, false);
  const year = decimalValue(amount);
  if (!wholeNumber || mention.scaled || year < 1900 || year > 2100) return false;
  return yearsOf(figure).includes(year);
}

function yearsOf(figure: Figure): number[] {
  if (figure.kind === "date") return [Number(figure.value.slice(0, 4))];
  if (figure.kind === "period") {
    const key = /(\d{4})/.exec(figure.key);
    return [
      Number(figure.start.slice(0, 4)),
      Number(figure.end.slice(0, 4)),
      ...(key ? [Number(key[1])] : []),
    ];
  }
  return [];
}

const iso = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

function dateMatches(mention: Mention, figure: Figure): boolean {
  if (figure.kind !== "date" && figure.kind !== "period") return false;
  const days = figure.kind === "date" ? [figure.value] : [figure.start, figure.end];
  const span = figure.kind === "date" ? [figure.value, figure.value] : [figure.start, figure.end];
  switch (mention.kind) {
    case "date": {
      const { year, month, day } = mention;
      if (day === null) {
        // a month named alone, or with its year: it must meet the figure's span
        const startMonth = span[0]?.slice(0, 7) as string;
        const endMonth = span[1]?.slice(0, 7) as string;
        const years = year === null ? yearsOf(figure) : [year];
        return years.some((y) => {
          const ym = iso(y, month, 1).slice(0, 7);
          return ym >= startMonth && ym <= endMonth;
        });
      }
      const orders = mention.dayFirst
        ? [[month, day] as const, [day, month] as const]
        : [[month, day] as const];
      return days.some((d) =>
        orders.some(
          ([m, dd]) =>
            d.slice(5) === iso(2000, m, dd).slice(5) && (year === null || d.startsWith(`${year}-`)),
        ),
      );
    }
    case "quarter":
      return (
        figure.kind === "period" &&
        new RegExp(`^${mention.year ?? "\\d{4}"}-Q${mention.quarter}$`).test(figure.key)
      );
    case "fiscal-year":
      return figure.kind === "period" && new RegExp(`^(FY)?${mention.year}(-|$)`).test(figure.key);
    case "weekday":
      return figure.kind === "date" && new Date(`${figure.value}T12:00:00Z`).getUTCDay() === mention.weekday;
    default:
      return false;
  }
}

function mentionProblem(mention: Mention, figures: Figure[], currency: string): FigureProblem | null {
  if (figures.some((f) => matches(mention, f, currency))) return null;
  const near = nearestFigure(mention, figures, currency);
  return near
    ? { kind: "rounded_beyond", text: mention.text, figure: near }
    : { kind: "invented_figure", text: mention.text };
}

/**
 * The figure a rejected number was most likely meant to be, in its full form: one it would match
 * if coarser roundings were allowed ("$1M" for $1,234,567), else the closest within 15% ("$1.3M").
 */
function nearestFigure(mention: Mention, figures: Figure[], currency: string): string | null {
  if (!("amount" in mention)) return null;
  if (mention.kind === "money" && !currencyMatches(mention.currencyMark, currency)) return null;
  const whole = mention.kind !== "number" || mention.wholeNumber;
  let best: { distance: number; text: string } | null = null;
  for (const f of figures) {
    const candidate = comparable(mention, f, currency);
    if (!candidate || candidate.value === 0) continue;
    const coarse = roundsTo(candidate.value, candidate.written, whole, 1);
    const distance = coarse
      ? 0
      : Math.abs(decimalValue(candidate.written) - candidate.value) / candidate.value;
    if (distance <= 0.15 && (!best || distance < best.distance)) best = { distance, text: candidate.shown };
  }
  return best?.text ?? null;
}

/** A figure and a written number in one unit (cents, percent, times), when they are comparable. */
function comparable(
  mention: Mention & { amount: Decimal },
  f: Figure,
  currency: string,
): { value: number; written: Decimal; shown: string } | null {
  const { amount } = mention;
  if (f.kind === "money" && (mention.kind === "money" || mention.kind === "number")) {
    const written = mention.kind === "money" ? amount : { ...amount, exponent: amount.exponent + 2 };
    const size = Math.abs(f.cents);
    return { value: size, written, shown: fullMoney({ kind: "money", cents: size }, currency) };
  }
  if (f.kind === "ratio" && mention.kind === "percent")
    return { value: Math.abs(f.value) * 100, written: amount, shown: percentText(Math.abs(f.value)) };
  if (f.kind === "ratio" && mention.kind === "multiple")
    return { value: Math.abs(f.value), written: amount, shown: ratioText(f) };
  if (f.kind === "ratio" && mention.kind === "number" && f.shownAs === "score")
    return { value: Math.abs(f.value), written: amount, shown: ratioText(f) };
  if (f.kind === "count" && mention.kind === "number")
    return { value: f.value, written: amount, shown: String(f.value) };
  return null;
}
