import { formatMoney, formatMoneyShort } from "../src/domain/money";
import { escapeMrkdwn } from "./escape";
import type { Block } from "./message";

/** 0.873 → "87%"; null → the fallback ("n/a" unless told). */
export function percent(ratio: number | null, fallback = "n/a"): string {
  return ratio === null ? fallback : `${Math.round(ratio * 100)}%`;
}

/** 0.07 → "+7%", -0.031 → "−3%". */
export function signedPercent(ratio: number | null, fallback = "n/a"): string {
  if (ratio === null) return fallback;
  const r = Math.round(ratio * 100);
  return r > 0 ? `+${r}%` : r < 0 ? `−${Math.abs(r)}%` : "0%";
}

export function money(cents: number, currency: string): string {
  return formatMoney(cents, currency);
}

/**
 * Headline money with three significant digits: "$1.24M", "$486K", "$55.1K" (formatMoneyCompact
 * keeps two decimals, "$485.71K", which reads as false precision on a phone).
 */
export function compact(cents: number, currency: string): string {
  return formatMoneyShort(cents, currency);
}

export { count } from "../src/domain/count";

/** The bold one-line headline every answer opens with: the figures a reader needs first. */
export function headline(lead: string, rest: readonly string[]): Block {
  return section([`*${lead}*`, ...rest].join(" · "));
}

/** "team:West" → "Team West", "company" → "Company"; escaped for mrkdwn by the caller if needed. */
export function scopeTitle(scopeKey: string): string {
  if (scopeKey === "company") return "Company";
  const i = scopeKey.indexOf(":");
  const kind = scopeKey.slice(0, i);
  return `${kind.charAt(0).toUpperCase()}${kind.slice(1)} ${scopeKey.slice(i + 1)}`;
}

/** Data text for mrkdwn: escaped, with a dash for missing values. */
export function data(text: string | null | undefined): string {
  return text ? escapeMrkdwn(text) : "—";
}

/** Splits lines into section texts of at most `max` characters each, never cutting a line silently. */
export function chunkLines(lines: readonly string[], max = 2900): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const raw of lines) {
    const line = raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** The page of a list, with the page clamped into range. */
export function pageOf<T>(
  items: readonly T[],
  page: number,
  size: number,
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(p * size, (p + 1) * size), page: p, pages };
}

/** A section of mrkdwn text (already escaped and within the section limit: see chunkLines). */
export function section(text: string): Block {
  return { type: "section", text: { type: "mrkdwn", text } };
}
