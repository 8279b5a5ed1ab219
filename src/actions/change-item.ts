import type { ActionItem, ActionItemEvent, ChangeOutcome } from "../domain/action-items";
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
 * Applies one change as one immediate transaction: the item is read, judged and written under the
 * database's write lock, and the write is guarded by the item's version besides, so two clicks at
 * once (in one process or several) leave one change and one audit row.
 */
export function changeActionItem(db: Db, request: ChangeRequest, now: Date): ChangeOutcome {
  const change = checkChange(request.change);
  const kind = change.kind;
  const run = db.transaction((): ChangeOutcome => {
    const item = readActionItem(db, request.itemId);
    if (!item) return { status: "not_found", change: kind, itemId: request.itemId };
    if (!mayChangeItem(item, request.actorId, request.authority))
      return { status: "refused", change: kind, item };
    if (isAlreadyApplied(item, change)) {
      return {
        status: "already",
        change: kind,
        item,
        event: establishingEvent(listActionItemEvents(db, item.id), change.kind),
      };
    }
    const expected = request.expectedVersion ?? item.version;
    if (expected !== item.version) {
      const missed = listActionItemEvents(db, item.id).filter((e) => e.version > expected);
      return { status: "stale", change: kind, item, events: missed };
    }
    if (!isAllowedInState(change.kind, item.state)) {
      const events = listActionItemEvents(db, item.id);
      return { status: "not_allowed", change: kind, item, event: lastStateEvent(events) };
    }
    const { next, event } = applyChange(item, change, request.actorId, now);
    const written = updateActionItem(db, next, expected, event);
    if (!written) {
      // Another connection wrote between our read and write despite the lock (not expected with
      // an immediate transaction): report what it did rather than overwrite it.
      const current = readActionItem(db, item.id) as ActionItem;
      return {
        status: "stale",
        change: kind,
        item: current,
        events: listActionItemEvents(db, item.id).filter((e) => e.version > expected),
      };
    }
    return {
      status: "changed",
      change: kind,
      item: written,
      event: { ...event, itemId: item.id, version: expected + 1 },
    };
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
