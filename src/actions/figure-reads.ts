import type { InterventionSla, ReviewCompletion } from "../domain/action-items";
import { listActionItems, listEventsOfItems } from "../store/actions-repository";
import type { Db } from "../store/db";
import { completionByReview, type FlaggedDeal, interventionSla, type ReviewOccurrence } from "./figures";

/**
 * The action-item figures read from the store for the places that show them (the pre-read, the
 * /deal-risk register, /actions summaries, the Home tab): only the items and audit rows they need.
 */

/** Completion of each review given, from the items created at those reviews. */
export function readReviewCompletion(
  db: Db,
  reviews: readonly ReviewOccurrence[],
  now: Date,
): ReviewCompletion[] {
  const items = listActionItems(db, { reviewKeys: reviews.map((r) => r.key) });
  return completionByReview(
    reviews,
    items,
    listEventsOfItems(
      db,
      items.map((i) => i.id),
    ),
    now,
  );
}

/** The intervention SLA of the flagged deals, with the ones still without an action item. */
export function readInterventionSla(db: Db, flagged: readonly FlaggedDeal[], now: Date): InterventionSla {
  const items = listActionItems(db, { dealIds: [...new Set(flagged.map((f) => f.dealId))] });
  return interventionSla(
    flagged,
    items,
    listEventsOfItems(
      db,
      items.map((i) => i.id),
    ),
    now,
  );
}
