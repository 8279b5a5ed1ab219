import type { Db } from "./db";

/**
 * Schedules that are not rituals (the daily refresh): an RFC 5545 RRULE with a DTSTART wall time
 * in an IANA zone, stored like a ritual's so it can be read back and listed. Their runs are
 * occurrences (`occurrences-repository.ts`). Portable SQL (INSERT … ON CONFLICT).
 */

export interface ScheduleRecord {
  name: string;
  rrule: string;
  /** first run, local wall time in `timeZone` (YYYY-MM-DDTHH:MM:SS) */
  dtstart: string;
  timeZone: string;
  /** runs due before this instant are never made up */
  scheduleSince: string;
  updatedAt: string;
}

const COLUMNS = `name, rrule, dtstart, time_zone AS timeZone, schedule_since AS scheduleSince, updated_at AS updatedAt`;

export function findSchedule(db: Db, name: string): ScheduleRecord | null {
  return (
    (db.prepare(`SELECT ${COLUMNS} FROM schedules WHERE name = ?`).get(name) as ScheduleRecord | undefined) ??
    null
  );
}

/**
 * Stores the schedule unless it is stored as given already. A new schedule, or a changed rule or
 * zone, starts from `at`: runs due before are not made up. Every process may call it; the first
 * one's row stands while the rule and zone agree.
 */
export function ensureSchedule(
  db: Db,
  wanted: Pick<ScheduleRecord, "name" | "rrule" | "dtstart" | "timeZone">,
  at: Date,
): ScheduleRecord {
  return db
    .transaction(() => {
      const now = at.toISOString();
      db.prepare(
        `INSERT INTO schedules (name, rrule, dtstart, time_zone, schedule_since, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET rrule = excluded.rrule, dtstart = excluded.dtstart,
           time_zone = excluded.time_zone, schedule_since = excluded.schedule_since, updated_at = excluded.updated_at
         WHERE schedules.rrule <> excluded.rrule OR schedules.time_zone <> excluded.time_zone`,
      ).run(wanted.name, wanted.rrule, wanted.dtstart, wanted.timeZone, now, now);
      return findSchedule(db, wanted.name) as ScheduleRecord;
    })
    .immediate();
}

/** How many analysis rows a refresh stored. */
export function refreshRows(db: Db, refreshId: number): number {
  return db.prepare("SELECT COUNT(*) FROM analyses WHERE refresh_id = ?").pluck().get(refreshId) as number;
}
