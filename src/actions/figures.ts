import type {
  ActionItem,
  ActionItemEvent,
  ActionState,
  InterventionSla,
  OnTimeRate,
  ReviewCompletion,
} from "../domain/action-items";
import { localDate } from "../domain/period";

/**
 * The action-item figures (README, "Metric definitions"), each defined here once and computed from
 * the items and their audit trail, so a past review's rate does not move when someone reopens an
 * item later.
 */

/** Bumped whenever a definition below changes meaning; shown beside the figures. */
export const ACTION_FIGURES_DEFINITION_VERSION = 1;
/** Seed 000: "action items from prior month 80%+ completed". */
export const COMPLETION_TARGET = 0.8;
/** Seed 000's intervention window for a deal flagged for executive attention. */
export const INTERVENTION_WINDOW_HOURS = 48;

/** One held (or scheduled) review: a ritual occurrence, as the rituals store it. */
export interface ReviewOccurrence {
  /** the occurrence key items carry as reviewKey */
  key: string;
  ritual: string;
  /** ISO instant the review starts */
  at: string;
}

const ms = (iso: string) => new Date(iso).getTime();

/** Each item's state at an instant, from its audit trail; null before it was created. */
export function stateAt(events: readonly ActionItemEvent[], instantMs: number): ActionState | null {
  let state: ActionState | null = null;
  for (const e of events) {
    if (ms(e.at) > instantMs) break;
    if (e.kind === "created" || e.kind === "reopened") state = "open";
    else if (e.kind === "done") state = "done";
    else if (e.kind === "dropped") state = "dropped";
  }
  return state;
}

function groupBy<K, V>(values: readonly V[], keyOf: (value: V) => K | null): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const value of values) {
    const key = keyOf(value);
    if (key === null) continue;
    const list = groups.get(key);
    if (list) list.push(value);
    else groups.set(key, [value]);
  }
  return groups;
}

function eventsByItem(events: readonly ActionItemEvent[]): Map<number, ActionItemEvent[]> {
  const byItem = groupBy(events, (e) => e.itemId);
  for (const list of byItem.values()) list.sort((a, b) => a.version - b.version);
  return byItem;
}

/**
 * Completion rate per review = items created at that review that were done when the ritual's next
 * review started / items created at that review. Dropped items count as not done. Until the next
 * review starts the rate is provisional, counted at `now`.
 */
export function completionByReview(
  reviews: readonly ReviewOccurrence[],
  items: readonly ActionItem[],
  events: readonly ActionItemEvent[],
  now: Date,
): ReviewCompletion[] {
  const trail = eventsByItem(events);
  const byReview = groupBy(items, (item) => item.reviewKey);
  const sorted = [...reviews].sort((a, b) => a.ritual.localeCompare(b.ritual) || ms(a.at) - ms(b.at));
  return sorted.map((review, i) => {
    const following = sorted[i + 1];
    const next = following && following.ritual === review.ritual ? following : null;
    const provisional = next === null || ms(next.at) > now.getTime();
    const cutoff = provisional ? now.getTime() : ms((next as ReviewOccurrence).at);
    let done = 0;
    let dropped = 0;
    const reviewItems = byReview.get(review.key) ?? [];
    for (const item of reviewItems) {
      const state = stateAt(trail.get(item.id) ?? [], cutoff);
      if (state === "done") done++;
      else if (state === "dropped") dropped++;
    }
    const created = reviewItems.length;
    const rate = created === 0 ? null : done / created;
    return {
      reviewKey: review.key,
      ritual: review.ritual,
      reviewAt: review.at,
      nextReviewKey: next?.key ?? null,
      nextReviewAt: next?.at ?? null,
      created,
      doneByNext: done,
      dropped,
      open: created - done - dropped,
      rate,
      target: COMPLETION_TARGET,
      meetsTarget: rate === null ? null : rate >= COMPLETION_TARGET,
      provisional,
      asOf: now.toISOString(),
    };
  });
}

/**
 * On-time rate = items done on or before their deadline / items done (metrics.md), the day of
 * completion read in the item's deadline zone. Open and dropped items are not in it.
 */
export function onTimeRate(items: readonly ActionItem[]): OnTimeRate {
  let done = 0;
  let onTime = 0;
  for (const item of items) {
    if (item.state !== "done" || item.doneAt === null) continue;
    done++;
    if (localDate(new Date(item.doneAt), item.deadlineZone) <= item.deadline) onTime++;
  }
  return { done, onTime, rate: done === 0 ? null : onTime / done };
}

/** A deal the risk register flagged for executive attention, and when. */
export interface FlaggedDeal {
  dealId: string;
  /** ISO instant */
  flaggedAt: string;
}

/**
 * Intervention SLA = flagged deals that got an action item within 48 hours of being flagged /
 * flagged deals. An item counts when it links the deal and was created in the window, or was
 * created earlier and still open when the deal was flagged. A deal still inside its window without
 * an item has not missed yet and is reported as pending, outside both counts.
 */
export function interventionSla(
  flagged: readonly FlaggedDeal[],
  items: readonly ActionItem[],
  events: readonly ActionItemEvent[],
  now: Date,
  windowHours = INTERVENTION_WINDOW_HOURS,
): InterventionSla {
  const trail = eventsByItem(events);
  const itemsByDeal = groupBy(items, (item) => item.dealId);
  const earliest = new Map<string, string>();
  for (const f of flagged) {
    const seen = earliest.get(f.dealId);
    if (seen === undefined || ms(f.flaggedAt) < ms(seen)) earliest.set(f.dealId, f.flaggedAt);
  }
  const result: InterventionSla = {
    decided: 0,
    met: 0,
    rate: null,
    pending: 0,
    windowHours,
    withoutAction: [],
    late: [],
    asOf: now.toISOString(),
  };
  for (const [dealId, flaggedAt] of earliest) {
    const from = ms(flaggedAt);
    const dueBy = from + windowHours * 3_600_000;
    const linked = itemsByDeal.get(dealId) ?? [];
    const inTime = linked.some((item) => {
      const created = ms(item.createdAt);
      if (created >= from) return created <= dueBy;
      return stateAt(trail.get(item.id) ?? [], from) === "open";
    });
    const after = linked.map((item) => ms(item.createdAt)).filter((t) => t > dueBy);
    if (inTime) {
      result.decided++;
      result.met++;
    } else if (after.length > 0) {
      result.decided++;
      result.late.push({ dealId, flaggedAt, firstItemAt: new Date(Math.min(...after)).toISOString() });
    } else {
      const breached = now.getTime() > dueBy;
      if (breached) result.decided++;
      else result.pending++;
      result.withoutAction.push({ dealId, flaggedAt, dueBy: new Date(dueBy).toISOString(), breached });
    }
  }
  result.rate = result.decided === 0 ? null : result.met / result.decided;
  result.withoutAction.sort((a, b) => ms(a.flaggedAt) - ms(b.flaggedAt) || a.dealId.localeCompare(b.dealId));
  return result;
}
