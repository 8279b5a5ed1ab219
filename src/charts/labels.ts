/**
 * The text of charts and decks: money, percentages, periods, scopes and the trace line. Money
 * follows the rule of the Slack answers (three significant digits, "$1.24M", "$486K"), so a figure
 * reads the same in the channel, on a chart and in the deck.
 */
import { formatMoneyShort } from "../domain/money";
import { MONTH_NAMES } from "../domain/period";
import { textWidth } from "./fonts";
import type { Trace } from "./traced";

/** 124_000_000 cents → "$1.24M"; the currency's own symbol or code ("€1.24M", "CHF 1.24M"). */
export function moneyShort(cents: number, currency: string): string {
  return formatMoneyShort(cents, currency);
}

const fullFormatters = new Map<string, Intl.NumberFormat>();

/** Whole currency units for tables: "$1,240,000". */
export function moneyFull(cents: number, currency: string): string {
  let f = fullFormatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 });
    fullFormatters.set(currency, f);
  }
  return f.format(Math.round(cents / 100));
}

/** 0.8226 → "82.3%" (one decimal: attainment and MAPE are compared in tenths). */
export function percent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** 0.038 → "+3.8%", −0.031 → "−3.1%". */
export function signedPercent(ratio: number, digits = 1): string {
  const text = (Math.abs(ratio) * 100).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return `${ratio > 0 ? "+" : "−"}${text}%`;
}

/** "1 rep", "14 reps": the domain's one rule for counts. */
export { count } from "../domain/count";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-10" → "Oct 2026", "2026-Q4" → "Q4 2026", "FY2026" stays; anything else is shown as given. */
export function periodLabel(key: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return `Q${quarter[2]} ${quarter[1]}`;
  return key;
}

/** "2026-10" → "October 2026": for titles with room. */
export function periodLongLabel(key: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return `${MONTH_NAMES[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  return periodLabel(key);
}

/**
 * Axis label lines for a run of periods: the month (or quarter) on every tick, the year under the
 * first tick and under each January (or Q1), so 12 ticks fit side by side without rotation.
 */
export function periodTickLines(keys: readonly string[]): string[][] {
  return keys.map((key, i) => {
    const month = /^(\d{4})-(\d{2})$/.exec(key);
    if (month) {
      const name = MONTHS[Number(month[2]) - 1] ?? month[2] ?? key;
      return i === 0 || month[2] === "01" ? [name, month[1] ?? ""] : [name];
    }
    const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
    if (quarter)
      return i === 0 || quarter[2] === "1" ? [`Q${quarter[2]}`, quarter[1] ?? ""] : [`Q${quarter[2]}`];
    return [key];
  });
}

/** "company" → "Company", "team:West" → "Team West", "rep:Ana Lima" → "Ana Lima". */
export function scopeLabel(scope: string): string {
  if (scope === "company") return "Company";
  const i = scope.indexOf(":");
  if (i < 0) return scope;
  const kind = scope.slice(0, i);
  const name = scope.slice(i + 1);
  if (kind === "rep") return name;
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ${name}`;
}

const instantFormatters = new Map<string, Intl.DateTimeFormat>();

/** "4 Nov 2026 06:00 UTC" in the given IANA zone. */
export function instantLabel(iso: string, timeZone: string): string {
  let f = instantFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    instantFormatters.set(timeZone, f);
  }
  const parts = f.formatToParts(new Date(iso));
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("year")} ${get("hour")}:${get("minute")} ${get("timeZoneName")}`;
}

/** "as of 4 Nov 2026 06:00 UTC · import #7 · definitions v1", as the Slack answers end. */
export function traceLine(trace: Trace, timeZone: string): string {
  const source = trace.importId === null ? "no import" : `import #${trace.importId}`;
  return `as of ${instantLabel(trace.asOf, timeZone)} · ${source} · definitions v${trace.definitionVersion}`;
}

/**
 * Breaks text into at most `maxLines` lines no wider than `maxWidth` px, at spaces; the last line
 * ends in an ellipsis when the text did not fit, so nothing is cut without a sign.
 */
export function wrapText(
  text: string,
  style: { fontSize: number; bold?: boolean },
  maxWidth: number,
  maxLines: number,
): string[] {
  const width = (s: string) => textWidth(s, style.fontSize, style.bold ?? false);
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (width(candidate) <= maxWidth || line === "") {
      line = candidate;
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "") lines.push(line);
  if (lines.length <= maxLines && lines.every((l) => width(l) <= maxWidth)) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[kept.length - 1] ?? "";
  while (last.length > 0 && width(`${last}…`) > maxWidth) last = last.slice(0, -1).trimEnd();
  kept[kept.length - 1] = `${last}…`;
  return kept;
}

/** Text for SVG and XML attributes and content. */
export function xmlEscape(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}
