import type { Db } from "./db";

/**
 * Ritual definitions, their agenda and skip dates, and the log of every change (who, when,
 * what). Each write and its log entry are one transaction.
 */

export type RitualStatus = "active" | "paused";
export type RitualChangeAction = "create" | "update" | "pause" | "resume" | "remove";

export interface AgendaItemRecord {
  title: string;
  minutes: number;
}

/** A ritual as stored; schedule fields are text (RRULE, local DTSTART, lead such as "1d"). */
export interface RitualRecord {
  id: number;
  name: string;
  kind: string;
  channelId: string;
  rrule: string;
  dtstart: string;
  timeZone: string;
  durationMinutes: number;
  lead: string;
  leadOnBusinessDay: boolean;
  facilitatorId: string | null;
  status: RitualStatus;
  scheduleSince: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  agenda: AgendaItemRecord[];
  skipDates: string[];
}

/** The fields a caller sets; id and timestamps come from the store. */
export type RitualFields = Omit<RitualRecord, "id" | "createdAt" | "createdBy" | "updatedAt">;

/** One field's value before and after a change (absent on create / remove respectively). */
export type FieldChange = { from?: unknown; to?: unknown };

export interface RitualChangeRecord {
  id: number;
  ritualId: number;
  ritualName: string;
  actor: string;
  changedAt: string;
  action: RitualChangeAction;
  changes: Record<string, FieldChange>;
}

const COLUMNS = `id, name, kind, channel_id AS channelId, rrule, dtstart, time_zone AS timeZone,
  duration_minutes AS durationMinutes, lead, lead_on_business_day AS leadOnBusinessDay,
  facilitator_id AS facilitatorId, status, schedule_since AS scheduleSince, created_at AS createdAt,
  created_by AS createdBy, updated_at AS updatedAt`;

type RitualRow = Omit<RitualRecord, "agenda" | "skipDates" | "leadOnBusinessDay"> & {
  leadOnBusinessDay: number;
};

function complete(db: Db, row: RitualRow | undefined): RitualRecord | null {
  if (!row) return null;
  const agenda = db
    .prepare("SELECT title, minutes FROM ritual_agenda_items WHERE ritual_id = ? ORDER BY position")
    .all(row.id) as AgendaItemRecord[];
  const skipDates = db
    .prepare("SELECT skip_date FROM ritual_skip_dates WHERE ritual_id = ? ORDER BY skip_date")
    .pluck()
    .all(row.id) as string[];
  return { ...row, leadOnBusinessDay: row.leadOnBusinessDay === 1, agenda, skipDates };
}

export function findRitualByName(db: Db, name: string): RitualRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM rituals WHERE name = ? COLLATE NOCASE`).get(name.trim());
  return complete(db, row as RitualRow | undefined);
}

export function findRitualById(db: Db, id: number): RitualRecord | null {
  return complete(
    db,
    db.prepare(`SELECT ${COLUMNS} FROM rituals WHERE id = ?`).get(id) as RitualRow | undefined,
  );
}

export function listRituals(db: Db, status?: RitualStatus): RitualRecord[] {
  const rows = (
    status
      ? db.prepare(`SELECT ${COLUMNS} FROM rituals WHERE status = ? ORDER BY name`).all(status)
      : db.prepare(`SELECT ${COLUMNS} FROM rituals ORDER BY name`).all()
  ) as RitualRow[];
  return rows.map((r) => complete(db, r) as RitualRecord);
}

function writeChildren(db: Db, id: number, fields: Pick<RitualFields, "agenda" | "skipDates">): void {
  db.prepare("DELETE FROM ritual_agenda_items WHERE ritual_id = ?").run(id);
  db.prepare("DELETE FROM ritual_skip_dates WHERE ritual_id = ?").run(id);
  const item = db.prepare(
    "INSERT INTO ritual_agenda_items (ritual_id, position, title, minutes) VALUES (?, ?, ?, ?)",
  );
  for (const [i, a] of fields.agenda.entries()) item.run(id, i + 1, a.title, a.minutes);
  const skip = db.prepare("INSERT INTO ritual_skip_dates (ritual_id, skip_date) VALUES (?, ?)");
  for (const d of new Set(fields.skipDates)) skip.run(id, d);
}

function logChange(
  db: Db,
  ritual: { id: number; name: string },
  actor: string,
  at: Date,
  action: RitualChangeAction,
  changes: Record<string, FieldChange>,
): void {
  db.prepare(
    "INSERT INTO ritual_changes (ritual_id, ritual_name, actor, changed_at, action, changes) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(ritual.id, ritual.name, actor, at.toISOString(), action, JSON.stringify(changes));
}

/** Every field of a ritual as a change from nothing (create) or to nothing (remove). */
function snapshot(fields: RitualFields, side: "from" | "to"): Record<string, FieldChange> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { [side]: v }]));
}

/** Stores a new ritual and logs its creation; null when the name is taken (names ignore case). */
export function insertRitual(db: Db, fields: RitualFields, actor: string, at: Date): RitualRecord | null {
  return db.transaction(() => {
    const id = db
      .prepare(
        `INSERT INTO rituals (name, kind, channel_id, rrule, dtstart, time_zone, duration_minutes, lead,
           lead_on_business_day, facilitator_id, status, schedule_since, created_at, created_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (name) DO NOTHING
         RETURNING id`,
      )
      .pluck()
      .get(
        fields.name,
        fields.kind,
        fields.channelId,
        fields.rrule,
        fields.dtstart,
        fields.timeZone,
        fields.durationMinutes,
        fields.lead,
        fields.leadOnBusinessDay ? 1 : 0,
        fields.facilitatorId,
        fields.status,
        fields.scheduleSince,
        at.toISOString(),
        actor,
        at.toISOString(),
      ) as number | undefined;
    if (id === undefined) return null;
    writeChildren(db, id, fields);
    logChange(db, { id, name: fields.name }, actor, at, "create", snapshot(fields, "to"));
    return findRitualById(db, id);
  })();
}

const SCALAR_COLUMNS: Record<string, string> = {
  name: "name",
  kind: "kind",
  channelId: "channel_id",
  rrule: "rrule",
  dtstart: "dtstart",
  timeZone: "time_zone",
  durationMinutes: "duration_minutes",
  lead: "lead",
  leadOnBusinessDay: "lead_on_business_day",
  facilitatorId: "facilitator_id",
  status: "status",
  scheduleSince: "schedule_since",
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Writes the fields that differ from the stored ritual and logs them, from and to. Returns the
 * ritual as stored after, or null when it no longer exists. No differing field: nothing written.
 */
export function updateRitual(
  db: Db,
  id: number,
  patch: Partial<RitualFields>,
  action: RitualChangeAction,
  actor: string,
  at: Date,
): RitualRecord | null {
  return db.transaction(() => {
    const before = findRitualById(db, id);
    if (!before) return null;
    const changes: Record<string, FieldChange> = {};
    for (const [field, value] of Object.entries(patch)) {
      const old = before[field as keyof RitualRecord];
      if (value !== undefined && !same(old, value)) changes[field] = { from: old, to: value };
    }
    if (Object.keys(changes).length === 0) return before;
    const scalars = Object.keys(changes).filter((f) => SCALAR_COLUMNS[f]);
    if (scalars.length > 0) {
      const sets = scalars.map((f) => `${SCALAR_COLUMNS[f]} = ?`).join(", ");
      const values = scalars.map((f) => {
        const v = changes[f]?.to;
        return typeof v === "boolean" ? (v ? 1 : 0) : v;
      });
      db.prepare(`UPDATE rituals SET ${sets}, updated_at = ? WHERE id = ?`).run(
        ...values,
        at.toISOString(),
        id,
      );
    } else db.prepare("UPDATE rituals SET updated_at = ? WHERE id = ?").run(at.toISOString(), id);
    if (changes.agenda || changes.skipDates) {
      writeChildren(db, id, {
        agenda: patch.agenda ?? before.agenda,
        skipDates: patch.skipDates ?? before.skipDates,
      });
    }
    const after = findRitualById(db, id) as RitualRecord;
    logChange(db, after, actor, at, action, changes);
    return after;
  })();
}

/** Deletes a ritual (its agenda and skip dates with it) and logs what it was. */
export function deleteRitual(db: Db, id: number, actor: string, at: Date): RitualRecord | null {
  return db.transaction(() => {
    const before = findRitualById(db, id);
    if (!before) return null;
    db.prepare("DELETE FROM rituals WHERE id = ?").run(id);
    const { id: _id, createdAt: _c, createdBy: _b, updatedAt: _u, ...fields } = before;
    logChange(db, before, actor, at, "remove", snapshot(fields, "from"));
    return before;
  })();
}

export function listRitualChanges(db: Db, ritualId: number): RitualChangeRecord[] {
  const rows = db
    .prepare(
      `SELECT id, ritual_id AS ritualId, ritual_name AS ritualName, actor, changed_at AS changedAt, action, changes
       FROM ritual_changes WHERE ritual_id = ? ORDER BY id`,
    )
    .all(ritualId) as (Omit<RitualChangeRecord, "changes"> & { changes: string })[];
  return rows.map((r) => ({ ...r, changes: JSON.parse(r.changes) as Record<string, FieldChange> }));
}
