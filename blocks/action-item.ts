import { DateTime } from "luxon";
import {
  type ActionEventKind,
  type ActionItem,
  type ActionItemEvent,
  type ChangeOutcome,
  daysOverdue,
  isSlackUserId,
  todayByZone,
} from "../src/domain/action-items";
import { data } from "./format";
import { LIMITS } from "./limits";
import type { Block, Message } from "./message";

/**
 * An action item's interactive message (state, owner, deadline, who changed it last, the buttons
 * its state allows), the pieces the list, reminder and Home builders share, and the ephemeral
 * answer to a click. Every text from data is escaped; people and times use Slack's own formatting.
 */

export const ActionItemIds = {
  done: "action_item_done",
  reopen: "action_item_reopen",
  /** opens the drop-reason modal */
  drop: "action_item_drop",
  /** users_select: the new owner */
  reassign: "action_item_reassign",
  /** datepicker: the new deadline */
  changeDeadline: "action_item_deadline",
} as const;

const ITEM_REF = /^action_item:(\d{1,12}):(\d{1,9})$/;

/**
 * The block_id (and button value) of an item's controls: the item and the version shown, so a
 * click says what it acted on; a select or datepicker has no value, only its block's id.
 */
export function itemRef(item: Pick<ActionItem, "id" | "version">): string {
  return `action_item:${item.id}:${item.version}`;
}

/** The item and version a click acted on; null for anything this app did not make. */
export function parseItemRef(text: string | undefined): { itemId: number; version: number } | null {
  const m = ITEM_REF.exec(text ?? "");
  return m ? { itemId: Number(m[1]), version: Number(m[2]) } : null;
}

/** A mention of a stored user id; anything that is not an id is shown as escaped text. */
export function mention(userId: string): string {
  return isSlackUserId(userId) ? `<@${userId}>` : data(userId);
}

/** A plain_text field's text, cut with an ellipsis at Slack's limit (plain text is not parsed). */
export function plain(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
});

/**
 * Remembers a formatted date: a reminder run formats thousands of deadlines over a few dozen days,
 * and zone-aware formatting costs far more than the lookup. Emptied when it grows past `max`.
 */
function memo(max: number, format: (key: string) => string): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    let text = cache.get(key);
    if (text === undefined) {
      if (cache.size >= max) cache.clear();
      text = format(key);
      cache.set(key, text);
    }
    return text;
  };
}

/** "2026-12-04" → "Fri 4 Dec 2026", the fallback where Slack cannot format a date. */
export const dayText = memo(5000, (date) => dayFormat.format(new Date(`${date}T00:00:00Z`)).replace(",", ""));

const noonDate = memo(5000, (key) => {
  const [date, zone] = key.split(" ") as [string, string];
  const unix = Math.floor(DateTime.fromISO(`${date}T12:00`, { zone }).toSeconds());
  return `<!date^${unix}^{date_short_pretty}|${dayText(date)}>`;
});

/**
 * A deadline in each reader's own calendar: noon of the deadline day in its zone, so readers up
 * to eleven hours away see the same day.
 */
export function deadlineDate(item: Pick<ActionItem, "deadline" | "deadlineZone">): string {
  return noonDate(`${item.deadline} ${item.deadlineZone}`);
}

/** An instant in each reader's zone: "today at 09:04", with the UTC time as the fallback. */
export function slackTime(iso: string): string {
  const unix = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${unix}^{date_short_pretty} at {time}|${iso.slice(0, 16).replace("T", " ")} UTC>`;
}

const EVENT_PHRASE: Record<ActionEventKind, string> = {
  created: "Created",
  done: "Done",
  reopened: "Reopened",
  reassigned: "Reassigned",
  deadline_changed: "Deadline changed",
  dropped: "Dropped",
};

/** "Done by @ana today at 09:04", "Reassigned by @ben … from @ana to @cleo", "Dropped …: reason". */
export function eventText(event: ActionItemEvent): string {
  const base = `${EVENT_PHRASE[event.kind]} by ${mention(event.actorId)} ${slackTime(event.at)}`;
  if (event.kind === "reassigned" && event.from && event.to)
    return `${base} from ${mention(event.from)} to ${mention(event.to)}`;
  if (event.kind === "deadline_changed" && event.from && event.to)
    return `${base} from ${dayText(event.from)} to ${dayText(event.to)}`;
  if (event.kind === "dropped" && event.note) return `${base}: ${data(event.note)}`;
  return base;
}

const STATE_ICON = { open: ":large_blue_circle:", done: ":white_check_mark:", dropped: ":heavy_minus_sign:" };

/** The item in one line of mrkdwn: state, text, owner, deadline, overdue days. */
export function itemLine(item: ActionItem, today: (zone: string) => string, showOwner = true): string {
  const late = daysOverdue(item, today);
  const parts = [`${STATE_ICON[item.state]} *${data(item.text)}*`];
  if (showOwner) parts.push(mention(item.ownerId));
  parts.push(item.state === "done" ? `was due ${deadlineDate(item)}` : `due ${deadlineDate(item)}`);
  if (late > 0) parts.push(`:warning: ${late} ${late === 1 ? "day" : "days"} overdue`);
  if (item.dealId) parts.push(`deal ${data(item.dealId)}`);
  return parts.join(" · ");
}

function button(text: string, actionId: string, value: string, style?: "primary" | "danger") {
  return {
    type: "button" as const,
    text: { type: "plain_text" as const, text: plain(text, LIMITS.buttonText) },
    action_id: actionId,
    value,
    ...(style ? { style } : {}),
  };
}

/**
 * The controls an item's state allows: open → Done, Reassign, Change deadline, Drop; done or
 * dropped → Reopen. `compact` (reminders) keeps only Done and Change deadline.
 */
export function itemActions(item: ActionItem, options: { compact?: boolean } = {}): Block {
  const ref = itemRef(item);
  if (item.state !== "open")
    return { type: "actions", block_id: ref, elements: [button("Reopen", ActionItemIds.reopen, ref)] };
  const datepicker = {
    type: "datepicker" as const,
    action_id: ActionItemIds.changeDeadline,
    initial_date: item.deadline,
    placeholder: { type: "plain_text" as const, text: "Change deadline" },
  };
  if (options.compact) {
    return {
      type: "actions",
      block_id: ref,
      elements: [button("Done", ActionItemIds.done, ref, "primary"), datepicker],
    };
  }
  return {
    type: "actions",
    block_id: ref,
    elements: [
      button("Done", ActionItemIds.done, ref, "primary"),
      {
        type: "users_select",
        action_id: ActionItemIds.reassign,
        initial_user: item.ownerId,
        placeholder: { type: "plain_text", text: "Reassign" },
      },
      datepicker,
      button("Drop…", ActionItemIds.drop, ref, "danger"),
    ],
  };
}

export interface ItemMessageView {
  item: ActionItem;
  /** the item's latest audit row: who changed it and when */
  lastEvent: ActionItemEvent | null;
  now: Date;
  /** the deal's name, when the item links one the viewer may see */
  dealName?: string | null;
}

/** The item's message in its channel; chat.update replaces it after every change. */
export function itemMessage(v: ItemMessageView): Message {
  const { item } = v;
  const today = todayByZone(v.now);
  const late = daysOverdue(item, today);
  const facts = [`Owner ${mention(item.ownerId)}`, `due ${deadlineDate(item)}`];
  if (late > 0) facts.push(`:warning: ${late} ${late === 1 ? "day" : "days"} overdue`);
  if (item.state === "dropped" && item.dropReason) facts.push(`dropped: ${data(item.dropReason)}`);
  const origin = [`#${item.id}`, `created by ${mention(item.creatorId)} ${slackTime(item.createdAt)}`];
  if (item.reviewKey) origin.push(`from review ${data(item.reviewKey)}`);
  if (item.dealId) origin.push(`deal ${data(v.dealName ?? item.dealId)}`);
  const blocks: Block[] = [
    { type: "section", text: { type: "mrkdwn", text: `${STATE_ICON[item.state]} *${data(item.text)}*` } },
    { type: "section", text: { type: "mrkdwn", text: facts.join(" · ") } },
  ];
  const context = v.lastEvent && v.lastEvent.kind !== "created" ? [eventText(v.lastEvent)] : [];
  context.push(origin.join(" · "));
  blocks.push({ type: "context", elements: context.map((text) => ({ type: "mrkdwn" as const, text })) });
  blocks.push(itemActions(item));
  const state = item.state === "open" ? `due ${item.deadline}` : item.state;
  // The fallback text is mrkdwn in notifications too: escaped like the blocks.
  return { text: `Action item: ${data(plain(item.text, 200))} (${state})`, blocks };
}

/** "Already marked done by @ana today at 09:04", from the change that made it so. */
function alreadyText(
  change: ChangeOutcome["change"],
  item: ActionItem,
  event: ActionItemEvent | null,
): string {
  const by = event ? `${mention(event.actorId)} ${slackTime(event.at)}` : null;
  switch (change) {
    case "done":
      return by ? `Already marked done by ${by}` : "Already marked done";
    case "drop":
      return by ? `Already dropped by ${by}` : "Already dropped";
    case "reopen":
      return by && event?.kind === "reopened" ? `Already open (reopened by ${by})` : "Already open";
    case "reassign":
      return `Already owned by ${mention(item.ownerId)}${by ? ` (since ${by})` : ""}`;
    case "change_deadline":
      return `The deadline already is ${deadlineDate(item)}${by ? ` (set by ${by})` : ""}`;
  }
}

const CHANGED: Record<ChangeOutcome["change"], (item: ActionItem) => string> = {
  done: () => "Marked done",
  reopen: () => "Reopened",
  drop: () => "Dropped",
  reassign: (item) => `Reassigned to ${mention(item.ownerId)}`,
  change_deadline: (item) => `Deadline moved to ${deadlineDate(item)}`,
};

/** What a person is told after a click: done, already so (by whom, when), beaten to it, or refused. */
export function changeOutcomeText(outcome: ChangeOutcome): string {
  if (outcome.status === "not_found") return `There is no action item #${outcome.itemId}.`;
  const title = `*${data(outcome.item.text)}*`;
  switch (outcome.status) {
    case "changed":
      return `${CHANGED[outcome.change](outcome.item)}: ${title}.`;
    case "already":
      return `${alreadyText(outcome.change, outcome.item, outcome.event)}: ${title}. Nothing changed.`;
    case "stale": {
      const shown = outcome.events.slice(-3).map(eventText);
      const more = outcome.events.length > 3 ? ` and ${outcome.events.length - 3} earlier changes` : "";
      return `Not changed: since you opened ${title}, it changed: ${shown.join("; ")}${more}. Here is how it stands now.`;
    }
    case "not_allowed": {
      const how = outcome.event ? ` (${eventText(outcome.event)})` : "";
      return `${title} is ${outcome.item.state}${how}: reopen it first to change it.`;
    }
    case "refused":
      return `Only the owner ${mention(outcome.item.ownerId)}, the creator ${mention(outcome.item.creatorId)}, the ritual's facilitator or an admin can change ${title}. Nothing changed.`;
  }
}

/** Room kept free for the blocks a builder adds after the items (a "…and N more" line, paging). */
const TAIL_ROOM = { blocks: 3, chars: 1200 };

/**
 * How many leading groups (each an item's blocks) fit in one message beside `head`, within Slack's
 * block count and size limits; for a Home view (`view`) only the block count applies. A builder
 * shows that many and says how many more there are: nothing is cut silently.
 */
export function groupsThatFit(
  head: readonly Block[],
  groups: readonly (readonly Block[])[],
  options: { view?: boolean; maxGroups?: number } = {},
): number {
  const maxBlocks = (options.view ? LIMITS.blocksPerView : LIMITS.blocksPerMessage) - TAIL_ROOM.blocks;
  const maxChars = options.view ? Number.POSITIVE_INFINITY : LIMITS.totalChars - TAIL_ROOM.chars;
  let blocks = head.length;
  let chars = JSON.stringify(head).length;
  let fitted = 0;
  for (const group of groups) {
    if (fitted === (options.maxGroups ?? Number.POSITIVE_INFINITY)) break;
    const size = group.reduce((sum, b) => sum + JSON.stringify(b).length + 1, 0);
    if (blocks + group.length > maxBlocks || chars + size > maxChars) break;
    blocks += group.length;
    chars += size;
    fitted++;
  }
  return fitted;
}

/** An item as a line with its controls: the unit lists, reminders and the Home tab are made of. */
export function itemGroup(
  item: ActionItem,
  today: (zone: string) => string,
  options: { compact?: boolean; showOwner?: boolean; controls?: boolean } = {},
): Block[] {
  const line: Block = {
    type: "section",
    text: { type: "mrkdwn", text: itemLine(item, today, options.showOwner) },
  };
  return options.controls === false ? [line] : [line, itemActions(item, options)];
}
