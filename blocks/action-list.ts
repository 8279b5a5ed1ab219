import {
  type ActionItem,
  type OnTimeRate,
  type ReviewCompletion,
  todayByZone,
} from "../src/domain/action-items";
import { groupsThatFit, itemGroup, itemLine, plain } from "./action-item";
import { chunkLines, count, data, percent } from "./format";
import { LIMITS } from "./limits";
import type { Block, Message } from "./message";

/** `/actions` lists (mine, team, ritual, overdue, done) page by page, and the Home tab's items. */

export const ActionListIds = {
  previous: "action_list_previous",
  next: "action_list_next",
  pagination: "action_list_pagination",
} as const;

/** At most this many items a page, fewer when long texts would break Slack's size limit. */
export const ACTION_LIST_PAGE_ITEMS = 10;

/** What a paging button carries: which list and which page. */
export interface ListPageRef {
  list: string;
  page: number;
}

export function encodeListPage(ref: ListPageRef): string {
  return JSON.stringify({ l: ref.list, p: ref.page });
}

/** Null when the value is not one this app made. */
export function decodeListPage(value: string | undefined): ListPageRef | null {
  try {
    const v = JSON.parse(value ?? "") as { l?: unknown; p?: unknown };
    if (typeof v.l !== "string" || v.l.length === 0 || v.l.length > 200) return null;
    if (typeof v.p !== "number" || !Number.isInteger(v.p) || v.p < 0) return null;
    return { list: v.l, page: v.p };
  } catch {
    return null;
  }
}

/** "Review mc:2026-10: 7/9 done by the next review (78%, target 80%) · On time: 5 of 7 done (71%)". */
export function actionFiguresText(figures: {
  completion?: ReviewCompletion | null;
  onTime?: OnTimeRate | null;
}): string | null {
  const parts: string[] = [];
  const c = figures.completion;
  if (c) {
    const by = c.provisional ? "done so far" : "done by the next review";
    const mark = c.meetsTarget === null ? "" : c.meetsTarget ? " :white_check_mark:" : " :warning:";
    parts.push(
      `Review ${data(c.reviewKey)}: ${c.doneByNext}/${c.created} ${by} (${percent(c.rate)}, target ${percent(c.target)})${mark}`,
    );
  }
  const t = figures.onTime;
  if (t) parts.push(`On time: ${t.onTime} of ${count(t.done, "item")} done (${percent(t.rate)})`);
  return parts.length > 0 ? parts.join(" · ") : null;
}

export interface ActionListView {
  title: string;
  /** the list's ref, carried by the paging buttons ("mine", "overdue", "ritual:…") */
  list: string;
  items: readonly ActionItem[];
  page: number;
  now: Date;
  showOwner: boolean;
  /** each item with its buttons */
  controls: boolean;
  /** a figures line (actionFiguresText) */
  summary?: string | null;
  emptyText: string;
}

function pageStarts(head: readonly Block[], groups: readonly Block[][]): number[] {
  const starts: number[] = [];
  for (let start = 0; start < groups.length; ) {
    starts.push(start);
    const fit = groupsThatFit(head, groups.slice(start), { maxGroups: ACTION_LIST_PAGE_ITEMS });
    start += Math.max(1, fit);
  }
  return starts.length > 0 ? starts : [0];
}

/** A list of items: heading, figures, one page of items, Previous / Next and where the page is. */
export function actionListMessage(v: ActionListView): Message {
  const today = todayByZone(v.now);
  const head: Block[] = [
    { type: "header", text: { type: "plain_text", text: plain(v.title, LIMITS.headerText) } },
  ];
  if (v.summary) head.push({ type: "context", elements: [{ type: "mrkdwn", text: v.summary }] });
  if (v.items.length === 0) {
    return {
      text: `${data(v.title)}: none`,
      blocks: [...head, { type: "section", text: { type: "mrkdwn", text: v.emptyText } }],
    };
  }
  const groups = v.items.map((item) =>
    itemGroup(item, today, { showOwner: v.showOwner, controls: v.controls }),
  );
  const starts = pageStarts(head, groups);
  const page = Math.min(Math.max(0, v.page), starts.length - 1);
  const from = starts[page] as number;
  const to = starts[page + 1] ?? groups.length;
  const blocks: Block[] = [...head, ...groups.slice(from, to).flat()];
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: `${from + 1}–${to} of ${count(v.items.length, "item")}${starts.length > 1 ? ` · page ${page + 1} of ${starts.length}` : ""}`,
      },
    ],
  });
  const buttons = [];
  if (page > 0)
    buttons.push({
      type: "button" as const,
      text: { type: "plain_text" as const, text: "Previous" },
      action_id: ActionListIds.previous,
      value: encodeListPage({ list: v.list, page: page - 1 }),
    });
  if (page < starts.length - 1)
    buttons.push({
      type: "button" as const,
      text: { type: "plain_text" as const, text: "Next" },
      action_id: ActionListIds.next,
      value: encodeListPage({ list: v.list, page: page + 1 }),
    });
  if (buttons.length > 0)
    blocks.push({ type: "actions", block_id: ActionListIds.pagination, elements: buttons });
  return { text: `${data(v.title)}: ${count(v.items.length, "item")}`, blocks };
}

export interface ActionHomeView {
  /** the viewer's open items, by deadline */
  mine: readonly ActionItem[];
  /** a manager's team's overdue items; null for someone who manages nobody */
  teamOverdue: readonly ActionItem[] | null;
  now: Date;
  summary?: string | null;
}

const HOME_MINE = 10;
const HOME_TEAM_LINES = 20;

/** The Home tab's action items: mine with their buttons, then a manager's team's overdue ones. */
export function actionItemsHomeBlocks(v: ActionHomeView): Block[] {
  const today = todayByZone(v.now);
  const blocks: Block[] = [{ type: "header", text: { type: "plain_text", text: "Your action items" } }];
  if (v.summary) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: v.summary }] });
  if (v.mine.length === 0) {
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: "Nothing open. `/actions add` creates one." },
    });
  }
  for (const item of v.mine.slice(0, HOME_MINE)) blocks.push(...itemGroup(item, today, { showOwner: false }));
  if (v.mine.length > HOME_MINE) {
    const more = `…and ${count(v.mine.length - HOME_MINE, "more item")}: \`/actions\` lists them all.`;
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: more }] });
  }
  if (v.teamOverdue !== null) {
    blocks.push({ type: "header", text: { type: "plain_text", text: "Your team's overdue items" } });
    const lines = v.teamOverdue.slice(0, HOME_TEAM_LINES).map((item) => itemLine(item, today));
    if (lines.length === 0) lines.push("None overdue.");
    if (v.teamOverdue.length > HOME_TEAM_LINES)
      lines.push(`…and ${count(v.teamOverdue.length - HOME_TEAM_LINES, "more item")}: \`/actions team\``);
    for (const text of chunkLines(lines)) blocks.push({ type: "section", text: { type: "mrkdwn", text } });
  }
  return blocks;
}
