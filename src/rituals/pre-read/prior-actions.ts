import { readReviewCompletion } from "../../actions/figure-reads";
import type { ActionItem, ReviewCompletion } from "../../domain/action-items";
import { listActionItems } from "../../store/actions-repository";
import type { Db } from "../../store/db";
import { listOccurrences } from "../../store/occurrences-repository";

/**
 * The prior review's action items: those created at the ritual's last posted pre-read before this
 * meeting (items carry the occurrence key as their reviewKey), with the completion rate against
 * its target (seed 000: 80%) as src/actions computes it. The one reading of them: the pre-read's
 * thread and the board deck (`deckActionItems` in ../deck.ts) both show this.
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
  // the latest meeting held before this one (a manual run's row names the meeting it was for)
  let prior: { key: string; at: number } | null = null;
  for (const o of listOccurrences(db, subject, 200)) {
    const at = typeof o.payload.meetingAt === "string" ? Date.parse(o.payload.meetingAt) : Number.NaN;
    if (POSTED.has(o.state) && at < meetingAt.getTime() && (!prior || at > prior.at))
      prior = { key: o.key, at };
  }
  if (!prior) return null;
  const reviewAt = new Date(prior.at).toISOString();
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
