import { escapeMrkdwn, truncate } from "./escape";
import { LIMITS } from "./limits";
import type { Block, Message } from "./message";

/**
 * `/rituals preview`: the pre-read exactly as it would be posted now (the channel message, then
 * each thread message), as private messages, each introduced by a line saying which it is, with
 * the files the thread would hold. Pages are packed within Slack's limits; a response_url takes
 * five posts, so what does not fit in them is counted, never cut silently.
 */

export interface PreviewInput {
  name: string;
  channelId: string;
  /** trusted mrkdwn: when it was built (a Slack date) */
  builtAt: string;
  /** ISO-8601, the analyses' as-of */
  asOf: string | null;
  summarySource: string | null;
  message: { text: string; blocks?: unknown[] };
  thread: readonly { text: string; blocks?: unknown[] }[];
  files: readonly { filename: string; title: string; alt: string }[];
}

const note = (text: string): Block => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: truncate(text, LIMITS.sectionText) }],
});

/** A message's own blocks, or its text as one section when it has none. */
function blocksOf(m: { text: string; blocks?: unknown[] }): Block[] {
  if (m.blocks && m.blocks.length > 0) return m.blocks as Block[];
  return [{ type: "section", text: { type: "mrkdwn", text: truncate(m.text || " ", LIMITS.sectionText) } }];
}

const size = (blocks: readonly Block[]) => JSON.stringify(blocks).length;

/** The preview as at most `maxPages` messages; the last says what did not fit. */
export function previewPages(p: PreviewInput, maxPages = 5): Message[] {
  const name = escapeMrkdwn(p.name);
  const facts = [
    `:eyes: *Preview of ${name}*, built ${p.builtAt}: nothing is posted. It would go to <#${p.channelId}>.`,
    p.asOf ? `Analyses as of ${escapeMrkdwn(p.asOf)}.` : "",
    p.summarySource ? `Summary: ${escapeMrkdwn(p.summarySource)}.` : "",
    p.files.length > 0
      ? `Files in the thread: ${p.files.map((f) => `${escapeMrkdwn(f.filename)} (${escapeMrkdwn(truncate(f.alt, 120))})`).join("; ")}.`
      : "",
  ].filter(Boolean);
  const parts: { label: string; blocks: Block[] }[] = [
    { label: `${facts.join(" ")}\n*The channel message:*`, blocks: blocksOf(p.message) },
    ...p.thread.map((m, i) => ({
      label: `*Thread message ${i + 1} of ${p.thread.length}:*`,
      blocks: blocksOf(m),
    })),
  ];
  // A part is its label and its blocks, kept on one page unless together they are too many.
  const groups: { blocks: Block[]; endsPart: boolean }[] = [];
  for (const part of parts) {
    const label = [note(part.label), { type: "divider" } as Block];
    if (label.length + part.blocks.length <= LIMITS.blocksPerMessage - 1)
      groups.push({ blocks: [...label, ...part.blocks], endsPart: true });
    else groups.push({ blocks: label, endsPart: false }, { blocks: part.blocks, endsPart: true });
  }
  const pages: Block[][] = [];
  let current: Block[] = [];
  let shown = 0;
  for (const group of groups) {
    // the last page keeps one block free for the note of what did not fit
    const room = () =>
      pages.length === maxPages - 1 ? LIMITS.blocksPerMessage - 1 : LIMITS.blocksPerMessage;
    const fits = (page: Block[]) =>
      page.length + group.blocks.length <= room() && size(page) + size(group.blocks) <= LIMITS.totalChars;
    if (!fits(current)) {
      if (current.length === 0 || pages.length === maxPages - 1) break;
      pages.push(current);
      current = [];
      if (!fits(current)) break;
    }
    current.push(...group.blocks);
    if (group.endsPart) shown++;
  }
  const left = parts.length - shown;
  if (left > 0) {
    current.push(
      note(
        `${left} more thread message${left === 1 ? "" : "s"} not shown: Slack takes five private replies to a command.`,
      ),
    );
  }
  pages.push(current);
  return pages.map((blocks, i) => ({
    text: i === 0 ? `Preview of ${name}` : `Preview of ${name} (${i + 1} of ${pages.length})`,
    blocks,
  }));
}
