import type { AttainmentResult } from "../domain/analyses/attainment";
import type { DataQualityResult } from "../domain/analyses/data-quality";
import type { RiskDeal } from "../domain/analyses/deal-risk";
import type { ForecastResult } from "../domain/analyses/forecast";
import type { AccuracyTrend, ForecastAccuracyResult } from "../domain/analyses/forecast-accuracy";
import type { PipelineResult } from "../domain/analyses/pipeline";
import {
  count,
  date,
  type MonthlyReviewFigures,
  money,
  multiple,
  percent,
  period,
  type RiskFigures,
  text,
} from "./figures";

/**
 * A monthly review's figures from the stored analyses (company scope): the month just closed for
 * attainment and accuracy, the month ahead for forecast, coverage and risk. Each input names only
 * the fields it reads, so any stored payload of that analysis fits.
 */
export interface MonthlyReviewAnalyses {
  currency: string;
  attainment: Pick<AttainmentResult, "period" | "asOfDate" | "bookingsCents" | "quotaCents" | "attainment">;
  forecast: {
    period: ForecastResult["period"];
    scenarios: ForecastResult["scenarios"];
    goal: Pick<ForecastResult["goal"], "gapCents">;
  };
  accuracy: Pick<ForecastAccuracyResult, "targetMape"> & {
    trend: { series: Pick<AccuracyTrend, "source" | "horizonDays" | "mape" | "periodsAveraged">[] };
  };
  pipeline: { coverage: Pick<PipelineResult["coverage"], "ratio" | "status" | "healthyRatio"> };
  /** the register, highest revenue at risk first */
  dealRisk: { register: Pick<RiskDeal, "dealId" | "name" | "amountCents" | "summary">[] };
  dataQuality: Pick<DataQualityResult, "accuracy" | "target">;
  /** the prior review's completion rate and its target; null while no action items are tracked */
  actionItems: { completion: number | null; target: number } | null;
}

/** The horizon the monthly review reports accuracy at (metrics.md: target MAPE < 8% at 30 days). */
export const REVIEW_HORIZON_DAYS = 30;
/** The bot's own snapshots stand for "our method" once they average this many months. */
export const SNAPSHOT_MONTHS_FOR_OUR_METHOD = 3;
export const TOP_RISKS_IN_SUMMARY = 3;

function mapeOf(a: MonthlyReviewAnalyses["accuracy"], source: AccuracyTrend["source"]) {
  return a.trend.series.find((s) => s.source === source && s.horizonDays === REVIEW_HORIZON_DAYS);
}

export function monthlyReviewFigures(a: MonthlyReviewAnalyses): MonthlyReviewFigures {
  const att = a.attainment;
  const snapshots = mapeOf(a.accuracy, "snapshots");
  // our method is the bot's own forecast; until its snapshots cover enough months, its backtest
  const ours =
    snapshots && snapshots.mape !== null && snapshots.periodsAveraged >= SNAPSHOT_MONTHS_FOR_OUR_METHOD
      ? snapshots
      : mapeOf(a.accuracy, "backtest");
  const submitted = mapeOf(a.accuracy, "submissions");
  const coverage = a.pipeline.coverage;
  return {
    ritual: "monthly-review",
    currency: a.currency,
    period: period(att.period.key, att.period.start, att.period.end),
    asOf: date(att.asOfDate),
    close: {
      bookings: money(att.bookingsCents),
      plan: att.quotaCents > 0 ? money(att.quotaCents) : null,
      attainment: att.attainment === null ? null : percent(att.attainment),
    },
    forecast: {
      period: period(a.forecast.period.key, a.forecast.period.start, a.forecast.period.end),
      base: money(a.forecast.scenarios.baseCents),
      low: money(a.forecast.scenarios.conservativeCents),
      high: money(a.forecast.scenarios.upsideCents),
      gapToGoal: a.forecast.goal.gapCents === null ? null : money(a.forecast.goal.gapCents),
    },
    accuracy: {
      horizon: count(REVIEW_HORIZON_DAYS, "days"),
      ourMape: ours?.mape == null ? null : percent(ours.mape),
      submittedMape: submitted?.mape == null ? null : percent(submitted.mape),
      target: percent(a.accuracy.targetMape),
    },
    coverage: {
      ratio: coverage.ratio === null ? null : multiple(coverage.ratio),
      status: coverage.status,
      healthy: multiple(coverage.healthyRatio),
    },
    topRisks: a.dealRisk.register.slice(0, TOP_RISKS_IN_SUMMARY).map(
      (d): RiskFigures => ({
        // a deal without a name is still the deal its CRM id names
        deal: text(d.name ?? `deal ${d.dealId}`),
        amount: money(d.amountCents),
        reason: text(d.summary),
      }),
    ),
    actionItems: a.actionItems
      ? {
          completion: a.actionItems.completion === null ? null : percent(a.actionItems.completion),
          target: percent(a.actionItems.target),
        }
      : null,
    dataQuality: {
      accuracy: a.dataQuality.accuracy === null ? null : percent(a.dataQuality.accuracy),
      target: percent(a.dataQuality.target),
    },
  };
}
