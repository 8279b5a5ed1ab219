import type { MonthlyReviewFigures } from "../../narrative/figures";
import { monthlyReviewFigures } from "../../narrative/monthly-figures";
import { compactMoney, periodShortText, ratioText } from "../../narrative/render-figure";
import type { PreRead, PreReadRequest } from "../message";
import { assemble, channelMessage, deckFiles, type PreReadDeps, writtenSummary } from "./frame";
import { type MonthlyInputs, readMonthlyInputs } from "./monthly-inputs";
import {
  accuracySection,
  actionItemsSection,
  dataQualitySection,
  forecastSection,
  monthCloseSection,
  pipelineSection,
  riskSection,
} from "./monthly-sections";
import { type PriorActions, readPriorActions } from "./prior-actions";
import { sectionMessages } from "./thread-pages";

/**
 * The monthly revenue review's pre-read (seed 000) from the stored analyses: the channel message
 * a reader takes in on a phone (meeting time in their own zone, the five-line executive summary,
 * headline figures, the agenda with timeboxes, "Full materials in thread"), the thread's sections,
 * and the four charts with the board deck `MBR-<period>.pptx` to upload into the thread.
 */

const SUBJECT = (ritualId: number) => `ritual:${ritualId}`;

/** The summary's figures, when every analysis they come from is stored. */
function figuresOf(
  i: MonthlyInputs,
  prior: PriorActions | null,
  currency: string,
): MonthlyReviewFigures | null {
  const { monthClose, nextPeriodForecast, forecastAccuracy, pipeline, dealRisk, dataQuality } = i;
  if (!monthClose || !nextPeriodForecast || !forecastAccuracy || !pipeline || !dealRisk || !dataQuality)
    return null;
  return monthlyReviewFigures({
    currency,
    attainment: monthClose.payload,
    forecast: nextPeriodForecast.payload,
    accuracy: forecastAccuracy.payload,
    pipeline: pipeline.payload,
    dealRisk: dealRisk.payload,
    dataQuality: dataQuality.payload,
    actionItems: prior ? { completion: prior.completion.rate, target: prior.completion.target } : null,
  });
}

/** The headline figures, from the same figures the summary is written from. */
function headlineLines(f: MonthlyReviewFigures): string[] {
  const $ = (m: { cents: number }) => compactMoney({ kind: "money", cents: m.cents }, f.currency);
  const a = f.accuracy;
  const mape = (r: typeof a.ourMape) => (r ? ratioText(r) : "n/a");
  const coverage =
    f.coverage.ratio !== null
      ? `${ratioText(f.coverage.ratio)} (healthy ${ratioText(f.coverage.healthy)})`
      : f.coverage.status === "quota_met"
        ? "quota met"
        : "no quota";
  return [
    `• *Bookings:* ${$(f.close.bookings)} vs ${f.close.plan ? `${$(f.close.plan)} plan` : "no plan"} · attainment ${f.close.attainment ? ratioText(f.close.attainment) : "n/a"} (${periodShortText(f.period)})`,
    `• *Forecast ${periodShortText(f.forecast.period)}:* ${$(f.forecast.base)} base (range ${$(f.forecast.low)}–${$(f.forecast.high)})`,
    `• *${a.horizon.value}-day accuracy:* our method MAPE ${mape(a.ourMape)} · submitted calls ${mape(a.submittedMape)} (target < ${ratioText(a.target)})`,
    `• *Coverage:* ${coverage}`,
  ];
}

export async function monthlyPreRead(deps: PreReadDeps, request: PreReadRequest): Promise<PreRead> {
  const { db, config } = deps;
  const { ritual, meetingAt } = request;
  const now = request.now ?? deps.clock.now();
  const inputs = readMonthlyInputs(db, meetingAt, ritual.timeZone);
  const prior = readPriorActions(db, ritual, SUBJECT(ritual.id), meetingAt, now);
  const figures = figuresOf(inputs, prior, config.CURRENCY);
  const summary = await writtenSummary(deps, figures, inputs.missing, inputs.reviewed);
  const message = channelMessage({
    ritual,
    meetingAt,
    lateNote: request.lateNote,
    subtitle: inputs.reviewed,
    summary,
    headline: figures ? headlineLines(figures) : [],
    asOf: inputs.asOf,
    missing: inputs.missing,
    zone: config.WORKSPACE_TIMEZONE,
  });
  const c = config.CURRENCY;
  const thread = [
    monthCloseSection(inputs, c),
    accuracySection(inputs, c),
    forecastSection(inputs, c),
    pipelineSection(inputs, c),
    riskSection(inputs, c, request.occurrenceKey),
    dataQualitySection(inputs),
    actionItemsSection(prior, request.occurrenceKey),
  ].flatMap(sectionMessages);
  const { deckActionItems } = await import("../deck");
  const made = await deckFiles(deps, "monthly-review", inputs.reviewed, summary.lines, {
    actionItems: deckActionItems(db, ritual, prior),
  });
  return assemble(message, thread, made, summary, inputs.asOf);
}
