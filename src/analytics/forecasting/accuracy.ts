/**
 * Forecast accuracy (metrics.md, "Forecast accuracy"): for each scope and for the previous month
 * (default) and previous quarter, the forecast at 30/60/90 days from each source against the
 * actual, the MAPE/WAPE/bias trend over the last 12 months or 8 quarters, our method's skill
 * against the naive run rate, and what made up F − A.
 *
 * Horizons: a period ends at the instant after its last day in the workspace zone; the forecast
 * for horizon h is the latest one made at or before that end minus h days (a date without a time
 * is the start of that day), and horizonDays reports its real days out.
 */

import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type {
  AccuracyHistory,
  AccuracyTrend,
  ForecastAccuracyResult,
  ForecastSource,
  HorizonForecast,
  Skill,
} from "../../domain/analyses/forecast-accuracy";
import { count } from "../../domain/count";
import { type Scope, scopeKey } from "../../domain/crm";
import { addDays, daysBetween, type Period } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import type { Prepared } from "../prepare/prepare";
import { renderAccuracyText } from "./accuracy-render";
import { type ForecastIndex, indexSnapshots, indexSubmissions, sourceKey } from "./accuracy-sources";
import {
  type AccuracyPoint,
  ape,
  biasDirection,
  horizonDaysOf,
  selectForHorizon,
  skillRatio,
  summarizeAccuracy,
} from "./accuracy-stats";
import { type Backtest, type DealVarianceRow, HORIZONS, scopeBacktestOf, sumOwners } from "./backtest";
import { monthOfDate } from "./calendar";
import { type VariancePart, varianceOfParts, variancePart } from "./variance";

export const TARGET_MAPE = 0.08;
/** Snapshots or submissions become the headline once they cover this many periods with bookings. */
export const MIN_PERIODS_FOR_HEADLINE = 3;
/**
 * Below either of these a scope has too little history for a meaningful accuracy figure, and the
 * headline says so instead of printing one: trend periods with bookings, and deals won per trend
 * period on average. With fewer than 10 deals a period, one deal moves a period's bookings by a
 * tenth or more, so a percentage error against an 8% target measures which deals happened to
 * land, not the forecast (a typical rep of the sample wins 4–7 deals a month: their monthly
 * MAPE runs past 100% for any method, the run rate included).
 */
export const MIN_PERIODS_WITH_BOOKINGS = 6;
export const MIN_WON_DEALS_PER_PERIOD = 10;
/** Months the naive run rate averages. */
export const RUN_RATE_MONTHS = 3;
const SOURCES: ForecastSource[] = ["snapshots", "submissions", "backtest", "naive"];
const SOURCE_LABELS: Record<ForecastSource, string> = {
  snapshots: "the bot's daily forecast snapshots",
  submissions: "submitted forecasts",
  backtest: "backtest: the bot's own forecast method rerun on the data as it stood then",
  naive: "run rate: mean bookings of the three full months before the cutoff",
};

interface ScopeSeries {
  scope: string;
  forecast: Float64Array;
  bookingsMonth: Float64Array;
  bookingsQuarter: Float64Array;
  /** deals won per calendar month (Calendar indexes) */
  wonMonth: Int32Array;
  /** per stored period, the variance parts of the scope's owners (variance.ts) */
  variance: Map<string, VariancePart[]>;
}

/** Deals won per calendar month, per owner: the history check counts them. */
function wonDealsByOwner(prepared: Prepared, bt: Backtest): Map<number, Int32Array> {
  const out = new Map<number, Int32Array>();
  for (const deal of prepared.dataset.deals) {
    if (!deal.isWon) continue;
    const mi = monthOfDate(bt.cal, deal.closeDate);
    if (mi < 0) continue;
    let arr = out.get(deal.ownerId);
    if (!arr) {
      arr = new Int32Array(bt.cal.months.length);
      out.set(deal.ownerId, arr);
    }
    arr[mi] = (arr[mi] as number) + 1;
  }
  return out;
}

export function computeForecastAccuracy(prepared: Prepared): AnalysisResult<ForecastAccuracyResult>[] {
  const bt = prepared.backtest;
  const snapshots = indexSnapshots(prepared.dataset.snapshots, prepared.ctx.timeZone);
  const submissions = indexSubmissions(prepared.dataset.submissions, prepared.ctx.timeZone);
  const wonByOwner = wonDealsByOwner(prepared, bt);
  const partsByOwner = variancePartsByOwner(prepared, bt);
  const results: AnalysisResult<ForecastAccuracyResult>[] = [];
  const stored = [
    { period: prepared.periods.previousMonth, isDefault: true },
    { period: prepared.periods.previousQuarter, isDefault: false },
  ].map((s) => ({ ...s, frame: trendFrameOf(bt, s.period) }));
  for (const scope of prepared.scopes) {
    const series = scopeSeries(prepared, bt, scope, partsByOwner, wonByOwner);
    for (const { period, isDefault, frame } of stored) {
      const payload = accuracyFor(prepared, bt, series, period, frame, snapshots, submissions);
      results.push({ scope: series.scope, period: period.key, isDefault, payload });
    }
  }
  return results;
}

/**
 * Per stored period, each owner's variance part, in the order of the owners' first rows: made once
 * and put together per scope, rather than each scope gathering and walking its reps' rows.
 */
function variancePartsByOwner(prepared: Prepared, bt: Backtest): Map<string, Map<number, VariancePart>> {
  const out = new Map<string, Map<number, VariancePart>>();
  for (const [key, rows] of bt.dealRows) {
    const byOwner = new Map<number, DealVarianceRow[]>();
    for (const r of rows) {
      const list = byOwner.get(r.ownerId);
      if (list) list.push(r);
      else byOwner.set(r.ownerId, [r]);
    }
    const parts = new Map<number, VariancePart>();
    for (const [id, own] of byOwner) parts.set(id, variancePart(own, prepared.repsById));
    out.set(key, parts);
  }
  return out;
}

function scopeSeries(
  prepared: Prepared,
  bt: Backtest,
  scope: Scope,
  partsByOwner: Map<string, Map<number, VariancePart>>,
  wonByOwner: Map<number, Int32Array>,
): ScopeSeries {
  const owners = scope.kind === "company" ? null : prepared.repsIn(scope).map((r) => r.id);
  const variance = new Map<string, VariancePart[]>();
  for (const [key, byOwner] of partsByOwner) {
    const parts: VariancePart[] = [];
    if (owners === null) for (const part of byOwner.values()) parts.push(part);
    else
      for (const id of owners) {
        const part = byOwner.get(id);
        if (part) parts.push(part);
      }
    variance.set(key, parts);
  }
  const wonMonth = new Int32Array(bt.cal.months.length);
  for (const [id, arr] of wonByOwner) {
    if (owners !== null && !owners.includes(id)) continue;
    for (let i = 0; i < arr.length; i++) wonMonth[i] = (wonMonth[i] as number) + (arr[i] as number);
  }
  return {
    scope: scopeKey(scope),
    wonMonth,
    forecast: scopeBacktestOf(bt, scope).forecast,
    bookingsMonth: sumOwners(bt, owners, (s) => s.bookingsMonth, bt.cal.months.length),
    bookingsQuarter: sumOwners(bt, owners, (s) => s.bookingsQuarter, bt.cal.quarters.length),
    variance,
  };
}

function actualOf(bt: Backtest, series: ScopeSeries, period: Period): number {
  const at = bt.cal.byKey.get(period.key);
  if (!at) return 0;
  const arr = at.kind === "month" ? series.bookingsMonth : series.bookingsQuarter;
  return arr[at.index] ?? 0;
}

interface SourceForecast {
  forecastCents: number | null;
  reason: string | null;
  madeOn: string | null;
  /** days out, counted to the instant after the period's last day */
  horizonDays: number | null;
  submittedBy: string | null;
}

const none = (reason: string): SourceForecast => ({
  forecastCents: null,
  reason,
  madeOn: null,
  horizonDays: null,
  submittedBy: null,
});

/** Where a naive forecast's run rate reads: calendar months [first, end) before the cutoff. */
interface RunRateMonths {
  first: number;
  end: number;
  cutoff: string;
}

/** The run rate's months for a period and horizon, or why there are none: the same for every scope. */
function runRateMonths(bt: Backtest, period: Period, h: number): RunRateMonths | string {
  const cutoff = addDays(period.end, 1 - h);
  const mi = monthOfDate(bt.cal, cutoff);
  const first = mi - RUN_RATE_MONTHS;
  const firstMonth = first >= 0 ? bt.cal.months[first] : undefined;
  if (mi < 0 || !firstMonth) return "the run rate's months are outside the data window";
  if (bt.firstDataDate === null || firstMonth.end < bt.firstDataDate)
    return "fewer than three full months of data before the cutoff";
  return { first, end: mi, cutoff };
}

/** The naive forecast in cents over its run-rate months: 1, 3 or 12 months of the mean. */
function runRateCents(months: RunRateMonths, bookingsMonth: Float64Array, kind: Period["kind"]): number {
  let sum = 0;
  for (let i = months.first; i < months.end; i++) sum += bookingsMonth[i] ?? 0;
  const n = kind === "month" ? 1 : kind === "quarter" ? 3 : 12;
  return Math.round((sum / RUN_RATE_MONTHS) * n);
}

/**
 * The naive forecast at horizon h: the run rate, mean bookings of the three full months before
 * the cutoff (the period's end minus h days), for a month; 3 × that for a quarter (12 × for a year).
 * It is made as of the end of the day before the cutoff, so it is exactly h days out.
 */
export function naiveForecast(
  bt: Backtest,
  bookingsMonth: Float64Array,
  period: Period,
  h: number,
): SourceForecast {
  const months = runRateMonths(bt, period, h);
  if (typeof months === "string") return none(months);
  const madeOn = addDays(months.cutoff, -1);
  return {
    forecastCents: runRateCents(months, bookingsMonth, period.kind),
    reason: null,
    madeOn,
    horizonDays: daysBetween(madeOn, period.end),
    submittedBy: null,
  };
}

/** The backtest's forecast of evaluation e at a horizon, in whole cents. */
const backtestCents = (series: ScopeSeries, e: number, horizonIndex: number) =>
  Math.round(series.forecast[e * HORIZONS.length + horizonIndex] ?? 0);

function forecastFrom(
  source: ForecastSource,
  bt: Backtest,
  series: ScopeSeries,
  period: Period,
  horizonIndex: number,
  snapshots: ForecastIndex,
  submissions: ForecastIndex,
): SourceForecast {
  const h = HORIZONS[horizonIndex] as number;
  if (source === "naive") return naiveForecast(bt, series.bookingsMonth, period, h);
  if (source === "backtest") {
    const e = bt.evalIndex.get(period.key);
    if (e === undefined) return none("outside the backtest window");
    // the backtest forecasts as of the end of day t: the instant t + 1 day
    const t = bt.evals[e]?.t[horizonIndex] ?? addDays(period.end, -h);
    return {
      forecastCents: backtestCents(series, e, horizonIndex),
      reason: null,
      madeOn: t,
      horizonDays: daysBetween(t, period.end),
      submittedBy: null,
    };
  }
  const index = source === "snapshots" ? snapshots : submissions;
  const list = index.get(sourceKey(series.scope, period.key));
  if (!list || list.length === 0)
    return none(
      source === "snapshots"
        ? "the bot took no snapshot for this period"
        : "no forecast was submitted for this scope and period",
    );
  const chosen = selectForHorizon(list, period.end, h);
  if (!chosen)
    return none(
      `no ${source === "snapshots" ? "snapshot" : "submission"} made ${h} or more days before the period's end`,
    );
  return {
    forecastCents: chosen.amountCents,
    reason: null,
    madeOn: chosen.madeOn,
    horizonDays: horizonDaysOf(chosen, period.end),
    submittedBy: chosen.by,
  };
}

/** Deals won in the trend periods, from each one's calendar months. */
function wonDealsIn(series: ScopeSeries, frame: TrendFrame): number {
  let n = 0;
  for (const months of frame.months) for (const i of months) n += series.wonMonth[i] ?? 0;
  return n;
}

export function historyOf(
  kind: Period["kind"],
  trendPeriods: number,
  periodsWithBookings: number,
  wonDeals: number,
): AccuracyHistory {
  const reasons: string[] = [];
  if (periodsWithBookings < MIN_PERIODS_WITH_BOOKINGS)
    reasons.push(
      `${periodsWithBookings} of ${trendPeriods} ${kind}s had bookings (${MIN_PERIODS_WITH_BOOKINGS} needed)`,
    );
  if (wonDeals < MIN_WON_DEALS_PER_PERIOD * trendPeriods)
    reasons.push(
      `${wonDeals} deal${wonDeals === 1 ? "" : "s"} won over them, fewer than ${MIN_WON_DEALS_PER_PERIOD} a ${kind}, so a single deal moves a ${kind}'s bookings by a tenth or more`,
    );
  return {
    periodsWithBookings,
    wonDeals,
    sufficient: reasons.length === 0,
    reason: reasons.length ? `too little history for a meaningful figure: ${reasons.join("; ")}` : null,
  };
}

/**
 * Who leads the headline: the bot's own forecast (its snapshots once they have a track record,
 * else our method backtested), unless it does not beat the run rate at 30 days over the same
 * periods; then the submitted calls when they cover MIN_PERIODS_FOR_HEADLINE periods, else the run rate.
 */
export function headlineSourceFor(
  ownSource: "snapshots" | "backtest",
  own: { ourMape: number | null; naiveMape: number | null; ratio: number | null },
  submittedPeriods: number,
): { source: ForecastSource; leadReason: string } {
  const name = ownSource === "snapshots" ? "the bot's own forecast (its daily snapshots)" : "our method";
  if (own.ratio === null || own.ratio < 1)
    return {
      source: ownSource,
      leadReason:
        ownSource === "snapshots"
          ? "the bot's own forecast, from its daily snapshots"
          : "our method: the bot's forecast as it would have been made at each cutoff",
    };
  const beaten = `${name} does not beat the run rate at 30 days for this scope (MAPE ${pct(own.ourMape)} against ${pct(own.naiveMape)})`;
  return submittedPeriods >= MIN_PERIODS_FOR_HEADLINE
    ? { source: "submissions", leadReason: `${beaten}, so the submitted calls lead` }
    : { source: "naive", leadReason: `${beaten}, so the run rate leads` };
}

const pct = (x: number | null) => (x === null ? "n/a" : `${Math.round(x * 100)}%`);

/** What one scope's figures are read from: its backtest and series, and the stored forecasts. */
interface ScopeSources {
  bt: Backtest;
  series: ScopeSeries;
  snapshots: ForecastIndex;
  submissions: ForecastIndex;
}

const forecastOf = (src: ScopeSources, source: ForecastSource, period: Period, horizonIndex: number) =>
  forecastFrom(source, src.bt, src.series, period, horizonIndex, src.snapshots, src.submissions);

/** The trend's periods: those of the same kind up to this one, from the first data on (this one always). */
function trendPeriodsOf(bt: Backtest, period: Period): Period[] {
  return bt.evals
    .map((e) => e.period)
    .filter((p) => p.kind === period.kind && p.end <= period.end)
    .filter((p) => p.key === period.key || bt.firstDataDate === null || p.end >= bt.firstDataDate);
}

/** Each horizon's forecast from each source for this period, with its error against the actual. */
function horizonsOf(src: ScopeSources, period: Period, actual: number): ForecastAccuracyResult["horizons"] {
  return HORIZONS.map((h, hi) => ({
    horizonDays: h,
    sources: SOURCES.map((source): HorizonForecast => {
      const f = forecastOf(src, source, period, hi);
      const error = f.forecastCents === null ? null : f.forecastCents - actual;
      const a = f.forecastCents === null ? null : ape(f.forecastCents, actual);
      return {
        source,
        forecastCents: f.forecastCents,
        reason: f.reason,
        madeOn: f.madeOn,
        horizonDays: f.horizonDays,
        submittedBy: f.submittedBy,
        errorCents: error,
        ape: a,
        apeReason:
          f.forecastCents === null
            ? "no forecast"
            : a === null
              ? "actual bookings are zero, so APE is undefined"
              : null,
      };
    }),
  }));
}

/**
 * The scope-free part of a trend: its periods, each one's calendar entry and, per horizon, its
 * run-rate months; found once per stored period rather than once per scope (106 accuracy
 * documents on the sample).
 */
interface TrendFrame {
  periods: Period[];
  /** per trend period, its index among the backtest's evaluations (undefined: outside) */
  evals: (number | undefined)[];
  /** per trend period and horizon (period × HORIZONS.length + horizon), the run rate's months */
  runRate: (RunRateMonths | string)[];
  /** per trend period, the calendar months it holds */
  months: number[][];
}

function trendFrameOf(bt: Backtest, period: Period): TrendFrame {
  const periods = trendPeriodsOf(bt, period);
  return {
    periods,
    evals: periods.map((p) => bt.evalIndex.get(p.key)),
    runRate: periods.flatMap((p) => HORIZONS.map((h) => runRateMonths(bt, p, h))),
    months: periods.map((p) => {
      const inside: number[] = [];
      bt.cal.months.forEach((m, i) => {
        if (m.start >= p.start && m.end <= p.end) inside.push(i);
      });
      return inside;
    }),
  };
}

/**
 * Per source and horizon, the forecast against the actual over the trend periods, and its summary.
 * Only the forecasts' cents are read here, by the same helpers forecastFrom uses (their dates and
 * reasons are shown for the stored period only): building the full SourceForecast of all 12
 * source-horizon pairs of 12 periods for every document was most of this analysis's time.
 */
function trendOf(
  src: ScopeSources,
  frame: TrendFrame,
): { trend: AccuracyTrend[]; pointsBy: Map<string, AccuracyPoint[]> } {
  const { bt, series } = src;
  const n = frame.periods.length;
  const H = HORIZONS.length;
  // cents[(source × H + horizon) × n + period]
  const cents: (number | null)[] = new Array(SOURCES.length * H * n);
  const actuals: number[] = new Array(n);
  for (let pi = 0; pi < n; pi++) {
    const p = frame.periods[pi] as Period;
    actuals[pi] = actualOf(bt, series, p);
    const e = frame.evals[pi];
    const key = sourceKey(series.scope, p.key);
    SOURCES.forEach((source, si) => {
      const list = source === "snapshots" ? src.snapshots.get(key) : src.submissions.get(key);
      for (let hi = 0; hi < H; hi++) {
        let f: number | null;
        if (source === "naive") {
          const months = frame.runRate[pi * H + hi] as RunRateMonths | string;
          f = typeof months === "string" ? null : runRateCents(months, series.bookingsMonth, p.kind);
        } else if (source === "backtest") f = e === undefined ? null : backtestCents(series, e, hi);
        else f = list ? (selectForHorizon(list, p.end, HORIZONS[hi] as number)?.amountCents ?? null) : null;
        cents[(si * H + hi) * n + pi] = f;
      }
    });
  }
  const trend: AccuracyTrend[] = [];
  const pointsBy = new Map<string, AccuracyPoint[]>();
  SOURCES.forEach((source, si) => {
    HORIZONS.forEach((h, hi) => {
      const points = frame.periods.map((p, pi) => {
        const f = cents[(si * H + hi) * n + pi] as number | null;
        const a = actuals[pi] as number;
        return {
          period: p.key,
          forecastCents: f,
          actualCents: a,
          errorCents: f === null ? null : f - a,
          ape: f === null ? null : ape(f, a),
        };
      });
      pointsBy.set(`${source}|${h}`, points);
      trend.push({ source, horizonDays: h, points, ...summarizeAccuracy(points) });
    });
  });
  return { trend, pointsBy };
}

/** Our method's skill against the run rate, per horizon. */
function skillOf(pointsBy: Map<string, AccuracyPoint[]>, kind: Period["kind"]): Skill[] {
  return HORIZONS.map((h) => {
    const r = skillRatio(pointsBy.get(`backtest|${h}`) ?? [], pointsBy.get(`naive|${h}`) ?? []);
    return {
      horizonDays: h,
      periodKind: kind,
      ...r,
      beatsNaive: r.ratio === null ? null : r.ratio < 1,
    };
  });
}

/** The headline at 30 days from the leading source, the others compared, or why none is shown. */
function headlineOf(
  find: (source: ForecastSource, h: number) => AccuracyTrend,
  headlineSource: ForecastSource,
  leadReason: string,
  history: AccuracyHistory,
): ForecastAccuracyResult["headline"] {
  const head = find(headlineSource, 30);
  const shown = history.sufficient;
  const compared = shown
    ? (["backtest", "snapshots", "submissions", "naive"] as const)
        .filter((source) => source !== headlineSource && find(source, 30).periodsAveraged > 0)
        .map((source) => ({
          source,
          sourceLabel: SOURCE_LABELS[source],
          mape: find(source, 30).mape,
          periodsAveraged: find(source, 30).periodsAveraged,
        }))
    : [];
  return {
    horizonDays: 30,
    source: headlineSource,
    sourceLabel: SOURCE_LABELS[headlineSource],
    mape: shown ? head.mape : null,
    meetsTarget: !shown || head.mape === null ? null : head.mape < TARGET_MAPE,
    wape: shown ? head.wape : null,
    bias: shown ? head.bias : null,
    biasDirection: shown ? biasDirection(head.bias) : null,
    reason: shown ? head.reason : history.reason,
    periodsAveraged: head.periodsAveraged,
    leadReason,
    compared,
    history,
  };
}

function notesOf(ownSource: ForecastSource, dealsUsingCurrentValues: number): string[] {
  const notes: string[] = [];
  if (ownSource !== "snapshots")
    notes.push(
      `The bot's own figure is our method backtested until its snapshots cover ${MIN_PERIODS_FOR_HEADLINE} periods with bookings.`,
    );
  notes.push(
    "Backtests rerun the bot's forecast (stage-weighted, run rate and Monte Carlo mean, blended) on each deal's stage and close date as they stood, with close rates learned only from earlier periods; deal amounts are today's.",
  );
  if (dealsUsingCurrentValues > 0)
    notes.push(
      `${count(dealsUsingCurrentValues, "deal")} in the contributors had no stage or close-date history; their current values stood in for the past ones.`,
    );
  return notes;
}

function accuracyFor(
  prepared: Prepared,
  bt: Backtest,
  series: ScopeSeries,
  period: Period,
  frame: TrendFrame,
  snapshots: ForecastIndex,
  submissions: ForecastIndex,
): ForecastAccuracyResult {
  const src: ScopeSources = { bt, series, snapshots, submissions };
  const actual = actualOf(bt, series, period);
  const trendPeriods = frame.periods;
  const horizons = horizonsOf(src, period, actual);
  const { trend, pointsBy } = trendOf(src, frame);
  const find = (source: ForecastSource, h: number) =>
    trend.find((t) => t.source === source && t.horizonDays === h) as AccuracyTrend;
  const history = historyOf(
    period.kind,
    trendPeriods.length,
    trendPeriods.filter((p) => actualOf(bt, series, p) > 0).length,
    wonDealsIn(series, frame),
  );
  // The bot's own forecast: its snapshots once they have a track record, else our method
  // backtested (there from day one); either gives way when our method does not beat the run rate.
  const ownSource =
    find("snapshots", 30).periodsAveraged >= MIN_PERIODS_FOR_HEADLINE ? "snapshots" : "backtest";
  const { source: headlineSource, leadReason } = headlineSourceFor(
    ownSource,
    skillRatio(pointsBy.get(`${ownSource}|30`) ?? [], pointsBy.get("naive|30") ?? []),
    find("submissions", 30).periodsAveraged,
  );

  const e = bt.evalIndex.get(period.key) ?? 0;
  const forecast30 = Math.round(series.forecast[e * HORIZONS.length] ?? 0);
  const variance = varianceOfParts(
    series.variance.get(period.key) ?? [],
    prepared.repsById,
    forecast30,
    actual,
    30,
  );
  return {
    scope: series.scope,
    period: { key: period.key, kind: period.kind, start: period.start, end: period.end },
    asOf: prepared.ctx.asOf,
    actualCents: actual,
    targetMape: TARGET_MAPE,
    headline: headlineOf(find, headlineSource, leadReason, history),
    horizons,
    trend: { periodKind: period.kind, periods: trendPeriods.map((p) => p.key), series: trend },
    skill: skillOf(pointsBy, period.kind),
    variance,
    notes: notesOf(ownSource, variance.dealsUsingCurrentValues),
  };
}

export const forecastAccuracy: AnalysisDefinition<ForecastAccuracyResult> = {
  ...ANALYSIS_SPECS["forecast-accuracy"],
  compute: (prepared) => ({ results: computeForecastAccuracy(prepared) }),
  renderText: renderAccuracyText,
};
