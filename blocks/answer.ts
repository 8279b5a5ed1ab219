import type { types } from "@slack/bolt";
import type { AnswerRef } from "../src/slack/button-value";
import { encodeAnswerRef } from "../src/slack/button-value";
import { truncate } from "../src/slack/escape";
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

/** The frame every stored-analysis answer shares: header, body, trace line, buttons, pages. */
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

export function answerMessage(frame: AnswerFrame): Message {
  const { ref } = frame;
  const blocks: Block[] = [
    {
      type: "header",
      block_id: BlockIds.header,
      text: { type: "plain_text", text: truncate(frame.title, LIMITS.headerText), emoji: false },
    },
    ...frame.body,
  ];
  const pages = frame.pages ?? 1;
  if (pages > 1) {
    const elements = [];
    if (ref.page > 0)
      elements.push(
        button(ActionIds.pagePrevious, "‹ Previous", encodeAnswerRef({ ...ref, page: ref.page - 1 })),
      );
    if (ref.page < pages - 1)
      elements.push(button(ActionIds.pageNext, "Next ›", encodeAnswerRef({ ...ref, page: ref.page + 1 })));
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: `Page ${ref.page + 1} of ${pages}` }],
    });
    blocks.push({ type: "actions", block_id: BlockIds.pagination, elements });
  }
  const trace = ref.sharedBy ? `${frame.asOf} · shared by <@${ref.sharedBy}>` : frame.asOf;
  blocks.push({ type: "context", block_id: BlockIds.asOf, elements: [{ type: "mrkdwn", text: trace }] });
  const actions = (frame.extraButtons ?? []).map((b) => button(b.actionId, b.text, b.value));
  if (!ref.sharedBy) {
    actions.unshift(button(ActionIds.shareInChannel, "Share in channel", encodeAnswerRef(ref), "primary"));
  }
  if (actions.length > 0)
    blocks.push({ type: "actions", block_id: BlockIds.answerActions, elements: actions });
  return { text: truncate(`${frame.title}: ${frame.summary}`, 3000), blocks };
}
