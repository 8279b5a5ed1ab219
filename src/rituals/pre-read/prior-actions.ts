import { readReviewCompletion } from "../../actions/figure-reads";
import type { ActionItem, ReviewCompletion } from "../../domain/action-items";
import { listActionItems } from "../../store/actions-repository";
import type { Db } from "../../store/db";
import { listOccurrences } from "../../store/occurrences-repository";

/**
 * The prior review's action items: those created at the ritual's last posted pre-read before this
 * meeting (items carry the occurrence key as their reviewKey), with the completion rate against
 * its target (seed 000: 80%) as src/actions computes it.
 */

export interface PriorActions {
  /** the prior review's occurrence key and meeting instant */
  reviewKey: string;
  reviewAt: string;
  items: ActionItem[];
  completion: ReviewCompletion;
}

const POSTED = new Set(["posted", "late"]);

export function readPriorActions(
  db: Db,
  ritual: { id: number; name: string },
  subject: string,
  meetingAt: Date,
  now: Date,
): PriorActions | null {
  const prior = listOccurrences(db, subject, 200).find(
    (o) =>
      POSTED.has(o.state) &&
      typeof o.payload.meetingAt === "string" &&
      Date.parse(o.payload.meetingAt) < meetingAt.getTime(),
  );
  if (!prior) return null;
  const reviewAt = String(prior.payload.meetingAt);
  const [completion] = readReviewCompletion(
    db,
    [
      { key: prior.key, ritual: String(ritual.id), at: reviewAt },
      { key: "this review", ritual: String(ritual.id), at: meetingAt.toISOString() },
    ],
    now,
  );
  if (!completion) return null;
  return {
    reviewKey: prior.key,
    reviewAt,
    items: listActionItems(db, { reviewKeys: [prior.key] }),
    completion,
  };
}
