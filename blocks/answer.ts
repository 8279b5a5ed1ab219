import type { types } from "@slack/bolt";
import type { AnswerRef } from "./answer-ref";
import { encodeAnswerRef } from "./answer-ref";
import { escapeMrkdwn, truncate } from "./escape";
import { ActionIds, BlockIds } from "./ids";
import { LIMITS } from "./limits";
import type { Block, Message } from "./message";

export interface ExtraButton {
  actionId: string;
  text: string;
  value: string;
}

/** What every stored-analysis view gets besides its payload (built by src/slack/stored-answer). */
export interface AnswerViewFrame {
  /** the stored scope key, e.g. "team:West" */
  scopeKey: string;
  /** the trace line: "as of … · import #… · definitions v…" */
  asOf: string;
  currency: string;
  ref: AnswerRef;
}

/** The frame every stored-analysis answer shares: header, body, pages, buttons, and the trace line last. */
export interface AnswerFrame {
  /** plain text, e.g. "Forecast · Team West · 2026-12" */
  title: string;
  body: Block[];
  /** the trace line: "as of … · import #… · definitions v…" */
  asOf: string;
  /** notification fallback: a one-line summary with the headline figure */
  summary: string;
  ref: AnswerRef;
  extraButtons?: ExtraButton[];
  /** total pages; 1 or absent means no pagination */
  pages?: number;
}

function button(actionId: string, text: string, value: string, style?: "primary"): types.Button {
  return {
    type: "button",
    action_id: actionId,
    text: { type: "plain_text", text: truncate(text, LIMITS.buttonText), emoji: true },
    value,
    ...(style ? { style } : {}),
  };
}

/** Room left for what is added after building (answerCommand's link help) and for the overflow note. */
const RESERVED_BLOCKS = 2;
const RESERVED_CHARS = 1000;

/**
 * The body blocks that fit beside the frame within Slack's 50 blocks and ~13,000 characters. What
 * does not fit is never dropped silently: a closing note says how much and how to see it.
 */
function fitBody(body: readonly Block[], frame: readonly Block[]): Block[] {
  const maxBlocks = LIMITS.blocksPerMessage - frame.length - RESERVED_BLOCKS;
  const maxChars = LIMITS.totalChars - JSON.stringify(frame).length - RESERVED_CHARS;
  let chars = 0;
  let kept = 0;
  for (const block of body) {
    const size = JSON.stringify(block).length + 1;
    if (kept >= maxBlocks || chars + size > maxChars) break;
    chars += size;
    kept += 1;
  }
  if (kept === body.length) return [...body];
  const fitted = body.slice(0, kept);
  while (fitted.at(-1)?.type === "divider") fitted.pop();
  const left = body.slice(kept).filter((b) => b.type !== "divider").length;
  fitted.push({
    type: "context",
    block_id: BlockIds.overflow,
    elements: [
      {
        type: "mrkdwn",
        text: `:scissors: ${left} more section${left === 1 ? "" : "s"} did not fit in one Slack message: ask for a narrower scope (e.g. \`team:X\`) or period to see them.`,
      },
    ],
  });
  return fitted;
}

export function answerMessage(frame: AnswerFrame): Message {
  const { ref } = frame;
  const header: Block = {
    type: "header",
    block_id: BlockIds.header,
    text: { type: "plain_text", text: truncate(frame.title, LIMITS.headerText), emoji: false },
  };
  const tail: Block[] = [];
  const pages = frame.pages ?? 1;
  if (pages > 1) {
    const elements = [];
    if (ref.page > 0)
      elements.push(
        button(ActionIds.pagePrevious, "‹ Previous", encodeAnswerRef({ ...ref, page: ref.page - 1 })),
      );
    if (ref.page < pages - 1)
      elements.push(button(ActionIds.pageNext, "Next ›", encodeAnswerRef({ ...ref, page: ref.page + 1 })));
    tail.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `Page ${ref.page + 1} of ${pages}` }],
    });
    tail.push({ type: "actions", block_id: BlockIds.pagination, elements });
  }
  const actions = (frame.extraButtons ?? []).map((b) => button(b.actionId, b.text, b.value));
  if (!ref.sharedBy) {
    actions.unshift(button(ActionIds.shareInChannel, "Share in channel", encodeAnswerRef(ref), "primary"));
  }
  if (actions.length > 0) tail.push({ type: "actions", block_id: BlockIds.answerActions, elements: actions });
  // The trace line closes every answer, after its buttons (see withClosingNote for notes added later).
  const trace = ref.sharedBy ? `${frame.asOf} · shared by <@${ref.sharedBy}>` : frame.asOf;
  tail.push({ type: "context", block_id: BlockIds.asOf, elements: [{ type: "mrkdwn", text: trace }] });
  const blocks = [header, ...fitBody(frame.body, [header, ...tail]), ...tail];
  // The fallback text is mrkdwn in notifications too: the title carries CRM names (teams, reps).
  return { text: truncate(escapeMrkdwn(`${frame.title}: ${frame.summary}`), 3000), blocks };
}

/**
 * Adds a note (e.g. how to get linked) to a built answer just above its closing trace line, so
 * the trace line stays the last block whatever is added after building.
 */
export function withClosingNote(message: Message, note: Block): Message {
  const last = message.blocks.at(-1) as { block_id?: string } | undefined;
  const at = last?.block_id === BlockIds.asOf ? message.blocks.length - 1 : message.blocks.length;
  return { ...message, blocks: [...message.blocks.slice(0, at), note, ...message.blocks.slice(at)] };
}
