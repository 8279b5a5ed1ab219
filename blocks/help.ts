import type { Message } from "./message";
import { noticeMessage } from "./notice";

export interface HelpEntry {
  usage: string;
  summary: string;
}

/** `/rituals help`: every command with its usage, and how scopes and periods are written. */
export function helpMessage(entries: readonly HelpEntry[], scopeHelp: string): Message {
  const lines = entries.map((e) => `• \`${e.usage}\` — ${e.summary}`);
  const text = [
    "*Revenue Rituals* answers from the latest stored analyses; every answer shows its as-of time.",
    ...lines,
    scopeHelp,
    "Answers are private to you; *Share in channel* posts them for everyone. Add `help` after any command for its usage.",
  ].join("\n");
  const message = noticeMessage(text);
  return { ...message, text: "Revenue Rituals commands" };
}
