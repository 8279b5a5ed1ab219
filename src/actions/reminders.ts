import { type ActionItem, todayByZone } from "../domain/action-items";
import { addDays, localDate } from "../domain/period";
import { claimReminderSend, releaseReminderSend } from "../store/actions-repository";
import type { Db } from "../store/db";
import type { ReviewOccurrence } from "./figures";
import { instantAt, isWeekend, wallClock } from "./local-time";

/**
 * Who is due which reminder at an instant, pure: one grouped DM per person per working day from
 * 09:00 in their own zone, and the facilitator's list of open items the working day before a review.
 * A run that comes late (the bot was down at 09:00) still sends until 17:00; the send store makes
 * each key go out once.
 */

export const REMINDER_FROM_MINUTES = 9 * 60;
export const REMINDER_UNTIL_MINUTES = 17 * 60;
/** Items due today and in the next two days are reminded, with every overdue one. */
export const DUE_SOON_DAYS = 2;

export interface DailyReminder {
  /** once per person and local date */
  key: string;
  recipientId: string;
  zone: string;
  /** the recipient's date */
  localDate: string;
  /** oldest deadline first */
  overdue: ActionItem[];
  /** by deadline */
  dueSoon: ActionItem[];
}

export function dailyReminderKey(userId: string, date: string): string {
  return `daily:${userId}:${date}`;
}

/**
 * The reminders due at `now`: for each owner of an open item whose own clock reads 09:00–17:00 on a
 * weekday, the items overdue and due within two days. Nobody with nothing due gets one.
 */
export function dueDailyReminders(
  openItems: readonly ActionItem[],
  zoneOf: (userId: string) => string,
  now: Date,
): DailyReminder[] {
  const today = todayByZone(now);
  const byOwner = new Map<string, DailyReminder | null>();
  for (const item of openItems) {
    if (item.state !== "open") continue;
    let reminder = byOwner.get(item.ownerId);
    if (reminder === undefined) {
      reminder = reminderFrame(item.ownerId, zoneOf(item.ownerId), now);
      byOwner.set(item.ownerId, reminder);
    }
    if (reminder === null) continue;
    const itemToday = today(item.deadlineZone);
    if (item.deadline < itemToday) reminder.overdue.push(item);
    else if (item.deadline <= addDays(itemToday, DUE_SOON_DAYS)) reminder.dueSoon.push(item);
  }
  const due: DailyReminder[] = [];
  for (const reminder of byOwner.values()) {
    if (reminder === null || reminder.overdue.length + reminder.dueSoon.length === 0) continue;
    const byDeadline = (a: ActionItem, b: ActionItem) => a.deadline.localeCompare(b.deadline) || a.id - b.id;
    reminder.overdue.sort(byDeadline);
    reminder.dueSoon.sort(byDeadline);
    due.push(reminder);
  }
  return due.sort((a, b) => a.recipientId.localeCompare(b.recipientId));
}

/** An empty reminder for a person if their clock is in the reminder window today, else null. */
function reminderFrame(userId: string, zone: string, now: Date): DailyReminder | null {
  const clock = wallClock(now, zone);
  if (isWeekend(clock.date)) return null;
  if (clock.minutes < REMINDER_FROM_MINUTES || clock.minutes >= REMINDER_UNTIL_MINUTES) return null;
  return {
    key: dailyReminderKey(userId, clock.date),
    recipientId: userId,
    zone,
    localDate: clock.date,
    overdue: [],
    dueSoon: [],
  };
}

/** The next instant a person's reminder window opens after `now` (09:00 on their next weekday). */
export function nextReminderAt(zone: string, now: Date): Date {
  let date = localDate(now, zone);
  for (let i = 0; i < 8; i++, date = addDays(date, 1)) {
    if (isWeekend(date)) continue;
    const at = instantAt(date, REMINDER_FROM_MINUTES, zone);
    if (at > now) return at;
  }
  throw new Error(`no weekday within 8 days of ${now.toISOString()} in ${zone}`);
}

/** A review as the scheduler knows it: when, in which zone, facilitated by whom. */
export interface ScheduledReview extends ReviewOccurrence {
  zone: string;
  facilitatorId: string | null;
}

export interface PreReviewDigest {
  key: string;
  recipientId: string;
  review: ScheduledReview;
  previous: ScheduledReview;
  /** the previous review's items still open, by deadline */
  openItems: ActionItem[];
  /** deals flagged for executive attention still without an action item past their 48 hours */
  withoutAction: BreachedDeal[];
}

/** A flagged deal whose intervention window closed without an action item. */
export interface BreachedDeal {
  dealId: string;
  flaggedAt: string;
}

/** The working day before a date: Friday for a Monday. */
export function previousWorkingDay(date: string): string {
  let d = addDays(date, -1);
  while (isWeekend(d)) d = addDays(d, -1);
  return d;
}

/**
 * The facilitators' digests due at `now`: for each review that has not started and whose previous
 * working day has reached 09:00 (in the ritual's zone), the previous review's open items and the
 * flagged deals still without an action item past their window. Nothing for a review without a
 * facilitator or a previous review, nor when there is nothing to list.
 */
export function duePreReviewDigests(
  reviews: readonly ScheduledReview[],
  items: readonly ActionItem[],
  now: Date,
  withoutAction: readonly BreachedDeal[] = [],
): PreReviewDigest[] {
  const sorted = [...reviews].sort(
    (a, b) => a.ritual.localeCompare(b.ritual) || new Date(a.at).getTime() - new Date(b.at).getTime(),
  );
  const digests: PreReviewDigest[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const review = sorted[i] as ScheduledReview;
    const previous = sorted[i - 1] as ScheduledReview;
    if (previous.ritual !== review.ritual || review.facilitatorId === null) continue;
    const startsAt = new Date(review.at);
    const day = previousWorkingDay(localDate(startsAt, review.zone));
    if (now < instantAt(day, REMINDER_FROM_MINUTES, review.zone) || now >= startsAt) continue;
    const openItems = items
      .filter((item) => item.reviewKey === previous.key && item.state === "open")
      .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id - b.id);
    if (openItems.length === 0 && withoutAction.length === 0) continue;
    digests.push({
      key: `pre-review:${review.key}`,
      recipientId: review.facilitatorId,
      review,
      previous,
      openItems,
      withoutAction: [...withoutAction],
    });
  }
  return digests;
}

/**
 * Claims each reminder's key in one transaction and returns those this call claimed: the ones to
 * send now. A key claimed before (another process, an earlier run) is left out.
 */
export function claimReminders<T extends { key: string; recipientId: string }>(
  db: Db,
  reminders: readonly T[],
  kind: "daily" | "pre-review",
  now: Date,
): T[] {
  const claimedAt = now.toISOString();
  return db.transaction(() =>
    reminders.filter((r) =>
      claimReminderSend(db, { key: r.key, kind, recipientId: r.recipientId, claimedAt }),
    ),
  )();
}

/** After a send failed: the key may be claimed again by the next run. */
export function releaseReminder(db: Db, key: string): void {
  releaseReminderSend(db, key);
}
