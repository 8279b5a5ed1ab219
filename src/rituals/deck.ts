/**
 * A review's board deck from the stored analyses: the same analyses, the same four (or two, or
 * one) chart images and the same executive summary as the pre-read, so the deck and the channel
 * never disagree. The pre-read calls `buildReviewDeck` with the summary it posts and uploads the
 * charts and the deck it returns; `rituals deck` calls it with the template summary.
 */

import { buildMonthlyDeck } from "../charts/deck/monthly-deck";
import {
  type DeckActionItems,
  type MonthlyDeckInput,
  monthlyDeckCharts,
} from "../charts/deck/monthly-deck-input";
import { buildPlanningDeck, type PlanningDeckInput, planningDeckCharts } from "../charts/deck/planning-deck";
import { buildYearEndDeck, type YearEndDeckInput, yearEndDeckCharts } from "../charts/deck/year-end-deck";
import type { RenderedChart } from "../charts/render";
import type { TracedAnalysis } from "../charts/traced";
import type { AttainmentResult } from "../domain/analyses/attainment";
import type { DataQualityResult } from "../domain/analyses/data-quality";
import type { DealRiskResult } from "../domain/analyses/deal-risk";
import type { ForecastResult } from "../domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../domain/analyses/forecast-accuracy";
import type { PipelineResult } from "../domain/analyses/pipeline";
import type { TerritoryResult } from "../domain/analyses/territory";
import type { YearReviewResult } from "../domain/analyses/year-review";
import { localDate, type Period, parsePeriod, periodOf, shiftPeriod } from "../domain/period";
import { AppError } from "../errors";
import { deterministicSummary } from "../narrative/deterministic-summary";
import { monthlyReviewFigures } from "../narrative/monthly-figures";
import { planningCheckInFigures } from "../narrative/planning-figures";
import { yearEndFigures } from "../narrative/year-end-figures";
import { latestRefresh, readLatestAnalysis } from "../store/analyses-repository";
import type { Db } from "../store/db";
import type { RitualRecord } from "../store/rituals-repository";
import { findRepBySlackUser } from "../store/slack-links-repository";
import { ritualSchedule } from "./definitions";
import { type PriorActions, readPriorActions } from "./pre-read/prior-actions";
import { upcoming } from "./schedule";
import { ritualSubject } from "./scheduler";

/** The rituals that carry a deck (custom rituals have none). */
export const DECK_KINDS = ["monthly-review", "quarterly-planning", "year-end-review"] as const;
export type DeckKind = (typeof DECK_KINDS)[number];

export const isDeckKind = (kind: string): kind is DeckKind =>
  (DECK_KINDS as readonly string[]).includes(kind);

/** The figures a deck needs are not stored (no refresh yet, or not for that period). */
export class DeckFiguresError extends AppError {
  constructor(message: string) {
    super("deck_figures_missing", message);
    this.name = "DeckFiguresError";
  }
}

export interface DeckSettings {
  /** ISO 4217, config CURRENCY */
  currency: string;
  /** config WORKSPACE_TIMEZONE: where the as-of is read and shown */
  timeZone: string;
  fiscalYearStartMonth: number;
}

export interface ReviewDeckRequest extends DeckSettings {
  kind: DeckKind;
  /**
   * The period the deck is named after: the month under review ("2026-11"), the quarter being
   * planned ("2027-Q1"), the fiscal year ("FY2026"). Default: from the latest refresh (see
   * `defaultDeckPeriod`).
   */
  period?: string;
  /** the executive summary as the pre-read posts it; default: the template summary */
  executiveSummary?: readonly string[];
  /** the prior review's action items (monthly review only); default: none tracked */
  actionItems?: DeckActionItems | null;
  /** called after each step, for a progress line */
  onStep?: (step: string, done: number, total: number) => void;
}

export interface ReviewDeck {
  kind: DeckKind;
  period: string;
  /** "MBR-2026-11.pptx", "Planning-2027-Q1.pptx", "Year-end-FY2026.pptx" */
  fileName: string;
  pptx: Buffer;
  /** the images the deck embeds, to upload beside it: file name, alt text, PNG */
  charts: { fileName: string; chart: RenderedChart }[];
  executiveSummary: readonly string[];
  /** the as-of of the figures */
  asOf: string;
}

const STEPS = { "monthly-review": 4, "quarterly-planning": 4, "year-end-review": 4 } as const;

/** `shortName` ("attainment-distribution") for a chart key ("attainmentDistribution"). */
const chartFile = (key: string, period: string) =>
  `${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-${period}.png`;

export async function buildReviewDeck(db: Db, request: ReviewDeckRequest): Promise<ReviewDeck> {
  const total = STEPS[request.kind];
  let done = 0;
  const step = (name: string) => request.onStep?.(name, ++done, total);
  const period = request.period ?? defaultDeckPeriod(db, request.kind, request);
  const reader = storedReader(db);
  switch (request.kind) {
    case "monthly-review": {
      const input = monthlyInput(reader, period, request);
      step("figures read");
      const charts = await monthlyDeckCharts(input);
      step("charts drawn");
      const pptx = await buildMonthlyDeck(input, charts);
      step("deck built");
      return finish(request, period, `MBR-${period}.pptx`, pptx, charts, input, step);
    }
    case "quarterly-planning": {
      const input = planningInput(reader, period, request);
      step("figures read");
      const charts = await planningDeckCharts(input);
      step("charts drawn");
      const pptx = await buildPlanningDeck(input, charts);
      step("deck built");
      return finish(request, period, `Planning-${period}.pptx`, pptx, charts, input, step);
    }
    case "year-end-review": {
      const input = yearEndInput(reader, period, request);
      step("figures read");
      const charts = await yearEndDeckCharts(input);
      step("charts drawn");
      const pptx = await buildYearEndDeck(input, charts);
      step("deck built");
      return finish(request, period, `Year-end-${period}.pptx`, pptx, charts, input, step);
    }
  }
}

function finish(
  request: ReviewDeckRequest,
  period: string,
  fileName: string,
  pptx: Buffer,
  charts: object,
  input: { executiveSummary: readonly string[] },
  step: (name: string) => void,
): ReviewDeck {
  const list = Object.entries(charts as Record<string, RenderedChart>).map(([key, chart]) => ({
    fileName: chartFile(key, period),
    chart,
  }));
  step("done");
  return {
    kind: request.kind,
    period,
    fileName,
    pptx,
    charts: list,
    executiveSummary: input.executiveSummary,
    asOf: firstAsOf(input),
  };
}

const firstAsOf = (input: object): string => {
  for (const value of Object.values(input))
    if (value && typeof value === "object" && "asOf" in value && typeof value.asOf === "string")
      return value.asOf;
  return "";
};

/**
 * The period a deck covers when none is named, from the latest refresh's as-of in the workspace
 * zone: the month before it for the monthly review (the review follows the month's close), the
 * quarter after it for planning (the cycle runs in the four weeks before a quarter ends), and
 * its fiscal year for the year-end review.
 */
export function defaultDeckPeriod(db: Db, kind: DeckKind, settings: DeckSettings): string {
  const refresh = latestRefresh(db);
  if (!refresh) throw new DeckFiguresError("no analyses stored yet: run `rituals refresh` first");
  const day = localDate(new Date(refresh.asOf), settings.timeZone);
  const fy = settings.fiscalYearStartMonth;
  switch (kind) {
    case "monthly-review":
      return shiftPeriod(periodOf(day, "month", fy), -1, fy).key;
    case "quarterly-planning":
      return shiftPeriod(periodOf(day, "quarter", fy), 1, fy).key;
    case "year-end-review":
      return periodOf(day, "year", fy).key;
  }
}

/** The period text checked against the deck's kind: a month, a quarter or a fiscal year. */
export function parseDeckPeriod(kind: DeckKind, text: string, fiscalYearStartMonth: number): Period {
  const period = parsePeriod(text, fiscalYearStartMonth);
  const want = kind === "monthly-review" ? "month" : kind === "quarterly-planning" ? "quarter" : "year";
  const example = want === "month" ? "2026-11" : want === "quarter" ? "2027-Q1" : "FY2026";
  if (!period || period.kind !== want)
    throw new DeckFiguresError(`period "${text}": the ${kind} deck covers a ${want}, e.g. ${example}`);
  return period;
}

/** an analysis name, as the store knows it */
type AnalysisName = Parameters<typeof readLatestAnalysis>[1];

type Reader = <T>(name: AnalysisName, period: string, why: string) => TracedAnalysis<T>;

function storedReader(db: Db): Reader {
  if (!latestRefresh(db)) throw new DeckFiguresError("no analyses stored yet: run `rituals refresh` first");
  return <T>(name: AnalysisName, period: string, why: string) => {
    const stored = readLatestAnalysis<T>(db, name, "company", period);
    if (!stored)
      throw new DeckFiguresError(
        `no ${name} analysis stored for ${period} (${why}): run \`rituals refresh\` with an as-of that covers it`,
      );
    return stored;
  };
}

function summaryOr(given: readonly string[] | undefined, template: () => string[]): readonly string[] {
  return given && given.length > 0 ? given : template();
}

function monthlyInput(read: Reader, period: string, request: ReviewDeckRequest): MonthlyDeckInput {
  const fy = request.fiscalYearStartMonth;
  const month = parseDeckPeriod("monthly-review", period, fy);
  const next = shiftPeriod(month, 1, fy).key;
  const monthClose = read<AttainmentResult>("attainment", month.key, "the month close");
  const forecastAccuracy = read<ForecastAccuracyResult>("forecast-accuracy", month.key, "forecast accuracy");
  const nextPeriodForecast = read<ForecastResult>("forecast", next, "the next period's forecast");
  const pipeline = read<PipelineResult>("pipeline", next, "pipeline health");
  const dealRisk = read<DealRiskResult>("deal-risk", next, "the risk register");
  const actionItems = request.actionItems ?? null;
  const executiveSummary = summaryOr(request.executiveSummary, () => {
    const dataQuality = read<DataQualityResult>("data-quality", "current", "data quality");
    return deterministicSummary(
      monthlyReviewFigures({
        currency: request.currency,
        attainment: monthClose.payload,
        forecast: nextPeriodForecast.payload,
        accuracy: forecastAccuracy.payload,
        pipeline: pipeline.payload,
        dealRisk: dealRisk.payload,
        dataQuality: dataQuality.payload,
        actionItems: actionItems && { completion: actionItems.completionRate, target: actionItems.target },
      }),
    );
  });
  return {
    period: month.key,
    currency: request.currency,
    timeZone: request.timeZone,
    executiveSummary,
    monthClose,
    forecastAccuracy,
    nextPeriodForecast,
    pipeline,
    dealRisk,
    actionItems,
  };
}

function planningInput(read: Reader, period: string, request: ReviewDeckRequest): PlanningDeckInput {
  const fy = request.fiscalYearStartMonth;
  const planned = parseDeckPeriod("quarterly-planning", period, fy);
  const closing = shiftPeriod(planned, -1, fy).key;
  const quarter = read<AttainmentResult>("attainment", closing, "the quarter being closed");
  const nextQuarterForecast = read<ForecastResult>("forecast", planned.key, "the planned quarter's forecast");
  const territory = read<TerritoryResult>("territory", planned.key, "the territory plan");
  const executiveSummary = summaryOr(request.executiveSummary, () =>
    deterministicSummary(
      planningCheckInFigures({
        currency: request.currency,
        attainment: quarter.payload,
        territory: territory.payload,
      }),
    ),
  );
  return {
    currency: request.currency,
    timeZone: request.timeZone,
    executiveSummary,
    quarter,
    nextQuarterForecast,
    territory,
  };
}

function yearEndInput(read: Reader, period: string, request: ReviewDeckRequest): YearEndDeckInput {
  const year = parseDeckPeriod("year-end-review", period, request.fiscalYearStartMonth);
  const yearReview = read<YearReviewResult>("year-review", year.key, "the year review");
  const executiveSummary = summaryOr(request.executiveSummary, () =>
    deterministicSummary(yearEndFigures({ currency: request.currency, yearReview: yearReview.payload })),
  );
  return { currency: request.currency, timeZone: request.timeZone, executiveSummary, yearReview };
}

/**
 * The deck's slide of the prior review's action items, from the same reading the pre-read's thread
 * uses (`readPriorActions`): each item with its owner's name when the Slack user is linked to a
 * rep, and the completion rate against its target. Null before any review was held.
 */
export function deckActionItems(
  db: Db,
  ritual: Pick<RitualRecord, "name" | "timeZone">,
  prior: PriorActions | null,
): DeckActionItems | null {
  if (!prior) return null;
  return {
    review: `${ritual.name}, ${localDate(new Date(prior.reviewAt), ritual.timeZone)}`,
    items: prior.items.map((item) => ({
      text: item.text,
      owner: findRepBySlackUser(db, item.ownerId)?.name ?? item.ownerId,
      deadline: item.deadline,
      state: item.state,
    })),
    completionRate: prior.completion.rate,
    target: prior.completion.target,
  };
}

/** `rituals deck`: the action items of the review before the ritual's next meeting (or before now). */
export function priorReviewActionItems(db: Db, ritual: RitualRecord, now: Date): DeckActionItems | null {
  const meetingAt = upcoming(ritualSchedule(ritual), now, 1)[0]?.meetingAt ?? now;
  return deckActionItems(db, ritual, readPriorActions(db, ritual, ritualSubject(ritual.id), meetingAt, now));
}
