import { type ChangeFigures, changesBetween, deterministicChanges } from "./changes";
import type { NarrativeFigures } from "./figures";
import { changesSystemPrompt } from "./prompt";
import {
  type SummaryConfig,
  type SummaryDeps,
  type SummaryOptions,
  type WrittenText,
  writeChecked,
} from "./write-summary";

/**
 * The optional "what changed since the last review" paragraph: Claude's when it passes the same
 * check as the summary (against both reviews' figures and the changes between them), the
 * deterministic paragraph otherwise.
 */
export const MAX_CHANGES_LENGTH = 700;

export type WrittenChanges = Omit<WrittenText<string[]>, "text"> & { paragraph: string };

export async function writeChanges(changes: ChangeFigures, options: SummaryOptions): Promise<WrittenChanges> {
  const written = await writeChecked({
    figures: changes,
    options,
    system: changesSystemPrompt(),
    task: "Write the paragraph now: two or three sentences.",
    fallback: () => [deterministicChanges(changes)],
    accept: (lines) => {
      const length = lines.join(" ").length;
      return lines.length <= 4 && length <= MAX_CHANGES_LENGTH
        ? null
        : {
            code: "wrong_length",
            reason: `Claude wrote ${lines.length} lines, ${length} characters, not a paragraph`,
          };
    },
  });
  const { text, ...rest } = written;
  return { paragraph: text.join(" "), ...rest };
}

/** Claude's paragraph with a key and a client, the template quietly otherwise; null across rituals. */
export async function changesFor(
  previous: NarrativeFigures,
  current: NarrativeFigures,
  config: SummaryConfig,
  deps: SummaryDeps,
): Promise<WrittenChanges | null> {
  const changes = changesBetween(previous, current);
  if (!changes) return null;
  if (!config.ANTHROPIC_API_KEY || !deps.client)
    return {
      paragraph: deterministicChanges(changes),
      source: "template",
      reason: "written summaries are off (no ANTHROPIC_API_KEY)",
      code: "no_api_key",
      elapsedMs: 0,
    };
  return writeChanges(changes, {
    client: deps.client,
    model: config.ANTHROPIC_MODEL,
    maxTokens: config.ANTHROPIC_MAX_TOKENS,
    timeoutMs: config.ANTHROPIC_TIMEOUT_MS,
    ...(deps.clock ? { clock: deps.clock } : {}),
  });
}
