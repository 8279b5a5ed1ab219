import { escapeMrkdwn } from "../../blocks/escape";
import type { Db } from "../../src/store/db";
import { findRitualByName, listRituals, type RitualRecord } from "../../src/store/rituals-repository";

/** What follows `/rituals`: the subcommand and the ritual's name, if any. */

export const RITUALS_SUBCOMMANDS = [
  "new",
  "list",
  "edit",
  "pause",
  "resume",
  "next",
  "preview",
  "run",
  "help",
] as const;

/**
 * Slack escapes &, < and > in command text (should_escape); a name may be quoted. Returns the
 * subcommand in lower case and the rest as typed.
 */
export function parseRitualsText(text: string): { sub: string; rest: string } {
  const unescaped = text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&").trim();
  const space = unescaped.search(/\s/);
  const sub = (space < 0 ? unescaped : unescaped.slice(0, space)).toLowerCase();
  let rest = space < 0 ? "" : unescaped.slice(space + 1).trim();
  const quoted = /^["“'](.*)["”']$/.exec(rest);
  if (quoted) rest = (quoted[1] as string).trim();
  return { sub, rest };
}

/** The names that exist, for a sentence: `A`, `B` and `C`. */
function namesSentence(db: Db): string {
  const names = listRituals(db).map((r) => `\`${escapeMrkdwn(r.name)}\``);
  if (names.length === 0) return "There are no rituals yet: an admin can set one up with `/rituals new`.";
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `The rituals are ${list}.`;
}

/** The ritual named, or the sentence that says why there is none. */
export function findNamed(db: Db, sub: string, name: string): { ritual: RitualRecord } | { problem: string } {
  if (!name) {
    return { problem: `:warning: \`/rituals ${sub}\` needs a ritual's name. ${namesSentence(db)}` };
  }
  const ritual = findRitualByName(db, name);
  if (ritual) return { ritual };
  return { problem: `:warning: There is no ritual named "${escapeMrkdwn(name)}". ${namesSentence(db)}` };
}

export function unknownSubcommand(typed: string): string {
  return `:warning: \`/rituals ${escapeMrkdwn(typed)}\` is not a command I know. The commands are ${RITUALS_SUBCOMMANDS.map((s) => `\`${s}\``).join(", ")}.`;
}
