/**
 * What the clock control jumps to: the next moment the bot will post on its own — an active
 * ritual's pre-read, or the next morning's action-item reminders while items are open — read from
 * the same store and schedules the schedulers read.
 */
import { nextReminderAt } from "../actions/reminders";
import { ritualSchedule } from "../rituals/definitions";
import { postsBetween } from "../rituals/schedule";
import { listActionItems } from "../store/actions-repository";
import type { Db } from "../store/db";
import { listRituals } from "../store/rituals-repository";
import type { Upcoming } from "./workspace";

/** A pre-read is posted at most ~31 days before its meeting; look a little further than that. */
const HORIZON_MS = 45 * 86_400_000;

export function nextScheduled(db: Db, workspaceZone: string, nowMs: number): Upcoming | null {
  const now = new Date(nowMs);
  const candidates: Upcoming[] = [];
  for (const ritual of listRituals(db, "active")) {
    const next = postsBetween(ritualSchedule(ritual), new Date(nowMs + 1), new Date(nowMs + HORIZON_MS))[0];
    if (next) candidates.push({ at: next.postAt.getTime(), label: `Pre-read: ${ritual.name}` });
  }
  if (listActionItems(db, { states: ["open"] }).length > 0) {
    candidates.push({ at: nextReminderAt(workspaceZone, now).getTime(), label: "Action item reminders" });
  }
  return candidates.sort((a, b) => a.at - b.at)[0] ?? null;
}
