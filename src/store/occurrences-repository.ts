import type { Db } from "./db";

/**
 * Occurrences: one row per thing that must happen exactly once (a ritual's pre-read, a person's
 * daily reminder), under a unique key. A process claims a due row with a lease (holder, until);
 * a claim whose lease has run out may be taken over; only the lease holder may finish the row.
 * Instants are stored as `Date.toISOString()` text, so text order is time order. Portable SQL
 * (INSERT … ON CONFLICT DO NOTHING, conditional UPDATE) for the PostgreSQL store to come.
 */

export type OccurrenceState = "pending" | "claimed" | "posted" | "late" | "missed" | "failed" | "cancelled";
export type FinalState = Exclude<OccurrenceState, "pending" | "claimed">;

export interface OccurrenceRecord {
  id: number;
  key: string;
  kind: string;
  /** whose history it is part of: "ritual:12", "user:U0123" */
  subject: string;
  channelId: string;
  dueAt: string;
  /** after this instant posting is pointless: the row is recorded missed */
  deadlineAt: string | null;
  state: OccurrenceState;
  leaseHolder: string | null;
  leaseUntil: string | null;
  attempts: number;
  firstClaimedAt: string | null;
  messageTs: string | null;
  /** said with the post (e.g. why it is late) */
  note: string | null;
  /** why it ended as it did, when not simply posted */
  reason: string | null;
  payload: Record<string, unknown>;
  createdAt: string;
  finishedAt: string | null;
  /** a pre-read's summary: "Claude", or "template — why"; null for other kinds or before it is built */
  summarySource: string | null;
  /** what a run recorded of its outcome (a refresh: exit code, refresh id, rows); null for posts */
  result: Record<string, unknown> | null;
}

export interface NewOccurrence {
  key: string;
  kind: string;
  subject: string;
  channelId: string;
  dueAt: Date;
  deadlineAt: Date | null;
  note: string | null;
  payload: Record<string, unknown>;
}

const COLUMNS = `id, occurrence_key AS key, kind, subject, channel_id AS channelId, due_at AS dueAt,
  deadline_at AS deadlineAt, state, lease_holder AS leaseHolder, lease_until AS leaseUntil, attempts,
  first_claimed_at AS firstClaimedAt, message_ts AS messageTs, note, reason, payload,
  created_at AS createdAt, finished_at AS finishedAt, summary_source AS summarySource, result`;

type Row = Omit<OccurrenceRecord, "payload" | "result"> & { payload: string; result: string | null };

const toRecord = (row: Row | undefined): OccurrenceRecord | null =>
  row
    ? {
        ...row,
        payload: JSON.parse(row.payload) as Record<string, unknown>,
        result: row.result === null ? null : (JSON.parse(row.result) as Record<string, unknown>),
      }
    : null;

/** Adds the occurrence unless its key exists; true when this call added it. */
export function insertOccurrence(db: Db, o: NewOccurrence, at: Date): boolean {
  const result = db
    .prepare(
      `INSERT INTO occurrences (occurrence_key, kind, subject, channel_id, due_at, deadline_at, state, note, payload, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)
       ON CONFLICT (occurrence_key) DO NOTHING`,
    )
    .run(
      o.key,
      o.kind,
      o.subject,
      o.channelId,
      o.dueAt.toISOString(),
      o.deadlineAt?.toISOString() ?? null,
      o.note,
      JSON.stringify(o.payload),
      at.toISOString(),
    );
  return result.changes === 1;
}

export function findOccurrence(db: Db, key: string): OccurrenceRecord | null {
  return toRecord(
    db.prepare(`SELECT ${COLUMNS} FROM occurrences WHERE occurrence_key = ?`).get(key) as Row | undefined,
  );
}

export function getOccurrence(db: Db, id: number): OccurrenceRecord | null {
  return toRecord(db.prepare(`SELECT ${COLUMNS} FROM occurrences WHERE id = ?`).get(id) as Row | undefined);
}

/** Due rows nobody holds: pending, or claimed with a lease that has run out; oldest first. */
export function listClaimable(db: Db, kind: string, now: Date, limit = 1000): OccurrenceRecord[] {
  const at = now.toISOString();
  const rows = db
    .prepare(
      `SELECT ${COLUMNS} FROM occurrences
       WHERE state IN ('pending', 'claimed') AND kind = ? AND due_at <= ?
         AND (state = 'pending' OR lease_until < ?)
       ORDER BY due_at, id LIMIT ?`,
    )
    .all(kind, at, at, limit) as Row[];
  return rows.map((r) => toRecord(r) as OccurrenceRecord);
}

export interface Claim {
  occurrence: OccurrenceRecord;
  /** the holder whose lease ran out, when this claim took the row over */
  tookOverFrom: string | null;
}

/**
 * Claims a due row for `holder` until `leaseUntil`, if it is pending or its lease has run out.
 * One conditional UPDATE decides between racing processes; the read before it only says whose
 * claim, if any, is being taken over.
 */
export function claimOccurrence(
  db: Db,
  id: number,
  holder: string,
  now: Date,
  leaseUntil: Date,
): Claim | null {
  return db
    .transaction(() => {
      const before = getOccurrence(db, id);
      if (!before) return null;
      const at = now.toISOString();
      const changed = db
        .prepare(
          `UPDATE occurrences
           SET state = 'claimed', lease_holder = ?, lease_until = ?, attempts = attempts + 1,
               first_claimed_at = COALESCE(first_claimed_at, ?)
           WHERE id = ? AND due_at <= ? AND (state = 'pending' OR (state = 'claimed' AND lease_until < ?))`,
        )
        .run(holder, leaseUntil.toISOString(), at, id, at, at).changes;
      if (changed !== 1) return null;
      const tookOverFrom = before.state === "claimed" ? before.leaseHolder : null;
      return { occurrence: getOccurrence(db, id) as OccurrenceRecord, tookOverFrom };
    })
    .immediate();
}

/** Extends the holder's lease; false when the row is no longer theirs. */
export function extendLease(db: Db, id: number, holder: string, leaseUntil: Date): boolean {
  return (
    db
      .prepare(
        "UPDATE occurrences SET lease_until = ? WHERE id = ? AND state = 'claimed' AND lease_holder = ?",
      )
      .run(leaseUntil.toISOString(), id, holder).changes === 1
  );
}

export interface Finish {
  state: FinalState;
  messageTs?: string | null;
  reason?: string | null;
  /** what the run recorded of its outcome (kept as JSON) */
  result?: Record<string, unknown> | null;
}

/** Records the end of a claimed row; false (and nothing written) when the holder lost the lease. */
export function finishOccurrence(db: Db, id: number, holder: string, finish: Finish, at: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE occurrences
         SET state = ?, message_ts = ?, reason = ?, result = ?, finished_at = ?, lease_holder = NULL, lease_until = NULL
         WHERE id = ? AND state = 'claimed' AND lease_holder = ?`,
      )
      .run(
        finish.state,
        finish.messageTs ?? null,
        finish.reason ?? null,
        finish.result ? JSON.stringify(finish.result) : null,
        at.toISOString(),
        id,
        holder,
      ).changes === 1
  );
}

/** Records which summary the holder's message carries (set while the row is claimed). */
export function setSummarySource(db: Db, id: number, holder: string, source: string): void {
  db.prepare(
    "UPDATE occurrences SET summary_source = ? WHERE id = ? AND state = 'claimed' AND lease_holder = ?",
  ).run(source, id, holder);
}

/** Records what the holder's run has done so far (a refresh: when it started, the refresh before it). */
export function setResult(db: Db, id: number, holder: string, result: Record<string, unknown>): void {
  db.prepare("UPDATE occurrences SET result = ? WHERE id = ? AND state = 'claimed' AND lease_holder = ?").run(
    JSON.stringify(result),
    id,
    holder,
  );
}

/** Adds to the reason of a finished row (e.g. that the facilitator could not be told). */
export function appendReason(db: Db, id: number, text: string): void {
  db.prepare(
    "UPDATE occurrences SET reason = CASE WHEN reason IS NULL THEN ? ELSE reason || '; ' || ? END WHERE id = ?",
  ).run(text, text, id);
}

/** A subject's occurrences, newest due first. */
export function listOccurrences(db: Db, subject: string, limit = 100): OccurrenceRecord[] {
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM occurrences WHERE subject = ? ORDER BY due_at DESC, id DESC LIMIT ?`)
    .all(subject, limit) as Row[];
  return rows.map((r) => toRecord(r) as OccurrenceRecord);
}

/**
 * Records that `holder` ran a pass of the named scheduler now; returns the previous pass's time
 * (by any process), or null on the very first pass. A long gap between the two is downtime.
 */
export function recordHeartbeat(db: Db, name: string, holder: string, now: Date): Date | null {
  return db
    .transaction(() => {
      const previous = db
        .prepare("SELECT last_tick_at FROM scheduler_heartbeats WHERE name = ?")
        .pluck()
        .get(name) as string | undefined;
      db.prepare(
        `INSERT INTO scheduler_heartbeats (name, last_tick_at, holder) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET last_tick_at = excluded.last_tick_at, holder = excluded.holder
         WHERE excluded.last_tick_at > scheduler_heartbeats.last_tick_at`,
      ).run(name, now.toISOString(), holder);
      return previous ? new Date(previous) : null;
    })
    .immediate();
}
