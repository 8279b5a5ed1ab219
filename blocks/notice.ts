import { escapeMrkdwn, truncate } from "./escape";
import { BlockIds } from "./ids";
import { LIMITS } from "./limits";
import type { Message } from "./message";

/**
 * A short ephemeral note: a refusal, a bad argument, missing data. `text` is trusted mrkdwn written
 * by the app; anything the user typed must be escaped by the caller. `usage` is shown verbatim.
 */
export function noticeMessage(text: string, usage?: string): Message {
  const body = truncate(text, LIMITS.sectionText);
  const blocks: Message["blocks"] = [
    { type: "section", block_id: BlockIds.notice, text: { type: "mrkdwn", text: body } },
  ];
  if (usage) {
    blocks.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: truncate(`Usage: ${escapeMrkdwn(usage)}`, LIMITS.sectionText) }],
    });
  }
  return { text: truncate(text, LIMITS.sectionText), blocks };
}
