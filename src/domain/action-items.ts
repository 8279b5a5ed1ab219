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
