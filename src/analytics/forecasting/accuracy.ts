/**
 * Forecast accuracy (metrics.md, "Forecast accuracy"): for each scope and for the previous month
 * (default) and previous quarter, the forecast at 30/60/90 days from each source against the
 * actual, the MAPE/WAPE/bias trend over the last 12 months or 8 quarters, and what made up F − A.
 */
import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type {
  AccuracyTrend,
  ForecastAccuracyResult,
  ForecastSource,
  HorizonForecast,
} from "../../domain/analyses/forecast-accuracy";
import { type Scope, scopeKey } from "../../domain/crm";
import { addDays, daysBetween, type Period } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import type { Prepared } from "../prepare/prepare";
import { renderAccuracyText } from "./accuracy-render";
import { type ForecastIndex, indexSnapshots, indexSubmissions, sourceKey } from "./accuracy-sources";
import { ape, biasDirection, selectForHorizon, summarizeAccuracy } from "./accuracy-stats";
import { type Backtest, type DealVarianceRow, HORIZONS, scopeBacktestOf, sumOwners } from "./backtest";
import { buildVariance } from "./variance";

export const TARGET_MAPE = 0.08;
/** Snapshots or submissions become the headline once they cover this many periods with bookings. */
export const MIN_PERIODS_FOR_HEADLINE = 3;
const SOURCES: ForecastSource[] = ["snapshots", "submissions", "backtest"];
const SOURCE_LABELS: Record<ForecastSource, string> = {
  snapshots: "the bot's daily forecast snapshots",
  submissions: "submitted forecasts",
  backtest: "backtest: the bot's own forecast method rerun on the data as it stood then",
};

interface ScopeSeries {
  scope: string;
  forecast: Float64Array;
  bookingsMonth: Float64Array;
  bookingsQuarter: Float64Array;
  rows: Map<string, DealVarianceRow[]>;
}

export function computeForecastAccuracy(prepared: Prepared): AnalysisResult<ForecastAccuracyResult>[] {
  const bt = prepared.backtest;
  const snapshots = indexSnapshots(prepared.dataset.snapshots);
  const submissions = indexSubmissions(prepared.dataset.submissions, prepared.ctx.timeZone);
  const rowsByOwner = new Map<string, Map<number, DealVarianceRow[]>>();
  for (const [key, rows] of bt.dealRows) {
    const m = new Map<number, DealVarianceRow[]>();
    for (const r of rows) {
      const list = m.get(r.ownerId);
      if (list) list.push(r);
      else m.set(r.ownerId, [r]);
    }
    rowsByOwner.set(key, m);
  }
  const results: AnalysisResult<ForecastAccuracyResult>[] = [];
  const stored = [
    { period: prepared.periods.previousMonth, isDefault: true },
    { period: prepared.periods.previousQuarter, isDefault: false },
  ];
  for (const scope of prepared.scopes) {
    const series = scopeSeries(prepared, bt, scope, rowsByOwner);
    for (const { period, isDefault } of stored) {
      const payload = accuracyFor(prepared, bt, series, period, snapshots, submissions);
      results.push({ scope: series.scope, period: period.key, isDefault, payload });
    }
  }
  return results;
}

function scopeSeries(
  prepared: Prepared,
  bt: Backtest,
  scope: Scope,
  rowsByOwner: Map<string, Map<number, DealVarianceRow[]>>,
): ScopeSeries {
  const owners = scope.kind === "company" ? null : prepared.repsIn(scope).map((r) => r.id);
  const rows = new Map<string, DealVarianceRow[]>();
  for (const [key, byOwner] of rowsByOwner) {
    rows.set(
      key,
      owners === null ? [...byOwner.values()].flat() : owners.flatMap((id) => byOwner.get(id) ?? []),
    );
  }
  return {
    scope: scopeKey(scope),
    forecast: scopeBacktestOf(bt, scope).forecast,
    bookingsMonth: sumOwners(bt, owners, (s) => s.bookingsMonth, bt.cal.months.length),
    bookingsQuarter: sumOwners(bt, owners, (s) => s.bookingsQuarter, bt.cal.quarters.length),
    rows,
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
  submittedBy: string | null;
}

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
  const e = bt.evalIndex.get(period.key);
  // the backtest's periods carry their forecast dates; parse dates only for any other period
  const cutoff = (e === undefined ? undefined : bt.evals[e]?.t[horizonIndex]) ?? addDays(period.end, -h);
  if (source === "backtest") {
    if (e === undefined)
      return { forecastCents: null, reason: "outside the backtest window", madeOn: null, submittedBy: null };
    return {
      forecastCents: Math.round(series.forecast[e * HORIZONS.length + horizonIndex] ?? 0),
      reason: null,
      madeOn: cutoff,
      submittedBy: null,
    };
  }
  const index = source === "snapshots" ? snapshots : submissions;
  const list = index.get(sourceKey(series.scope, period.key));
  if (!list || list.length === 0)
    return {
      forecastCents: null,
      reason:
        source === "snapshots"
          ? "the bot took no snapshot for this period"
          : "no forecast was submitted for this scope and period",
      madeOn: null,
      submittedBy: null,
    };
  const chosen = selectForHorizon(list, period.end, cutoff);
  if (!chosen)
    return {
      forecastCents: null,
      reason: `no ${source === "snapshots" ? "snapshot" : "submission"} made ${h} or more days before period end`,
      madeOn: null,
      submittedBy: null,
    };
  return { forecastCents: chosen.amountCents, reason: null, madeOn: chosen.madeOn, submittedBy: chosen.by };
}

function accuracyFor(
  prepared: Prepared,
  bt: Backtest,
  series: ScopeSeries,
  period: Period,
  snapshots: ForecastIndex,
  submissions: ForecastIndex,
): ForecastAccuracyResult {
  const actual = actualOf(bt, series, period);
  const trendPeriods = bt.evals
    .map((e) => e.period)
    .filter((p) => p.kind === period.kind && p.end <= period.end)
    .filter((p) => p.key === period.key || bt.firstDataDate === null || p.end >= bt.firstDataDate);

  const horizons = HORIZONS.map((h, hi) => ({
    horizonDays: h,
    sources: SOURCES.map((source): HorizonForecast => {
      const f = forecastFrom(source, bt, series, period, hi, snapshots, submissions);
      const error = f.forecastCents === null ? null : f.forecastCents - actual;
      const a = f.forecastCents === null ? null : ape(f.forecastCents, actual);
      return {
        source,
        forecastCents: f.forecastCents,
        reason: f.reason,
        madeOn: f.madeOn,
        horizonDays: f.madeOn === null ? null : daysBetween(f.madeOn, period.end),
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

  const trend: AccuracyTrend[] = [];
  for (const source of SOURCES) {
    HORIZONS.forEach((h, hi) => {
      const points = trendPeriods.map((p) => {
        const f = forecastFrom(source, bt, series, p, hi, snapshots, submissions).forecastCents;
        const a = actualOf(bt, series, p);
        return {
          period: p.key,
          forecastCents: f,
          actualCents: a,
          errorCents: f === null ? null : f - a,
          ape: f === null ? null : ape(f, a),
        };
      });
      trend.push({ source, horizonDays: h, points, ...summarizeAccuracy(points) });
    });
  }

  const find = (source: ForecastSource, h: number) =>
    trend.find((t) => t.source === source && t.horizonDays === h) as AccuracyTrend;
  // The bot's own forecast once it has a track record, else the team's submitted forecast, else
  // the backtest (always available, but a model's hindsight rather than a forecast anyone made).
  const headlineSource: ForecastSource =
    (["snapshots", "submissions"] as const).find(
      (source) => find(source, 30).periodsAveraged >= MIN_PERIODS_FOR_HEADLINE,
    ) ?? "backtest";
  const head = find(headlineSource, 30);

  const e = bt.evalIndex.get(period.key) ?? 0;
  const forecast30 = Math.round(series.forecast[e * HORIZONS.length] ?? 0);
  const variance = buildVariance(
    series.rows.get(period.key) ?? [],
    prepared.repsById,
    forecast30,
    actual,
    30,
  );

  const notes: string[] = [];
  if (headlineSource !== "snapshots")
    notes.push(
      `Headline uses ${SOURCE_LABELS[headlineSource]} until the bot's own snapshots cover ${MIN_PERIODS_FOR_HEADLINE} periods with bookings.`,
    );
  notes.push(
    "Backtests rerun the bot's forecast (stage-weighted, run rate and Monte Carlo mean, blended) on each deal's stage and close date as they stood, with close rates learned only from earlier periods; deal amounts are today's.",
  );
  if (variance.dealsUsingCurrentValues > 0)
    notes.push(
      `${variance.dealsUsingCurrentValues} deal(s) in the contributors had no stage or close-date history; their current values stood in for the past ones.`,
    );
  return {
    scope: series.scope,
    period: { key: period.key, kind: period.kind, start: period.start, end: period.end },
    asOf: prepared.ctx.asOf,
    actualCents: actual,
    targetMape: TARGET_MAPE,
    headline: {
      horizonDays: 30,
      source: headlineSource,
      sourceLabel: SOURCE_LABELS[headlineSource],
      mape: head.mape,
      meetsTarget: head.mape === null ? null : head.mape < TARGET_MAPE,
      wape: head.wape,
      bias: head.bias,
      biasDirection: biasDirection(head.bias),
      reason: head.reason,
      periodsAveraged: head.periodsAveraged,
    },
    horizons,
    trend: { periodKind: period.kind, periods: trendPeriods.map((p) => p.key), series: trend },
    variance,
    notes,
  };
}

export const forecastAccuracy: AnalysisDefinition<ForecastAccuracyResult> = {
  ...ANALYSIS_SPECS["forecast-accuracy"],
  compute: (prepared) => ({ results: computeForecastAccuracy(prepared) }),
  renderText: renderAccuracyText,
};
