import { parseDue } from "./due-date";
import { invalid } from "./errors";

/**
 * `/actions add @owner due:2026-12-04 Call the CFO about renewal`: the owner and the deadline lead
 * (in either order), the rest is the text. No owner means the person typing owns it; the deadline
 * is required, since an item without one is never overdue and never reminded.
 */

export interface InlineItem {
  ownerId: string;
  /** YYYY-MM-DD */
  deadline: string;
  text: string;
}

const MENTION = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|@([UW][A-Z0-9]{2,}))$/;
export const INLINE_ADD_USAGE = "/actions add @owner due:YYYY-MM-DD what needs doing";

export function parseInlineAdd(
  input: string,
  context: { now: Date; zone: string; creatorId: string },
): InlineItem {
  const words = input.trim().split(/\s+/).filter(Boolean);
  let ownerId: string | null = null;
  let dueWord: string | null = null;
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i] as string;
    const mention = MENTION.exec(word);
    if (mention) {
      const id = (mention[1] ?? mention[2]) as string;
      if (ownerId !== null && ownerId !== id)
        throw invalid("owner", `one owner per item: ${word} is a second one; split it into two items`);
      ownerId = id;
    } else if (/^due:/i.test(word)) {
      if (dueWord !== null) throw invalid("deadline", `two deadlines (${dueWord}, ${word}): give one`);
      dueWord = word;
    } else if (word.startsWith("@")) {
      throw invalid("owner", `${word} is not a Slack user: pick the owner from Slack's @ menu`);
    } else break;
  }
  const rest = words.slice(i);
  const lateDue = rest.find((w) => /^due:/i.test(w));
  if (lateDue) throw invalid("deadline", `put ${lateDue} before the text: ${INLINE_ADD_USAGE}`);
  if (dueWord === null)
    throw invalid("deadline", `needs a deadline (due:2026-12-04, due:friday, due:+2d): ${INLINE_ADD_USAGE}`);
  const deadline = parseDue(dueWord.slice(4), context.now, context.zone);
  const text = rest.join(" ");
  if (text === "") throw invalid("text", `say what needs doing after the deadline: ${INLINE_ADD_USAGE}`);
  return { ownerId: ownerId ?? context.creatorId, deadline, text };
}
