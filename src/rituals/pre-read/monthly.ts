import type Anthropic from "@anthropic-ai/sdk";
import { escapeMrkdwn, truncate } from "../../../blocks/escape";
import { section } from "../../../blocks/format";
import type { Block } from "../../../blocks/message";
import type { Config } from "../../config";
import type { MonthlyReviewFigures } from "../../narrative/figures";
import { summaryMrkdwn } from "../../narrative/model-text";
import { monthlyReviewFigures } from "../../narrative/monthly-figures";
import { compactMoney, periodShortText, ratioText } from "../../narrative/render-figure";
import { describeSource, summaryFor } from "../../narrative/write-summary";
import type { Db } from "../../store/db";
import type { Clock } from "../clock";
import { formatInZone } from "../local-time";
import { type PreRead, type PreReadRequest, slackDate, type ThreadFile } from "../message";
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

export type PreReadConfig = Pick<
  Config,
  | "CURRENCY"
  | "WORKSPACE_TIMEZONE"
  | "FISCAL_YEAR_START_MONTH"
  | "ANTHROPIC_API_KEY"
  | "ANTHROPIC_BASE_URL"
  | "ANTHROPIC_MODEL"
  | "ANTHROPIC_MAX_TOKENS"
  | "ANTHROPIC_TIMEOUT_MS"
>;

export interface PreReadDeps {
  db: Db;
  config: PreReadConfig;
  clock: Clock;
  /** the client createApp is given (createAnthropicClient(config)); null: the template summary */
  anthropic?: Anthropic | null;
  /** render the charts and the deck (default true); the preview's text needs neither */
  files?: boolean;
}

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

function agendaText(agenda: readonly { title: string; minutes: number }[]): string | null {
  if (agenda.length === 0) return null;
  const lines = agenda.map((a, n) => `${n + 1}. ${escapeMrkdwn(a.title)} (${a.minutes} min)`);
  const total = agenda.reduce((s, a) => s + a.minutes, 0);
  return truncate(`*Agenda* (${total} min)\n${lines.join("\n")}`, 2900);
}

/** "forecast-vs-actual-2026-10.png" → "Forecast vs actual, 2026-10" */
export function chartTitle(fileName: string): string {
  const m = /^(.*?)-((?:FY)?\d{4}(?:-[^.]+)?)\.png$/.exec(fileName);
  const name = (m?.[1] ?? fileName).replaceAll("-", " ");
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}${m?.[2] ? `, ${m[2]}` : ""}`;
}

/**
 * The four charts and `MBR-<period>.pptx`, built by the review deck from the same stored analyses
 * and the summary as posted, so the thread's images, the deck and the messages never disagree.
 */
async function monthlyFiles(
  deps: PreReadDeps,
  request: PreReadRequest,
  reviewed: string,
  summary: readonly string[],
  now: Date,
): Promise<{ files: ThreadFile[]; problem: string | null }> {
  const { config, db } = deps;
  // loaded on first use: Vega, resvg and pptxgenjs are heavy, and a process without rituals never needs them
  const { buildReviewDeck, priorReviewActionItems } = await import("../deck");
  try {
    const deck = await buildReviewDeck(db, {
      kind: "monthly-review",
      period: reviewed,
      currency: config.CURRENCY,
      timeZone: config.WORKSPACE_TIMEZONE,
      fiscalYearStartMonth: config.FISCAL_YEAR_START_MONTH,
      executiveSummary: summary,
      actionItems: priorReviewActionItems(db, request.ritual, now),
    });
    const files: ThreadFile[] = deck.charts.map((c) => ({
      filename: c.fileName,
      title: chartTitle(c.fileName),
      alt: c.chart.alt,
      bytes: c.chart.png,
    }));
    files.push({
      filename: deck.fileName,
      title: `Monthly business review ${reviewed}`,
      alt: `The board deck of the ${reviewed} monthly business review: the figures and charts of this thread.`,
      bytes: deck.pptx,
    });
    return { files, problem: null };
  } catch (error) {
    return { files: [], problem: `No charts or deck: ${(error as Error).message}` };
  }
}

export async function monthlyPreRead(deps: PreReadDeps, request: PreReadRequest): Promise<PreRead> {
  const { db, config } = deps;
  const { ritual, meetingAt, lateNote } = request;
  const now = request.now ?? deps.clock.now();
  const inputs = readMonthlyInputs(db, meetingAt, ritual.timeZone);
  const prior = readPriorActions(db, ritual, SUBJECT(ritual.id), meetingAt, now);
  const figures = figuresOf(inputs, prior, config.CURRENCY);
  let summary: { lines: string[]; source: string };
  if (figures) {
    const written = await summaryFor(figures, config, {
      client: deps.anthropic ?? null,
      clock: () => deps.clock.now(),
    });
    summary = { lines: written.lines, source: describeSource(written) };
  } else {
    summary = {
      lines: [
        `The figures for ${inputs.reviewed} are not all stored yet (missing: ${inputs.missing.join(", ")}).`,
      ],
      source: `template — analyses missing: ${inputs.missing.join(", ")}`,
    };
  }

  const blocks: Block[] = [];
  if (lateNote)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `_${escapeMrkdwn(lateNote)}_` }] });
  blocks.push(
    {
      type: "header",
      text: { type: "plain_text", text: truncate(`${ritual.name}: pre-read, ${inputs.reviewed}`, 150) },
    },
    section(`*Meeting:* ${slackDate(meetingAt, ritual.timeZone)} (${ritual.durationMinutes} min)`),
    section(`*Executive summary*\n${summaryMrkdwn(summary.lines, 2800)}`),
  );
  if (figures) blocks.push(section(`*Headline figures*\n${headlineLines(figures).join("\n")}`));
  const agenda = agendaText(ritual.agenda);
  if (agenda) blocks.push(section(agenda));
  const asOf = inputs.asOf
    ? `Figures as of ${formatInZone(new Date(inputs.asOf), config.WORKSPACE_TIMEZONE)}`
    : "No stored figures";
  const missing = inputs.missing.length ? ` · not stored: ${escapeMrkdwn(inputs.missing.join(", "))}` : "";
  blocks.push({
    type: "context",
    elements: [
      { type: "mrkdwn", text: truncate(`${asOf}${missing} · *Full materials in thread* :thread:`, 2900) },
    ],
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

  let files: ThreadFile[] = [];
  if (deps.files !== false) {
    const made = await monthlyFiles(deps, request, inputs.reviewed, summary.lines, now);
    files = made.files;
    if (made.problem)
      thread.push({ text: made.problem, blocks: [section(`_${escapeMrkdwn(made.problem)}_`)] });
  }
  const when = formatInZone(meetingAt, ritual.timeZone);
  const text = `${lateNote ? `(${lateNote}) ` : ""}${ritual.name}: pre-read for ${inputs.reviewed}, meeting ${when}`;
  return { text: truncate(text, 3000), blocks, thread, files, summary, asOf: inputs.asOf };
}
