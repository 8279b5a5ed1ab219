import { openDatabase } from "../store/db";
import {
  findManagerLink,
  findManagerName,
  findRepByName,
  findRepBySlackUser,
  linkSlackUser,
  linkSlackUserToManager,
  listDirectReports,
} from "../store/slack-links-repository";
import { type CliContext, UsageError } from "./io";

export const usage = `usage: rituals link <slack-user> <name>

Links a Slack user to a rep, so their slash commands show their own deals and team figures, or to a
manager named in the reps' manager column who carries no quota, so they see the teams below them.
  <slack-user>  the Slack user id (U0123ABCD), as <@U0123ABCD> or @U0123ABCD
                (in Slack: profile → ⋮ → Copy member ID)
  <name>        the rep's or manager's name as in the CRM (quote it: "Ana Lima")

Users whose Slack email matches their CRM email are linked automatically on first use.`;

const USER_ID = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|@?([UW][A-Z0-9]{2,}))$/;

/** The Slack user id in any of the forms people paste; null when it is none of them. */
export function parseSlackUserId(text: string): string | null {
  const m = USER_ID.exec(text.trim());
  return m ? ((m[1] ?? m[2]) as string) : null;
}

export async function run(ctx: CliContext): Promise<number> {
  const [userArg, ...nameParts] = ctx.args;
  if (!userArg || nameParts.length === 0) throw new UsageError("needs a Slack user and a name");
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
    const previous = findRepBySlackUser(db, slackUserId)?.name ?? findManagerLink(db, slackUserId);
    if (!rep) {
      const manager = findManagerName(db, repName);
      if (!manager) {
        ctx.err(
          `rituals link: no rep or manager named "${repName}" (import reps first, or check the spelling)`,
        );
        return 1;
      }
      linkSlackUserToManager(db, manager, slackUserId, new Date());
      const teams = [...new Set(listDirectReports(db, manager).map((r) => r.team ?? "no team"))];
      const moved = previous && previous !== manager ? ` (was linked to ${previous})` : "";
      ctx.out(
        `Linked ${slackUserId} to ${manager}, manager of ${teams.join(", ")} (no deals of their own)${moved}.`,
      );
      return 0;
    }
    linkSlackUser(db, rep.id, slackUserId);
    const moved = previous && previous !== rep.name ? ` (was linked to ${previous})` : "";
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
