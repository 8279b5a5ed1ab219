import { type ActionItem, isOverdue, todayByZone } from "../domain/action-items";
import { listActionItems } from "../store/actions-repository";
import type { Db } from "../store/db";

/** The lists people ask for: mine, a team's, a ritual's, overdue, done lately. */

export type ActionListQuery =
  | { kind: "mine"; userId: string }
  | { kind: "team"; ownerIds: readonly string[] }
  | { kind: "ritual"; ritual: string }
  | { kind: "overdue"; ownerIds?: readonly string[] }
  | { kind: "done"; ownerIds?: readonly string[]; days?: number };

export const DONE_LIST_DAYS = 30;

/** The items of a list, open ones by deadline, done ones latest first. */
export function listActionItemsFor(db: Db, query: ActionListQuery, now: Date): ActionItem[] {
  const today = todayByZone(now);
  switch (query.kind) {
    case "mine":
      return listActionItems(db, { ownerIds: [query.userId], states: ["open"] });
    case "team":
      return listActionItems(db, { ownerIds: query.ownerIds, states: ["open"] });
    case "ritual":
      return listActionItems(db, { ritual: query.ritual, states: ["open"] });
    case "overdue": {
      // No zone is more than a day ahead of UTC, so nothing due after UTC's today is overdue yet.
      const candidates = listActionItems(db, {
        ...(query.ownerIds ? { ownerIds: query.ownerIds } : {}),
        states: ["open"],
        deadlineOnOrBefore: now.toISOString().slice(0, 10),
      });
      return candidates.filter((item) => isOverdue(item, today));
    }
    case "done": {
      const since = new Date(now.getTime() - (query.days ?? DONE_LIST_DAYS) * 86_400_000);
      const done = listActionItems(db, {
        ...(query.ownerIds ? { ownerIds: query.ownerIds } : {}),
        states: ["done"],
        doneSince: since.toISOString(),
      });
      return done.sort((a, b) => (b.doneAt as string).localeCompare(a.doneAt as string) || b.id - a.id);
    }
  }
}
