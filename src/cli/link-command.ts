import { openDatabase } from "../store/db";
import { findRepByName, findRepBySlackUser, linkSlackUser } from "../store/slack-links-repository";
import { type CliContext, UsageError } from "./io";

export const usage = `usage: rituals link <slack-user> <rep name>

Links a Slack user to a rep, so their slash commands show their own deals and team figures.
  <slack-user>  the Slack user id (U0123ABCD), as <@U0123ABCD> or @U0123ABCD
                (in Slack: profile → ⋮ → Copy member ID)
  <rep name>    the rep's name as in the CRM (quote it: "Ana Lima")

Users whose Slack email matches their CRM email are linked automatically on first use.`;

const USER_ID = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|@?([UW][A-Z0-9]{2,}))$/;

/** The Slack user id in any of the forms people paste; null when it is none of them. */
export function parseSlackUserId(text: string): string | null {
  const m = USER_ID.exec(text.trim());
  return m ? ((m[1] ?? m[2]) as string) : null;
}

export async function run(ctx: CliContext): Promise<number> {
  const [userArg, ...nameParts] = ctx.args;
  if (!userArg || nameParts.length === 0) throw new UsageError("needs a Slack user and a rep name");
  const slackUserId = parseSlackUserId(userArg);
  if (!slackUserId) {
    throw new UsageError(
      `"${userArg}" is not a Slack user id: use the member id (U0123ABCD) or <@U0123ABCD>, not a display name`,
    );
  }
  const repName = nameParts.join(" ").trim();
  const db = openDatabase(ctx.config.DATABASE_PATH);
  try {
    const rep = findRepByName(db, repName);
    if (!rep) {
      ctx.err(`rituals link: no rep named "${repName}" (import reps first, or check the spelling)`);
      return 1;
    }
    const previous = findRepBySlackUser(db, slackUserId);
    linkSlackUser(db, rep.id, slackUserId);
    const moved = previous && previous.id !== rep.id ? ` (was linked to ${previous.name})` : "";
    const replaced =
      rep.slackUserId && rep.slackUserId !== slackUserId ? `; ${rep.slackUserId} is no longer linked` : "";
    ctx.out(
      `Linked ${slackUserId} to ${rep.name}${rep.team ? ` (team ${rep.team})` : ""}${moved}${replaced}.`,
    );
    return 0;
  } finally {
    db.close();
  }
}
