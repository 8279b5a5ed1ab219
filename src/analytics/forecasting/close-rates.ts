/**
 * In-period close rates (metrics.md, "Next-period forecast"): for a stage s, a period kind and a
 * horizon h, the share of the amount of the deals that were open at stage s h days before a
 * period's end, with their close date in that period, that was won within the period. A stage win
 * rate counts a deal won a quarter later as a win; a forecast for this period must not, which is
 * why the live forecast projected reps at 237–271% of quota.
 *
 * Learned from the completed periods of the kind that ended on or before the forecast date (the
 * latest TREND_PERIODS of them), so the live forecast (date = today) and the backtest (date = the
 * cutoff) apply one rule to what was known on that date. A stage with fewer than
 * MIN_DEALS_FOR_CLOSE_RATE such deals takes its prior: the mean CRM probability of the deals now in
 * it, else its place in the funnel (as stage win rates do; CRM probabilities have no history).
 *
 * The forecast dates ("cutoffs") are laid out once: every completed month, then every completed
 * quarter of the calendar window, each at every horizon; cutoff j = period × HORIZONS.length + h.
 */
import type { Deal } from "../../domain/crm";
import { addDays, daysBetween, type Period, type PeriodKind } from "../../domain/period";
import { isClosedStageName } from "../metrics/stages";
import { endOfDay } from "./as-of";
import { type Calendar, HORIZONS, horizonIndexFor, trendLength } from "./calendar";

export const MIN_DEALS_FOR_CLOSE_RATE = 20;

export interface Cutoff {
  kind: PeriodKind;
  /** index of the period in the calendar's months or quarters */
  calIndex: number;
  horizonIndex: number;
  period: Period;
  /** the forecast date: period end − horizon */
  t: string;
  /** endOfDay(t) */
  tEnd: string;
  /** calendar index of the last period of the kind that ended on or before t (−1 for none) */
  lastCompleted: number;
}

export interface Cutoffs {
  list: Cutoff[];
  /** completed months and quarters of the calendar: cutoffs of month i start at i × H, of quarter i at (months + i) × H */
  months: number;
  quarters: number;
}

export function cutoffIndex(c: Cutoffs, kind: PeriodKind, calIndex: number, horizonIndex: number): number {
  return ((kind === "quarter" ? c.months : 0) + calIndex) * HORIZONS.length + horizonIndex;
}

export function buildCutoffs(cal: Calendar): Cutoffs {
  const list: Cutoff[] = [];
  const add = (kind: PeriodKind, periods: Period[], n: number) => {
    for (let i = 0; i < n; i++) {
      const period = periods[i] as Period;
      HORIZONS.forEach((h, hi) => {
        const t = addDays(period.end, -h);
        list.push({
          kind,
          calIndex: i,
          horizonIndex: hi,
          period,
          t,
          tEnd: endOfDay(t),
          lastCompleted: lastEndedBy(periods, t),
        });
      });
    }
  };
  add("month", cal.months, cal.currentMonth);
  add("quarter", cal.quarters, cal.currentQuarter);
  return { list, months: cal.currentMonth, quarters: cal.currentQuarter };
}

/** The index of the last period that ended on or before `date`, −1 when none did. */
export function lastEndedBy(periods: readonly Period[], date: string): number {
  let last = -1;
  for (let i = 0; i < periods.length && (periods[i] as Period).end <= date; i++) last = i;
  return last;
}

/** The horizon a deal closing in `month` is seen at from `date`: the month's days left, as a slot's. */
export function monthHorizonIndex(month: Period, date: string): number {
  return horizonIndexFor(Math.max(0, daysBetween(date, month.end)));
}

/**
 * Open stages by funnel position; index `stages.length` stands for any other stage (one first seen
 * later), whose prior is the deal's CRM probability when known, else 0.
 */
export interface StageIndex {
  stages: readonly string[];
  indexOf: (stage: string) => number;
  /** per stage index: the rate used without enough deals */
  prior: Float64Array;
}

export function stageIndex(order: readonly string[], deals: readonly Deal[]): StageIndex {
  const at = new Map(order.map((s, i) => [s, i]));
  const sum = new Float64Array(order.length);
  const n = new Float64Array(order.length);
  for (const d of deals) {
    if (d.probability === null) continue;
    const i = at.get(d.stage);
    if (i === undefined || isClosedStageName(d.stage)) continue;
    sum[i] = (sum[i] as number) + d.probability;
    n[i] = (n[i] as number) + 1;
  }
  const prior = new Float64Array(order.length + 1);
  order.forEach((_, i) => {
    prior[i] =
      (n[i] as number) > 0 ? (sum[i] as number) / (n[i] as number) / 100 : (i + 1) / (order.length + 1);
  });
  return { stages: order, indexOf: (stage) => at.get(stage) ?? order.length, prior };
}

/** What the deals open at each cutoff did: amount, count and amount won within the period, per stage. */
export interface CloseRateTraining {
  width: number;
  amount: Float64Array;
  count: Float64Array;
  won: Float64Array;
}

export function newTraining(cutoffs: Cutoffs, stages: StageIndex): CloseRateTraining {
  const width = stages.stages.length + 1;
  const n = cutoffs.list.length * width;
  return { width, amount: new Float64Array(n), count: new Float64Array(n), won: new Float64Array(n) };
}

export function addTraining(
  tr: CloseRateTraining,
  cutoff: number,
  stage: number,
  amountCents: number,
  wonInPeriod: boolean,
): void {
  const k = cutoff * tr.width + stage;
  tr.amount[k] = (tr.amount[k] as number) + amountCents;
  tr.count[k] = (tr.count[k] as number) + 1;
  if (wonInPeriod) tr.won[k] = (tr.won[k] as number) + amountCents;
}

export interface CloseRates {
  /** per stage index, 0..1 */
  rate: Float64Array;
  /** per stage index: learned (true) or the prior */
  learned: Uint8Array;
  /** per stage index: the deals it was learned from */
  deals: Float64Array;
  /** the periods learned from */
  periods: string[];
}

/**
 * The in-period close rates for a kind and horizon as known on `date`: pooled over the latest
 * TREND_PERIODS completed periods of the kind that ended on or before it.
 */
export function closeRatesAt(
  tr: CloseRateTraining,
  cutoffs: Cutoffs,
  stages: StageIndex,
  kind: PeriodKind,
  horizonIndex: number,
  date: string,
): CloseRates {
  const w = tr.width;
  const amount = new Float64Array(w);
  const won = new Float64Array(w);
  const deals = new Float64Array(w);
  const n = kind === "quarter" ? cutoffs.quarters : cutoffs.months;
  const periods: string[] = [];
  for (let i = n - 1; i >= 0 && periods.length < trendLength(kind); i--) {
    const j = cutoffIndex(cutoffs, kind, i, horizonIndex);
    const c = cutoffs.list[j] as Cutoff;
    if (c.period.end > date) continue;
    periods.push(c.period.key);
    for (let s = 0; s < w; s++) {
      amount[s] = (amount[s] as number) + (tr.amount[j * w + s] as number);
      won[s] = (won[s] as number) + (tr.won[j * w + s] as number);
      deals[s] = (deals[s] as number) + (tr.count[j * w + s] as number);
    }
  }
  const rate = new Float64Array(w);
  const learned = new Uint8Array(w);
  for (let s = 0; s < w; s++) {
    const enough = (deals[s] as number) >= MIN_DEALS_FOR_CLOSE_RATE && (amount[s] as number) > 0;
    learned[s] = enough ? 1 : 0;
    rate[s] = enough ? (won[s] as number) / (amount[s] as number) : (stages.prior[s] as number);
  }
  return { rate, learned, deals, periods: periods.reverse() };
}

/** A deal's rate: an unknown stage without enough deals takes the deal's CRM probability when known. */
export function rateOf(
  rates: CloseRates,
  stages: StageIndex,
  stage: number,
  crmProbability: number | null,
): number {
  if (stage === stages.stages.length && !rates.learned[stage] && crmProbability !== null)
    return Math.min(1, Math.max(0, crmProbability / 100));
  return rates.rate[stage] as number;
}
