import {
  ACTION_SOURCES,
  ACTION_TEXT_MAX,
  type ActionChangeKind,
  type ActionEventKind,
  type ActionItem,
  type ActionItemEvent,
  type ActionSource,
  type ActionState,
  DROP_REASON_MAX,
  isSlackUserId,
} from "../domain/action-items";
import { localDate } from "../domain/period";
import type { NewActionItemRow } from "../store/actions-repository";
import { checkNotPast } from "./due-date";
import { invalid } from "./errors";
import { isCalendarDate, isTimeZone } from "./local-time";

/**
 * The rules of an action item, pure: what a new item must have, who may change one, which change
 * is possible in which state, and what the item and its audit row look like after it.
 */

export interface NewActionItem {
  text: string;
  ownerId: string;
  creatorId: string;
  /** YYYY-MM-DD, read in ownerZone */
  deadline: string;
  /** the owner's IANA zone (users.info tz, else the workspace's) */
  ownerZone: string;
  source: ActionSource;
  reviewKey?: string | null;
  ritual?: string | null;
  dealId?: string | null;
  /** the Slack request (view id, trigger id) that asked for it: a retry creates nothing new */
  requestKey?: string | null;
}

export type ActionChange =
  | { kind: "done" }
  | { kind: "reopen" }
  | { kind: "reassign"; ownerId: string; ownerZone: string }
  | { kind: "change_deadline"; deadline: string }
  | { kind: "drop"; reason: string };

/** Who may change items beyond their owner and creator. */
export interface ChangeAuthority {
  adminIds: ReadonlySet<string>;
  /** the facilitators of a ritual (by the ritual key an item carries) */
  facilitatorsOf: (ritual: string) => readonly string[];
}

function checkUser(field: "owner", id: string, what: string): void {
  if (!isSlackUserId(id)) throw invalid(field, `${what} "${id}" is not a Slack user id (U0123ABCD)`);
}

function optionalKey(value: string | null | undefined, what: string, max: number): string | null {
  const v = value?.trim() ?? "";
  if (v === "") return null;
  if (v.length > max) throw invalid("item", `${what} is ${v.length} characters; at most ${max}`);
  return v;
}

/** The row to store for a new item, or the first problem with it (what and where). */
export function checkNewItem(input: NewActionItem, now: Date): NewActionItemRow {
  const text = input.text.trim().replace(/\s+/g, " ");
  if (text === "") throw invalid("text", "say what needs doing: the item's text is empty");
  if (text.length > ACTION_TEXT_MAX)
    throw invalid("text", `the text is ${text.length} characters; keep it to ${ACTION_TEXT_MAX}`);
  checkUser("owner", input.ownerId, "owner");
  if (!isSlackUserId(input.creatorId))
    throw invalid("item", `creator "${input.creatorId}" is not a Slack user id (U0123ABCD)`);
  if (!isTimeZone(input.ownerZone))
    throw invalid("owner", `"${input.ownerZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  if (!isCalendarDate(input.deadline))
    throw invalid("deadline", `deadline "${input.deadline}" is not a date: use YYYY-MM-DD`);
  checkNotPast(input.deadline, localDate(now, input.ownerZone), input.ownerZone);
  if (!(ACTION_SOURCES as readonly string[]).includes(input.source))
    throw invalid("source", `source "${input.source}" is not one of ${ACTION_SOURCES.join(", ")}`);
  const reviewKey = optionalKey(input.reviewKey, "the review key", 200);
  const ritual = optionalKey(input.ritual, "the ritual", 200);
  const dealId = optionalKey(input.dealId, "the deal id", 200);
  if (input.source === "review" && reviewKey === null)
    throw invalid("source", "an item from a review needs the review it came from");
  if (input.source === "deal" && dealId === null) throw invalid("deal", "an item from a deal needs the deal");
  return {
    text,
    ownerId: input.ownerId,
    creatorId: input.creatorId,
    deadline: input.deadline,
    deadlineZone: input.ownerZone,
    source: input.source,
    reviewKey,
    ritual,
    dealId,
    createdAt: now.toISOString(),
    requestKey: optionalKey(input.requestKey, "the request key", 200),
  };
}

/** The owner, the creator, a facilitator of the item's ritual, or an admin. */
export function mayChangeItem(item: ActionItem, actorId: string, authority: ChangeAuthority): boolean {
  if (actorId === item.ownerId || actorId === item.creatorId || authority.adminIds.has(actorId)) return true;
  return item.ritual !== null && authority.facilitatorsOf(item.ritual).includes(actorId);
}

/** The change's own input, checked before any item is read. */
export function checkChange(change: ActionChange): ActionChange {
  if (change.kind === "reassign") {
    checkUser("owner", change.ownerId, "new owner");
    if (!isTimeZone(change.ownerZone))
      throw invalid("owner", `"${change.ownerZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  if (change.kind === "change_deadline" && !isCalendarDate(change.deadline))
    throw invalid("deadline", `deadline "${change.deadline}" is not a date: use YYYY-MM-DD`);
  if (change.kind === "drop") {
    const reason = change.reason.trim().replace(/\s+/g, " ");
    if (reason === "") throw invalid("reason", "say why it is dropped: the reason is empty");
    if (reason.length > DROP_REASON_MAX)
      throw invalid("reason", `the reason is ${reason.length} characters; keep it to ${DROP_REASON_MAX}`);
    return { kind: "drop", reason };
  }
  return change;
}

/** True when the item already is what the change asks for: a retry or a second click. */
export function isAlreadyApplied(item: ActionItem, change: ActionChange): boolean {
  switch (change.kind) {
    case "done":
      return item.state === "done";
    case "reopen":
      return item.state === "open";
    case "drop":
      return item.state === "dropped";
    case "reassign":
      return item.state === "open" && item.ownerId === change.ownerId;
    case "change_deadline":
      return item.state === "open" && item.deadline === change.deadline;
  }
}

const ALLOWED_FROM: Record<ActionChangeKind, readonly ActionState[]> = {
  done: ["open"],
  reopen: ["done", "dropped"],
  reassign: ["open"],
  change_deadline: ["open"],
  drop: ["open"],
};

export function isAllowedInState(change: ActionChangeKind, state: ActionState): boolean {
  return ALLOWED_FROM[change].includes(state);
}

const EVENT_KIND: Record<ActionChangeKind, ActionEventKind> = {
  done: "done",
  reopen: "reopened",
  reassign: "reassigned",
  change_deadline: "deadline_changed",
  drop: "dropped",
};

/** The events that set what a change of this kind sets, latest last (for "already … by … at"). */
const ESTABLISHED_BY: Record<ActionChangeKind, readonly ActionEventKind[]> = {
  done: ["done"],
  reopen: ["created", "reopened"],
  reassign: ["created", "reassigned"],
  change_deadline: ["created", "deadline_changed"],
  drop: ["dropped"],
};

/** The latest event that made the item what `change` asks for; null when the trail has none. */
export function establishingEvent(
  events: readonly ActionItemEvent[],
  change: ActionChangeKind,
): ActionItemEvent | null {
  const kinds = ESTABLISHED_BY[change];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as ActionItemEvent;
    if (kinds.includes(e.kind)) return e;
  }
  return null;
}

/**
 * The item after a change by `actorId` at `now`, and its audit row. The caller has checked that the
 * change is allowed in the item's state and not already applied.
 */
export function applyChange(
  item: ActionItem,
  change: ActionChange,
  actorId: string,
  now: Date,
): { next: ActionItem; event: Omit<ActionItemEvent, "itemId" | "version"> } {
  const at = now.toISOString();
  const next: ActionItem = { ...item, changedAt: at, changedBy: actorId };
  const event = { kind: EVENT_KIND[change.kind], actorId, at, from: item.state, to: item.state, note: null };
  switch (change.kind) {
    case "done":
      return { next: { ...next, state: "done", doneAt: at }, event: { ...event, to: "done" } };
    case "reopen":
      return {
        next: { ...next, state: "open", doneAt: null, dropReason: null },
        event: { ...event, to: "open" },
      };
    case "drop":
      return {
        next: { ...next, state: "dropped", dropReason: change.reason },
        event: { ...event, to: "dropped", note: change.reason },
      };
    case "reassign":
      return {
        next: { ...next, ownerId: change.ownerId, deadlineZone: change.ownerZone },
        event: { ...event, from: item.ownerId, to: change.ownerId },
      };
    case "change_deadline":
      checkNotPast(change.deadline, localDate(now, item.deadlineZone), item.deadlineZone);
      return {
        next: { ...next, deadline: change.deadline },
        event: { ...event, from: item.deadline, to: change.deadline },
      };
  }
}
