import type { ScheduledReview } from "../actions/reminders";
import type { Db } from "../store/db";
import { listRituals, type RitualRecord } from "../store/rituals-repository";
import { ritualSchedule } from "./definitions";
import { occurrences } from "./schedule";
import { preReadKey } from "./scheduler";

/**
 * The reviews action items belong to, as the action-item figures and reminders read them: each
 * ritual's meetings around an instant, keyed by the pre-read's occurrence key (what a pre-read's
 * "Add action item" button carries as the review), named by the ritual's name.
 */

const DAY_MS = 86_400_000;

/** How far back and ahead reviews are read: a quarter back (completion), five weeks ahead (digests). */
export const REVIEWS_BACK_DAYS = 100;
export const REVIEWS_AHEAD_DAYS = 35;

function reviewsOf(ritual: RitualRecord, from: number, until: number): ScheduledReview[] {
  const out: ScheduledReview[] = [];
  let schedule: ReturnType<typeof ritualSchedule>;
  try {
    schedule = ritualSchedule(ritual);
  } catch {
    // A stored schedule that no longer parses has no meetings to count; /rituals reports it.
    return out;
  }
  for (const o of occurrences(schedule)) {
    const at = o.meetingAt.getTime();
    if (at > until) break;
    if (at < from) continue;
    out.push({
      key: preReadKey(ritual.id, o.meetingAt),
      ritual: ritual.name,
      at: o.meetingAt.toISOString(),
      zone: ritual.timeZone,
      facilitatorId: ritual.facilitatorId,
    });
  }
  return out;
}

/** Every ritual's meetings from a quarter before `now` to five weeks after, in meeting order. */
export function scheduledReviews(db: Db, now: Date, ritualName?: string): ScheduledReview[] {
  const from = now.getTime() - REVIEWS_BACK_DAYS * DAY_MS;
  const until = now.getTime() + REVIEWS_AHEAD_DAYS * DAY_MS;
  const rituals = listRituals(db).filter(
    (r) => ritualName === undefined || r.name.toLowerCase() === ritualName.toLowerCase(),
  );
  return rituals.flatMap((r) => reviewsOf(r, from, until)).sort((a, b) => a.at.localeCompare(b.at));
}
