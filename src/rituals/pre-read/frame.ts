import type Anthropic from "@anthropic-ai/sdk";
import { escapeMrkdwn, truncate } from "../../../blocks/escape";
import { section } from "../../../blocks/format";
import type { Block } from "../../../blocks/message";
import type { Config } from "../../config";
import type { NarrativeFigures } from "../../narrative/figures";
import { summaryMrkdwn } from "../../narrative/model-text";
import { describeSource, summaryFor } from "../../narrative/write-summary";
import type { Db } from "../../store/db";
import type { RitualRecord } from "../../store/rituals-repository";
import type { Clock } from "../clock";
import type { DeckKind, ReviewDeckRequest } from "../deck";
import { formatInZone } from "../local-time";
import { type PreRead, slackDate, type ThreadFile } from "../message";
import type { OutgoingMessage } from "../poster";

/**
 * What every review's pre-read shares (monthly, planning check-in, year-end): the executive
 * summary (Claude checked, or the template, with its source), the channel message a reader takes
 * in on a phone (meeting time in their own zone, summary, headline figures, agenda with
 * timeboxes, as-of, "Full materials in thread"), and the deck with its charts for the thread.
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
  /** render the charts and the deck (default true) */
  files?: boolean;
}

export interface Summary {
  lines: string[];
  /** "Claude", or "template — why" */
  source: string;
}

/** The summary of the figures, or, when the analyses are not all stored, a line saying which are missing. */
export async function writtenSummary(
  deps: PreReadDeps,
  figures: NarrativeFigures | null,
  missing: readonly string[],
  what: string,
): Promise<Summary> {
  if (!figures)
    return {
      lines: [`The figures for ${what} are not all stored yet (missing: ${missing.join(", ")}).`],
      source: `template — analyses missing: ${missing.join(", ")}`,
    };
  const written = await summaryFor(figures, deps.config, {
    client: deps.anthropic ?? null,
    clock: () => deps.clock.now(),
  });
  return { lines: written.lines, source: describeSource(written) };
}

function agendaText(agenda: readonly { title: string; minutes: number }[]): string | null {
  if (agenda.length === 0) return null;
  const lines = agenda.map((a, n) => `${n + 1}. ${escapeMrkdwn(a.title)} (${a.minutes} min)`);
  const total = agenda.reduce((s, a) => s + a.minutes, 0);
  return truncate(`*Agenda* (${total} min)\n${lines.join("\n")}`, 2900);
}

export interface ChannelMessageParts {
  ritual: RitualRecord;
  meetingAt: Date;
  lateNote: string | null;
  /** "October 2026 review", "week 3 of 4" */
  subtitle: string;
  summary: Summary;
  /** escaped mrkdwn lines; none when the figures are missing */
  headline: string[];
  /** extra escaped mrkdwn sections between the headline and the agenda */
  extra?: string[];
  asOf: string | null;
  missing: readonly string[];
  zone: string;
}

export function channelMessage(p: ChannelMessageParts): { text: string; blocks: Block[] } {
  const { ritual, meetingAt, lateNote } = p;
  const blocks: Block[] = [];
  if (lateNote)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `_${escapeMrkdwn(lateNote)}_` }] });
  blocks.push(
    {
      type: "header",
      text: { type: "plain_text", text: truncate(`${ritual.name}: pre-read, ${p.subtitle}`, 150) },
    },
    section(`*Meeting:* ${slackDate(meetingAt, ritual.timeZone)} (${ritual.durationMinutes} min)`),
    section(`*Executive summary*\n${summaryMrkdwn(p.summary.lines, 2800)}`),
  );
  if (p.headline.length > 0)
    blocks.push(section(truncate(`*Headline figures*\n${p.headline.join("\n")}`, 2900)));
  for (const text of p.extra ?? []) blocks.push(section(truncate(text, 2900)));
  const agenda = agendaText(ritual.agenda);
  if (agenda) blocks.push(section(agenda));
  const asOf = p.asOf ? `Figures as of ${formatInZone(new Date(p.asOf), p.zone)}` : "No stored figures";
  const missing = p.missing.length ? ` · not stored: ${escapeMrkdwn(p.missing.join(", "))}` : "";
  blocks.push({
    type: "context",
    elements: [
      { type: "mrkdwn", text: truncate(`${asOf}${missing} · *Full materials in thread* :thread:`, 2900) },
    ],
  });
  const when = formatInZone(meetingAt, ritual.timeZone);
  const text = `${lateNote ? `(${lateNote}) ` : ""}${ritual.name}: pre-read, ${p.subtitle}, meeting ${when}`;
  return { text: truncate(text, 3000), blocks };
}

/** "forecast-vs-actual-2026-10.png" → "Forecast vs actual, 2026-10" */
export function chartTitle(fileName: string): string {
  const m = /^(.*?)-((?:FY)?\d{4}(?:-[^.]+)?)\.png$/.exec(fileName);
  const name = (m?.[1] ?? fileName).replaceAll("-", " ");
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}${m?.[2] ? `, ${m[2]}` : ""}`;
}

/**
 * The charts and the deck, built by the review deck from the same stored analyses and the summary
 * as posted, so the thread's images, the deck and the messages never disagree. A deck that cannot
 * be built is said in the thread, never silently left out.
 */
export async function deckFiles(
  deps: PreReadDeps,
  kind: DeckKind,
  period: string,
  summary: readonly string[],
  extra: Pick<ReviewDeckRequest, "actionItems"> = {},
): Promise<{ files: ThreadFile[]; problem: string | null }> {
  if (deps.files === false) return { files: [], problem: null };
  const { config, db } = deps;
  // loaded on first use: Vega, resvg and pptxgenjs are heavy, and a process without rituals never needs them
  const { buildReviewDeck } = await import("../deck");
  try {
    const deck = await buildReviewDeck(db, {
      kind,
      period,
      currency: config.CURRENCY,
      timeZone: config.WORKSPACE_TIMEZONE,
      fiscalYearStartMonth: config.FISCAL_YEAR_START_MONTH,
      executiveSummary: summary,
      ...extra,
    });
    const files: ThreadFile[] = deck.charts.map((c) => ({
      filename: c.fileName,
      title: chartTitle(c.fileName),
      alt: c.chart.alt,
      bytes: c.chart.png,
    }));
    files.push({
      filename: deck.fileName,
      title: deck.fileName.replace(/\.pptx$/, ""),
      alt: `The deck of this review (${period}): the figures and charts of this thread, ready to forward.`,
      bytes: deck.pptx,
    });
    return { files, problem: null };
  } catch (error) {
    return { files: [], problem: `No charts or deck: ${(error as Error).message}` };
  }
}

/** The pre-read from its parts; a deck problem becomes a last thread message. */
export function assemble(
  message: { text: string; blocks: Block[] },
  thread: OutgoingMessage[],
  made: { files: ThreadFile[]; problem: string | null },
  summary: Summary,
  asOf: string | null,
): PreRead {
  const all = [...thread];
  if (made.problem) all.push({ text: made.problem, blocks: [section(`_${escapeMrkdwn(made.problem)}_`)] });
  return { ...message, thread: all, files: made.files, summary, asOf };
}
