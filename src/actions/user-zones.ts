import { readUserZones, saveUserZone } from "../store/actions-repository";
import type { Db } from "../store/db";
import { invalid } from "./errors";
import { isTimeZone } from "./local-time";

/**
 * Each person's IANA zone, from Slack's users.info `tz`, cached and asked again after a week (people
 * move, and travel shifts their Slack zone): reminders and deadlines follow the owner's clock.
 */

export const ZONE_REFRESH_DAYS = 7;

/** The people among `userIds` whose zone is unknown or older than a week: ask users.info for them. */
export function zonesToRefresh(db: Db, userIds: Iterable<string>, now: Date): string[] {
  const cached = readUserZones(db);
  const before = now.getTime() - ZONE_REFRESH_DAYS * 86_400_000;
  const stale = new Set<string>();
  for (const id of userIds) {
    const zone = cached.get(id);
    if (!zone || new Date(zone.fetchedAt).getTime() <= before) stale.add(id);
  }
  return [...stale].sort();
}

/** Stores a users.info answer's `tz`; an unknown zone is refused and the cache left as it was. */
export function recordUserZone(db: Db, userId: string, tz: string, now: Date): void {
  if (!isTimeZone(tz)) throw invalid("owner", `users.info gave ${userId} the zone "${tz}", not an IANA zone`);
  saveUserZone(db, userId, tz, now.toISOString());
}

/** A person's zone: the cached one, else the workspace's. Read once per run. */
export function zoneLookup(db: Db, workspaceZone: string): (userId: string) => string {
  const cached = readUserZones(db);
  return (userId) => cached.get(userId)?.zone ?? workspaceZone;
}
