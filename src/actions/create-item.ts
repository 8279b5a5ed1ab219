import type { ActionItem } from "../domain/action-items";
import { insertActionItem } from "../store/actions-repository";
import type { Db } from "../store/db";
import { checkNewItem, type NewActionItem } from "./item-rules";

/**
 * Creates an open item with its "created" audit row in one transaction. A second call with the same
 * request key (Slack retrying a modal submission) returns the first item and writes nothing; bad
 * input throws an ActionItemError naming the field and writes nothing.
 */
export function createActionItem(
  db: Db,
  input: NewActionItem,
  now: Date,
): { item: ActionItem; created: boolean } {
  return insertActionItem(db, checkNewItem(input, now));
}
