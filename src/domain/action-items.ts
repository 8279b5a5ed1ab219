import { daysBetween, localDate } from "./period";

/**
 * Action items as every layer sees them: the store keeps them, src/actions changes them, blocks/
 * shows them. A deadline is a calendar date read in the owner's IANA zone (deadlineZone): people
 * agree "due Friday", and "overdue" means the owner's Friday has ended.
 */

export const ACTION_STATES = ["open", "done", "dropped"] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** Where an item came from: a review (ritual occurrence), a deal of the risk register, or by hand. */
export const ACTION_SOURCES = ["review", "deal", "manual"] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

export const ACTION_EVENT_KINDS = [
  "created",
  "done",
  "reopened",
  "reassigned",
  "deadline_changed",
  "dropped",
] as const;
export type ActionEventKind = (typeof ACTION_EVENT_KINDS)[number];

/** The longest item text and drop reason kept: longer is refused, never cut. */
export const ACTION_TEXT_MAX = 500;
export const DROP_REASON_MAX = 300;

export interface ActionItem {
  id: number;
  text: string;
  /** Slack user id of the one person who owns it */
  ownerId: string;
  creatorId: string;
  /** YYYY-MM-DD, a day in deadlineZone */
  deadline: string;
  /** IANA zone the deadline is read in: the owner's when the item was given to them */
  deadlineZone: string;
  source: ActionSource;
  /** the review (ritual occurrence key) the item came from; set when source is "review" */
  reviewKey: string | null;
  /** the ritual the item belongs to (its key as the rituals store it) */
  ritual: string | null;
  /** the CRM opportunity id; set when source is "deal", optional otherwise */
  dealId: string | null;
  state: ActionState;
  /** set exactly when state is "dropped" */
  dropReason: string | null;
  /** ISO instant, set exactly when state is "done" */
  doneAt: string | null;
  /** 1 at creation, +1 with every change: a change names the version it was made against */
  version: number;
  createdAt: string;
  changedAt: string;
  changedBy: string;
  /** where the item's interactive message is, once posted */
  channelId: string | null;
  messageTs: string | null;
}

/** One row of an item's audit trail: who changed what, when, from what to what. */
export interface ActionItemEvent {
  itemId: number;
  /** the item's version after this change (1 for "created") */
  version: number;
  kind: ActionEventKind;
  actorId: string;
  /** ISO instant */
  at: string;
  /** the state, owner or deadline before the change (null for "created") */
  from: string | null;
  /** the state, owner or deadline after it */
  to: string | null;
  /** the reason of a drop */
  note: string | null;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** A Slack member id (U0123ABCD): the only form of a person an item stores. */
export function isSlackUserId(text: string): boolean {
  return SLACK_USER_ID.test(text);
}

/** Today's date in each zone at one instant, computed once per zone (a run over thousands of items asks for a handful). */
export function todayByZone(now: Date): (zone: string) => string {
  const cache = new Map<string, string>();
  return (zone) => {
    let today = cache.get(zone);
    if (today === undefined) {
      today = localDate(now, zone);
      cache.set(zone, today);
    }
    return today;
  };
}

/** Open and its deadline day has ended in the zone it is read in. */
export function isOverdue(item: ActionItem, today: (zone: string) => string): boolean {
  return item.state === "open" && item.deadline < today(item.deadlineZone);
}

/** Whole days past the deadline (0 while not overdue). */
export function daysOverdue(item: ActionItem, today: (zone: string) => string): number {
  return isOverdue(item, today) ? daysBetween(item.deadline, today(item.deadlineZone)) : 0;
}

/** The part of an item a problem is about, so a modal can show the message beside that field. */
export type ActionField = "text" | "owner" | "deadline" | "deal" | "ritual" | "reason" | "source" | "item";

export type ActionChangeKind = "done" | "reopen" | "reassign" | "change_deadline" | "drop";

/**
 * What became of a change, so the person is told exactly what happened:
 * - changed: applied; `event` is its audit row
 * - already: the item already was what they asked (a retry, a double click, or someone quicker):
 *   nothing written; `event` says who made it so and when
 * - stale: someone changed the item since the version they saw: nothing written; `events` are the
 *   changes they missed, latest last
 * - not_allowed: the change is not possible in the item's state (done cannot be dropped):
 *   `event` is the change that put it there
 * - refused: they may not change this item (not its owner, creator, ritual facilitator or an admin)
 * - not_found: no such item
 */
export type ChangeOutcome =
  | { status: "changed"; change: ActionChangeKind; item: ActionItem; event: ActionItemEvent }
  | { status: "already"; change: ActionChangeKind; item: ActionItem; event: ActionItemEvent | null }
  | { status: "stale"; change: ActionChangeKind; item: ActionItem; events: ActionItemEvent[] }
  | { status: "not_allowed"; change: ActionChangeKind; item: ActionItem; event: ActionItemEvent | null }
  | { status: "refused"; change: ActionChangeKind; item: ActionItem }
  | { status: "not_found"; change: ActionChangeKind; itemId: number };

/** Completion of one review's items (src/actions/figures.ts defines it). */
export interface ReviewCompletion {
  reviewKey: string;
  ritual: string;
  reviewAt: string;
  nextReviewKey: string | null;
  nextReviewAt: string | null;
  /** items created at this review */
  created: number;
  /** of those, done when the next review started (or now, while it has not) */
  doneByNext: number;
  dropped: number;
  open: number;
  /** doneByNext / created; null without items */
  rate: number | null;
  /** the completion target the rate is held against (seed 000: 80%) */
  target: number;
  meetsTarget: boolean | null;
  /** true while the next review has not started: the rate is "so far", as of asOf */
  provisional: boolean;
  asOf: string;
}

export interface OnTimeRate {
  done: number;
  onTime: number;
  /** onTime / done; null when nothing is done */
  rate: number | null;
}

export interface InterventionSla {
  /** flagged deals whose window has closed or that got an item: the denominator */
  decided: number;
  met: number;
  /** met / decided; null when none is decided yet */
  rate: number | null;
  /** flagged, no item yet, window still open: in neither count */
  pending: number;
  windowHours: number;
  /** flagged deals with no action item yet, earliest flag first; breached once the window closed */
  withoutAction: { dealId: string; flaggedAt: string; dueBy: string; breached: boolean }[];
  /** flagged deals whose first item came after the window */
  late: { dealId: string; flaggedAt: string; firstItemAt: string }[];
  asOf: string;
}
