import Anthropic from "@anthropic-ai/sdk";
import { checkAgainstFigures, type FigureProblem } from "./check-figures";
import { askClaude, type ClaudeFailureCode, DEFAULT_MAX_RETRIES } from "./claude-call";
import { deterministicSummary } from "./deterministic-summary";
import type { NarrativeFigures } from "./figures";
import { neutraliseModelText, replyLines } from "./model-text";
import { figuresMessage, summarySystemPrompt } from "./prompt";

/**
 * The executive summary of a pre-read: Claude's five lines when they pass the check against the
 * figures, the deterministic five lines otherwise, with the reason in words. It never throws and
 * never waits past the timeout, so the pre-read is never late or missing because of the model.
 */
export const SUMMARY_LINES = 5;
/** a line of a five-line summary is a sentence, not a paragraph */
export const MAX_LINE_LENGTH = 400;

export interface SummaryOptions {
  client: Anthropic;
  model: string;
  maxTokens: number;
  timeoutMs: number;
  maxRetries?: number;
  /** measures how long the call took (injected so a test can pin it) */
  clock?: () => Date;
}

export type FallbackCode =
  | ClaudeFailureCode
  | FigureProblem["kind"]
  | "wrong_length"
  | "line_too_long"
  | "no_api_key";

export interface WrittenText<T> {
  text: T;
  source: "claude" | "template";
  /** why the template was used, in words ("invented figure $4.2M"); absent when Claude's was */
  reason?: string;
  code?: FallbackCode;
  /** every problem the check found, for the record */
  problems?: FigureProblem[];
  elapsedMs: number;
}

export type WrittenSummary = Omit<WrittenText<string[]>, "text"> & { lines: string[] };

export async function writeSummary(
  figures: NarrativeFigures,
  options: SummaryOptions,
): Promise<WrittenSummary> {
  const written = await writeChecked({
    figures,
    options,
    system: summarySystemPrompt(figures.ritual, SUMMARY_LINES),
    task: `Write the ${SUMMARY_LINES} lines now.`,
    fallback: () => deterministicSummary(figures),
    accept: (lines) =>
      lines.length === SUMMARY_LINES
        ? null
        : { code: "wrong_length", reason: `Claude wrote ${lines.length} lines, not ${SUMMARY_LINES}` },
  });
  const { text, ...rest } = written;
  return { lines: text, ...rest };
}

type Rejection = { code: FallbackCode; reason: string } | null;

export interface CheckedRequest {
  figures: NarrativeFigures | (object & { currency: string });
  options: SummaryOptions;
  system: string;
  task: string;
  fallback: () => string[];
  /** a shape rule for the reply's lines beyond the figure check (line count, length) */
  accept: (lines: string[]) => Rejection;
}

const REFUSAL =
  /^(?:I'm sorry|I am sorry|Sorry,|I can(?:not|'t|’t)|I'm (?:not able|unable)|I am (?:not able|unable)|I won't|As an AI|Unfortunately, I)/i;

/** Asks Claude, neutralises and checks the reply, and falls back to the template on any doubt. */
export async function writeChecked(request: CheckedRequest): Promise<WrittenText<string[]>> {
  const { options, figures } = request;
  const clock = options.clock ?? (() => new Date());
  const started = clock().getTime();
  const reply = await askClaude({
    client: options.client,
    model: options.model,
    maxTokens: options.maxTokens,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    system: request.system,
    user: figuresMessage(figures, figures.currency, request.task),
  });
  const elapsedMs = Math.max(0, clock().getTime() - started);
  const template = (
    code: FallbackCode,
    reason: string,
    problems?: FigureProblem[],
  ): WrittenText<string[]> => ({
    text: request.fallback(),
    source: "template",
    reason,
    code,
    ...(problems ? { problems } : {}),
    elapsedMs,
  });
  if (!reply.ok) return template(reply.code, reply.reason);

  const lines = replyLines(neutraliseModelText(reply.text));
  if (REFUSAL.test(lines[0] ?? "")) return template("refused", "Claude declined to write it");
  const shape = request.accept(lines);
  if (shape) return template(shape.code, shape.reason);
  const long = lines.find((l) => l.length > MAX_LINE_LENGTH);
  if (long) return template("line_too_long", `Claude wrote a line of ${long.length} characters`);
  const problems = checkAgainstFigures(lines.join("\n"), figures);
  const first = problems[0];
  if (first) return template(first.kind, problemReason(first), problems);
  return { text: lines, source: "claude", elapsedMs };
}

export function problemReason(problem: FigureProblem): string {
  switch (problem.kind) {
    case "invented_figure":
      return `invented figure ${problem.text}`;
    case "rounded_beyond":
      return `${problem.text} is not a rounding of ${problem.figure}`;
    case "unknown_name":
      return `name not in the data: ${problem.text}`;
  }
}

/** "Claude", or "template — invented figure $4.2M": how a facilitator sees which summary was used. */
export function describeSource(written: { source: "claude" | "template"; reason?: string }): string {
  if (written.source === "claude") return "Claude";
  return written.reason ? `template — ${written.reason}` : "template";
}

/** The settings the summary reads; src/config.ts's Config has them all. */
export interface SummaryConfig {
  ANTHROPIC_API_KEY?: string | undefined;
  ANTHROPIC_BASE_URL?: string | undefined;
  ANTHROPIC_MODEL: string;
  ANTHROPIC_MAX_TOKENS: number;
  ANTHROPIC_TIMEOUT_MS: number;
}

export interface SummaryDeps {
  /** the client createApp was given; without one (or without a key) the template is used */
  client?: Anthropic | null;
  clock?: () => Date;
}

/** The client the app injects, pointed where config says (a local fake in tests and the sandbox). */
export function createAnthropicClient(config: SummaryConfig): Anthropic | null {
  if (!config.ANTHROPIC_API_KEY) return null;
  return new Anthropic({
    apiKey: config.ANTHROPIC_API_KEY,
    ...(config.ANTHROPIC_BASE_URL ? { baseURL: config.ANTHROPIC_BASE_URL } : {}),
    timeout: config.ANTHROPIC_TIMEOUT_MS,
    maxRetries: DEFAULT_MAX_RETRIES,
  });
}

/** Claude's summary when a key and a client are there; otherwise the template, quietly. */
export async function summaryFor(
  figures: NarrativeFigures,
  config: SummaryConfig,
  deps: SummaryDeps,
): Promise<WrittenSummary> {
  if (!config.ANTHROPIC_API_KEY || !deps.client)
    return {
      lines: deterministicSummary(figures),
      source: "template",
      reason: "written summaries are off (no ANTHROPIC_API_KEY)",
      code: "no_api_key",
      elapsedMs: 0,
    };
  return writeSummary(figures, {
    client: deps.client,
    model: config.ANTHROPIC_MODEL,
    maxTokens: config.ANTHROPIC_MAX_TOKENS,
    timeoutMs: config.ANTHROPIC_TIMEOUT_MS,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
}
