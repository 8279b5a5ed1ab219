/**
 * What the monthly business review deck is built from: the same stored analyses the pre-read
 * posts (each with its trace), the executive summary as posted, and the prior review's action
 * items. The pre-read renders the four charts once and hands the same images to the thread and
 * the deck, so the two never disagree.
 */
import type { AttainmentResult } from "../../domain/analyses/attainment";
import type { DealRiskResult } from "../../domain/analyses/deal-risk";
import type { ForecastResult } from "../../domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../../domain/analyses/forecast-accuracy";
import type { PipelineResult } from "../../domain/analyses/pipeline";
import { attainmentDistributionData, renderAttainmentDistribution } from "../attainment-distribution";
import { ChartInputError } from "../chart-input-error";
import { forecastVsActualData, renderForecastVsActual } from "../forecast-vs-actual";
import { pipelineByStageData, renderPipelineByStage } from "../pipeline-by-stage";
import type { RenderedChart } from "../render";
import { renderScenarioRange, scenarioRangeData } from "../scenario-range";
import type { ChartContext, TracedAnalysis } from "../traced";

/** The prior review's action items (metrics.md, "Action items"). */
export interface DeckActionItems {
  /** which review created them, e.g. "September 2026 review" */
  review: string;
  items: readonly {
    text: string;
    owner: string;
    /** YYYY-MM-DD */
    deadline: string;
    state: "open" | "done" | "dropped";
  }[];
  /** items done by this review / items created at that review; null when none were created */
  completionRate: number | null;
  /** 0.8 */
  target: number;
}

export interface MonthlyDeckInput extends ChartContext {
  /** the month under review, "2026-10" */
  period: string;
  /** the executive summary, one line per entry, as the pre-read posts it */
  executiveSummary: readonly string[];
  /** attainment of the month under review */
  monthClose: TracedAnalysis<AttainmentResult>;
  /** forecast accuracy of the month under review */
  forecastAccuracy: TracedAnalysis<ForecastAccuracyResult>;
  /** the forecast of the period after it */
  nextPeriodForecast: TracedAnalysis<ForecastResult>;
  /** pipeline health of that next period */
  pipeline: TracedAnalysis<PipelineResult>;
  /** the risk register of that next period */
  dealRisk: TracedAnalysis<DealRiskResult>;
  /** null until action items are tracked */
  actionItems: DeckActionItems | null;
}

export interface MonthlyDeckCharts {
  attainmentDistribution: RenderedChart;
  forecastVsActual: RenderedChart;
  scenarioRange: RenderedChart;
  pipelineByStage: RenderedChart;
}

const DECK = "monthly deck";

/**
 * Refuses figures that belong to different reviews: the month close and accuracy must be of the
 * month under review, the forecast, pipeline and risk register of one and the same next period.
 */
export function checkMonthlyDeckInput(input: MonthlyDeckInput): void {
  const closed = [
    ["monthClose", input.monthClose.payload.period.key],
    ["forecastAccuracy", input.forecastAccuracy.payload.period.key],
  ] as const;
  for (const [field, key] of closed)
    if (key !== input.period)
      throw new ChartInputError(DECK, `${field} is for ${key}, not the month under review ${input.period}`);
  const next = input.nextPeriodForecast.payload.period.key;
  const ahead = [
    ["pipeline", input.pipeline.payload.period.key],
    ["dealRisk", input.dealRisk.payload.period.key],
  ] as const;
  for (const [field, key] of ahead)
    if (key !== next)
      throw new ChartInputError(DECK, `${field} is for ${key}, not the forecast's period ${next}`);
  if (input.executiveSummary.length === 0) throw new ChartInputError(DECK, "the executive summary is empty");
}

/** The four charts of the monthly review, from the deck's own figures. */
export async function monthlyDeckCharts(input: MonthlyDeckInput): Promise<MonthlyDeckCharts> {
  checkMonthlyDeckInput(input);
  return {
    attainmentDistribution: await renderAttainmentDistribution(
      attainmentDistributionData(input.monthClose),
      input,
    ),
    forecastVsActual: await renderForecastVsActual(forecastVsActualData(input.forecastAccuracy), input),
    scenarioRange: await renderScenarioRange(scenarioRangeData(input.nextPeriodForecast), input),
    pipelineByStage: await renderPipelineByStage(pipelineByStageData(input.pipeline), input),
  };
}
