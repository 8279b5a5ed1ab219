import type { Db } from "../store/db";

/**
 * The flagged deals that have no action item yet (metrics.md, intervention SLA). Action items do
 * not exist yet, so every flagged deal lacks one; the action-items issue replaces this body with a
 * store read, and the register picks it up unchanged.
 */
export function flaggedDealsWithoutAction(_db: Db, flaggedDealIds: readonly string[]): Set<string> {
  return new Set(flaggedDealIds);
}
