import { formatMoney, formatMoneyShort } from "../domain/money";
import { MONTH_NAMES } from "../domain/period";
import type { DateFigure, MoneyFigure, PeriodFigure, RatioFigure } from "./figures";

/**
 * How the deterministic summary writes each figure, and the renderings the prompt shows Claude
 * beside the raw value so that its reply starts from the same text.
 */
/** "$1.23M", "$486K", "$950": three significant digits, as the Slack answers' headlines show money. */
export function compactMoney(figure: MoneyFigure, currency: string): string {
  return formatMoneyShort(figure.cents, currency);
}

/** "$1,234,567" */
export function fullMoney(figure: MoneyFigure, currency: string): string {
  return formatMoney(figure.cents, currency);
}

/**
 * 0.417 → "42%"; 0.062 → "6.2%"; 0.976 → "97.6%": a decimal near 0 and near 100%, where a MAPE
 * against 8% or data accuracy against 98% would otherwise round onto its target.
 */
export function percentText(ratio: number): string {
  const pct = ratio * 100;
  const abs = Math.abs(pct);
  const digits = abs < 10 || (abs > 90 && abs < 100) ? 1 : 0;
  return `${Number(pct.toFixed(digits))}%`;
}

/** 3.04 → "3.0x"; 0.873 → "0.87" (a score); percents as percentText. */
export function ratioText(figure: RatioFigure): string {
  if (figure.shownAs === "multiple") return `${figure.value.toFixed(1)}x`;
  if (figure.shownAs === "score") return figure.value.toFixed(2);
  return percentText(figure.value);
}

/** The month names, as the domain spells them. */
export const MONTHS = MONTH_NAMES;

/** "2026-12-04" → "Dec 4" (the year is the pre-read's own, so it is left out) */
export function dateText(figure: DateFigure): string {
  const [, m, d] = figure.value.split("-").map(Number) as [number, number, number];
  return `${(MONTHS[m - 1] as string).slice(0, 3)} ${d}`;
}

/** "2026-11" → "November 2026", "2026-Q4" → "Q4 FY2026", "FY2026" stays */
export function periodText(figure: PeriodFigure): string {
  const month = /^(\d{4})-(\d{2})$/.exec(figure.key);
  if (month) return `${MONTHS[Number(month[2]) - 1]} ${month[1]}`;
  const quarter = /^(\d{4})-(Q[1-4])$/.exec(figure.key);
  if (quarter) return `${quarter[2]} FY${quarter[1]}`;
  return figure.key;
}

/** "November" of a month period, the label itself otherwise: the short name a sentence uses. */
export function periodShortText(figure: PeriodFigure): string {
  const month = /^\d{4}-(\d{2})$/.exec(figure.key);
  return month ? (MONTHS[Number(month[1]) - 1] as string) : periodText(figure);
}
