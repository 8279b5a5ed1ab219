import { truncate } from "../../../blocks/escape";
import { chunkLines, section } from "../../../blocks/format";
import { LIMITS } from "../../../blocks/limits";
import type { Block } from "../../../blocks/message";
import type { OutgoingMessage } from "../poster";

/**
 * A thread section (month close, the risk register, …) as one message, or as several numbered
 * ones ("Risk register (2 of 3)") when it does not fit in one: nothing is cut. Each message keeps
 * under Slack's 50 blocks and 13,000 characters of blocks with room to spare.
 */

export interface ThreadSection {
  /** plain text, the message's header */
  title: string;
  /** the body: escaped mrkdwn lines (joined into sections) and ready blocks (a deal with its button) */
  parts: (string | Block)[];
  /** the notification text of its messages; the title when absent */
  text?: string;
}

const MAX_BLOCKS = LIMITS.blocksPerMessage - 2;
const MAX_CHARS = LIMITS.totalChars - 1500;
const SECTION_CHARS = 2900;

/** The section's body as blocks: runs of lines joined into sections of at most 2,900 characters. */
function bodyBlocks(parts: ThreadSection["parts"]): Block[] {
  const out: Block[] = [];
  let lines: string[] = [];
  const flush = () => {
    for (const chunk of chunkLines(lines, SECTION_CHARS)) out.push(section(chunk));
    lines = [];
  };
  for (const part of parts) {
    if (typeof part === "string") lines.push(part);
    else {
      flush();
      out.push(part);
    }
  }
  flush();
  return out;
}

const size = (b: Block) => JSON.stringify(b).length + 1;

export function sectionMessages(s: ThreadSection): OutgoingMessage[] {
  const body = bodyBlocks(s.parts);
  const pages: Block[][] = [];
  let page: Block[] = [];
  let chars = 0;
  for (const block of body) {
    if (page.length > 0 && (page.length + 1 > MAX_BLOCKS || chars + size(block) > MAX_CHARS)) {
      pages.push(page);
      page = [];
      chars = 0;
    }
    page.push(block);
    chars += size(block);
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return pages.map((blocks, i) => {
    const title = pages.length > 1 ? `${s.title} (${i + 1} of ${pages.length})` : s.title;
    const header: Block = {
      type: "header",
      text: { type: "plain_text", text: truncate(title, LIMITS.headerText) },
    };
    return {
      text: truncate(`${s.text ?? s.title}${pages.length > 1 ? ` (${i + 1} of ${pages.length})` : ""}`, 3000),
      blocks: [header, ...blocks],
    };
  });
}
