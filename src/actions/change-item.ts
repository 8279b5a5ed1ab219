import type { ActionItem, ActionItemEvent } from "../domain/action-items";
import { listActionItemEvents, readActionItem, updateActionItem } from "../store/actions-repository";
import type { Db } from "../store/db";
import {
  type ActionChange,
  applyChange,
  type ChangeAuthority,
  checkChange,
  establishingEvent,
  isAllowedInState,
  isAlreadyApplied,
  mayChangeItem,
} from "./item-rules";

export interface ChangeRequest {
  itemId: number;
  change: ActionChange;
  actorId: string;
  /** the version the person saw (a button carries it); left out, the change applies to the latest */
  expectedVersion?: number;
  authority: ChangeAuthority;
}

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
  | { status: "changed"; item: ActionItem; event: ActionItemEvent }
  | { status: "already"; item: ActionItem; event: ActionItemEvent | null }
  | { status: "stale"; item: ActionItem; events: ActionItemEvent[] }
  | { status: "not_allowed"; item: ActionItem; event: ActionItemEvent | null }
  | { status: "refused"; item: ActionItem }
  | { status: "not_found"; itemId: number };

/**
 * Applies one change as one immediate transaction: the item is read, judged and written under the
 * database's write lock, and the write is guarded by the item's version besides, so two clicks at
 * once (in one process or several) leave one change and one audit row.
 */
export function changeActionItem(db: Db, request: ChangeRequest, now: Date): ChangeOutcome {
  const change = checkChange(request.change);
  const run = db.transaction((): ChangeOutcome => {
    const item = readActionItem(db, request.itemId);
    if (!item) return { status: "not_found", itemId: request.itemId };
    if (!mayChangeItem(item, request.actorId, request.authority)) return { status: "refused", item };
    if (isAlreadyApplied(item, change)) {
      return {
        status: "already",
        item,
        event: establishingEvent(listActionItemEvents(db, item.id), change.kind),
      };
    }
    const expected = request.expectedVersion ?? item.version;
    if (expected !== item.version) {
      const missed = listActionItemEvents(db, item.id).filter((e) => e.version > expected);
      return { status: "stale", item, events: missed };
    }
    if (!isAllowedInState(change.kind, item.state)) {
      const events = listActionItemEvents(db, item.id);
      return { status: "not_allowed", item, event: lastStateEvent(events) };
    }
    const { next, event } = applyChange(item, change, request.actorId, now);
    const written = updateActionItem(db, next, expected, event);
    if (!written) {
      // Another connection wrote between our read and write despite the lock (not expected with
      // an immediate transaction): report what it did rather than overwrite it.
      const current = readActionItem(db, item.id) as ActionItem;
      return {
        status: "stale",
        item: current,
        events: listActionItemEvents(db, item.id).filter((e) => e.version > expected),
      };
    }
    return { status: "changed", item: written, event: { ...event, itemId: item.id, version: expected + 1 } };
  });
  return run.immediate();
}

function lastStateEvent(events: readonly ActionItemEvent[]): ActionItemEvent | null {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i] as ActionItemEvent;
    if (e.kind === "created" || e.kind === "done" || e.kind === "reopened" || e.kind === "dropped") return e;
  }
  return null;
}
