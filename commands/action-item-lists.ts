import { actionFiguresText, actionListMessage } from "../blocks/action-list";
import { data } from "../blocks/format";
import type { Message } from "../blocks/message";
import { readReviewCompletion } from "../src/actions/figure-reads";
import { onTimeRate } from "../src/actions/figures";
import { type ActionListQuery, DONE_LIST_DAYS, listActionItemsFor } from "../src/actions/lists";
import type { Viewer } from "../src/domain/access";
import type { ActionItem, ReviewCompletion } from "../src/domain/action-items";
import { scheduledReviews } from "../src/rituals/action-reviews";
import type { SlackDeps } from "../src/slack/answers/answer-command";
import { listActionItems } from "../src/store/actions-repository";
import { findRitualByName } from "../src/store/rituals-repository";
import { listRepDirectory } from "../src/store/slack-links-repository";

/**
 * The `/actions` lists (mine, team, ritual <name>, overdue, done) for a viewer, each with its
 * figures line, as the slash command, its paging buttons, the export and the Home tab build them.
 */

export type ListName = "mine" | "team" | "overdue" | "done" | `ritual:${string}`;

/** A list's ref as the paging buttons carry it; null for anything else. */
export function parseListName(text: string): ListName | null {
  if (text === "mine" || text === "team" || text === "overdue" || text === "done") return text;
  if (text.startsWith("ritual:") && text.length > "ritual:".length) return text as ListName;
  return null;
}

/** The Slack users of the people below the viewer in the org chart (linked ones only). */
export function teamUserIds(deps: Pick<SlackDeps, "db">, viewer: Viewer): string[] {
  const below = new Set(viewer.reps);
  if (viewer.rep) below.delete(viewer.rep.name.toLowerCase());
  return listRepDirectory(deps.db)
    .filter((r) => below.has(r.name.toLowerCase()) && r.slackUserId && r.slackUserId !== viewer.slackUserId)
    .map((r) => r.slackUserId as string);
}

export interface BuiltList {
  title: string;
  items: ActionItem[];
  showOwner: boolean;
  summary: string | null;
  emptyText: string;
}

/** The latest review of the ritual (or of any ritual) that has started and has items, with its completion. */
export function latestCompletion(
  deps: Pick<SlackDeps, "db">,
  now: Date,
  ritualName?: string,
): ReviewCompletion | null {
  const reviews = scheduledReviews(deps.db, now, ritualName);
  const completions = readReviewCompletion(deps.db, reviews, now).filter(
    (c) => c.created > 0 && Date.parse(c.reviewAt) <= now.getTime(),
  );
  completions.sort((a, b) => a.reviewAt.localeCompare(b.reviewAt));
  return completions.at(-1) ?? null;
}

function onTimeOf(deps: Pick<SlackDeps, "db">, ownerIds: readonly string[] | null) {
  const done = listActionItems(deps.db, { ...(ownerIds ? { ownerIds } : {}), states: ["done"] });
  return onTimeRate(done);
}

/** A list for the viewer, or a notice (mrkdwn) saying why there is none. */
export function buildList(
  deps: Pick<SlackDeps, "db" | "clock">,
  viewer: Viewer,
  list: ListName,
): BuiltList | { notice: string } {
  const now = deps.clock();
  const admin = viewer.role === "admin";
  const team = teamUserIds(deps, viewer);
  const mineAndTeam = admin ? null : [viewer.slackUserId, ...team];
  const scopeWord = admin ? "everyone" : team.length > 0 ? "you and your team" : "you";
  switch (list) {
    case "mine":
      return openList(
        deps,
        now,
        { kind: "mine", userId: viewer.slackUserId },
        "Your open action items",
        false,
        "Nothing open. `/actions add` creates one.",
        [viewer.slackUserId],
      );
    case "team":
      return teamList(deps, now, admin, team);
    case "overdue":
      return openList(
        deps,
        now,
        mineAndTeam ? { kind: "overdue", ownerIds: mineAndTeam } : { kind: "overdue" },
        `Overdue action items (${scopeWord})`,
        true,
        "Nothing is overdue.",
        mineAndTeam,
      );
    case "done":
      return openList(
        deps,
        now,
        mineAndTeam ? { kind: "done", ownerIds: mineAndTeam } : { kind: "done" },
        `Done in the last ${DONE_LIST_DAYS} days (${scopeWord})`,
        true,
        `Nothing done in the last ${DONE_LIST_DAYS} days.`,
        mineAndTeam,
      );
    default:
      return ritualList(deps, now, list.slice("ritual:".length));
  }
}

/** The items a query picks, with the on-time rate of the owners it covers (all owners for null). */
function openList(
  deps: Pick<SlackDeps, "db">,
  now: Date,
  query: ActionListQuery,
  title: string,
  showOwner: boolean,
  emptyText: string,
  owners: readonly string[] | null,
): BuiltList {
  return {
    title,
    items: listActionItemsFor(deps.db, query, now),
    showOwner,
    summary: actionFiguresText({ onTime: onTimeOf(deps, owners) }),
    emptyText,
  };
}

/** An admin sees everyone's open items; a manager their reports'; anyone else has no team list. */
function teamList(
  deps: Pick<SlackDeps, "db">,
  now: Date,
  admin: boolean,
  team: readonly string[],
): BuiltList | { notice: string } {
  if (!admin && team.length === 0)
    return {
      notice: "Nobody reports to you here, so you have no team list. `/actions` lists your own items.",
    };
  if (admin) {
    return {
      title: "Everyone's open action items",
      items: listActionItems(deps.db, { states: ["open"] }),
      showOwner: true,
      summary: actionFiguresText({ onTime: onTimeOf(deps, null) }),
      emptyText: "Nothing is open.",
    };
  }
  return openList(
    deps,
    now,
    { kind: "team", ownerIds: [...team] },
    "Your team's open action items",
    true,
    "Your team has nothing open.",
    team,
  );
}

/** A ritual's open items, with its latest review's completion rate and its items' on-time rate. */
function ritualList(deps: Pick<SlackDeps, "db">, now: Date, name: string): BuiltList | { notice: string } {
  const ritual = findRitualByName(deps.db, name);
  const key = ritual?.name ?? name;
  const items = listActionItemsFor(deps.db, { kind: "ritual", ritual: key }, now);
  if (!ritual && items.length === 0)
    return { notice: `There is no ritual named "${data(name)}": \`/rituals list\` names them.` };
  const ritualItems = listActionItems(deps.db, { ritual: key });
  return {
    title: `Open action items of ${key}`,
    items,
    showOwner: true,
    summary: actionFiguresText({
      completion: latestCompletion(deps, now, key),
      onTime: onTimeRate(ritualItems),
    }),
    emptyText: `Nothing open from ${data(key)}.`,
  };
}

/** The list as a message, one page of it, each item with its buttons. */
export function listMessage(built: BuiltList, list: ListName, page: number, now: Date): Message {
  return actionListMessage({
    title: built.title,
    list,
    items: built.items,
    page,
    now,
    showOwner: built.showOwner,
    controls: true,
    summary: built.summary,
    emptyText: built.emptyText,
  });
}
