import { AppError } from "../errors";
import type { Db } from "../store/db";
import {
  deleteRitual,
  findRitualByName,
  insertRitual,
  type RitualFields,
  type RitualRecord,
  updateRitual,
} from "../store/rituals-repository";
import { type AgendaItem, agendaMinutes, defaultAgenda, RITUAL_KINDS, type RitualKind } from "./agenda";
import { formatLocal, isTimeZone, parseDate, parseLocal } from "./local-time";
import { actorLabel, mayChangeRitual, type RitualActor, type RitualChangeKind } from "./permissions";
import { describeSchedule, parseSchedulePhrase } from "./phrases";
import { formatRRule, parseRRule, ScheduleError } from "./rrule";
import { DEFAULT_LEAD, formatLeadTime, parseLeadTime, type Schedule } from "./schedule";

/**
 * Ritual definitions: what a person gives (a draft: name, kind, channel, schedule phrase, zone,
 * lead, duration, facilitator, skip dates, agenda), checked field by field, stored, and changed
 * only by those allowed, every change logged.
 */

export type RitualField =
  | "name"
  | "kind"
  | "channel"
  | "schedule"
  | "zone"
  | "lead"
  | "duration"
  | "facilitator"
  | "skip"
  | "agenda";

export interface RitualProblem {
  field: RitualField;
  message: string;
}

export class RitualError extends AppError {
  constructor(
    override readonly code: "ritual_invalid" | "ritual_not_found" | "ritual_exists" | "ritual_forbidden",
    message: string,
    /** for ritual_invalid: each field's problem, so a form can show it beside the field */
    readonly problems: readonly RitualProblem[] = [],
  ) {
    super(code, message);
    this.name = "RitualError";
  }
}

export interface RitualDraft {
  name: string;
  kind: string;
  channel: string;
  /** a phrase ("first Tuesday of the month at 09:00") or RRULE:… */
  schedule: string;
  zone: string;
  /** "1d" (default), "6h", "90m" */
  lead?: string;
  leadOnBusinessDay?: boolean;
  /** "60m", "2h", "1h30m"; default the agenda's total, or 60 minutes without an agenda */
  duration?: string;
  facilitator?: string | null;
  /** YYYY-MM-DD */
  skipDates?: string[];
  /** items, or "Title=30m; Other=20m"; default the kind's agenda */
  agenda?: AgendaItem[] | string;
}

export interface RitualContext {
  db: Db;
  now: Date;
  actor: RitualActor;
  adminIds: ReadonlySet<string>;
  fiscalYearStartMonth: number;
}

const CHANNEL = /^(?:<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>|#?([CG][A-Z0-9]{2,}))$/;
const USER = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|@?([UW][A-Z0-9]{2,}))$/;
const DURATION = /^(?:(\d{1,2})h)?\s*(?:(\d{1,4})m?)?$/i;

export function parseChannelId(text: string): string | null {
  const m = CHANNEL.exec(text.trim());
  return m ? ((m[1] ?? m[2]) as string) : null;
}

export function parseUserId(text: string): string | null {
  const m = USER.exec(text.trim());
  return m ? ((m[1] ?? m[2]) as string) : null;
}

/** "60m", "90", "2h", "1h30m" → minutes; null when it is none of them. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t === "" || (m[1] === undefined && m[2] === undefined)) return null;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

/** "Month close=30m; Deal reviews=40m" → items, or the problem. */
export function parseAgenda(text: string): AgendaItem[] | string {
  const items: AgendaItem[] = [];
  for (const part of text
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const eq = part.lastIndexOf("=");
    const title = eq > 0 ? part.slice(0, eq).trim() : "";
    const minutes = eq > 0 ? parseDuration(part.slice(eq + 1)) : null;
    if (!title || minutes === null || minutes < 1)
      return `"${part}" is not Title=NNm (e.g. "Deal reviews=40m")`;
    if (title.length > 150) return `"${title.slice(0, 40)}…" is longer than 150 characters`;
    items.push({ title, minutes });
  }
  return items;
}

function isKind(kind: string): kind is RitualKind {
  return (RITUAL_KINDS as readonly string[]).includes(kind);
}

type CheckedDraft = Omit<RitualFields, "status" | "scheduleSince">;

/** Checks every field of a draft; all problems at once, each naming its field. */
export function checkDraft(draft: RitualDraft, now: Date, fiscalYearStartMonth: number): CheckedDraft {
  const problems: RitualProblem[] = [];
  const problem = (field: RitualField, message: string) => problems.push({ field, message });
  const name = draft.name.trim();
  if (name === "" || name.length > 80) problem("name", "a name of 1 to 80 characters is needed");
  else if (/[\p{Cc}]/u.test(name)) problem("name", "must not contain control characters");
  const kind = draft.kind.trim().toLowerCase();
  if (!isKind(kind)) problem("kind", `"${draft.kind}" is not a kind (${RITUAL_KINDS.join(", ")})`);
  const channelId = parseChannelId(draft.channel);
  if (!channelId)
    problem("channel", `"${draft.channel}" is not a Slack channel id (C0123ABCD, or <#C0123ABCD>)`);
  const zone = draft.zone.trim();
  let schedule: { rrule: string; dtstart: string } | null = null;
  if (!isTimeZone(zone)) problem("zone", `"${draft.zone}" is not an IANA time zone (e.g. America/New_York)`);
  else {
    try {
      const parsed = parseSchedulePhrase(draft.schedule, { now, zone, fiscalYearStartMonth });
      schedule = { rrule: formatRRule(parsed.rule), dtstart: formatLocal(parsed.dtstart) };
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
      problem("schedule", error.message);
    }
  }
  let lead = formatLeadTime(DEFAULT_LEAD);
  if (draft.lead !== undefined) {
    try {
      lead = formatLeadTime(parseLeadTime(draft.lead));
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
      problem("lead", error.message);
    }
  }
  let facilitatorId: string | null = null;
  if (draft.facilitator) {
    facilitatorId = parseUserId(draft.facilitator);
    if (!facilitatorId)
      problem("facilitator", `"${draft.facilitator}" is not a Slack user id (U0123ABCD, or <@U0123ABCD>)`);
  }
  const skipDates = [...new Set((draft.skipDates ?? []).map((d) => d.trim()).filter(Boolean))].sort();
  const badSkip = skipDates.filter((d) => !parseDate(d));
  if (badSkip.length > 0) problem("skip", `${badSkip.map((d) => `"${d}"`).join(", ")} not a date YYYY-MM-DD`);
  if (skipDates.length > 366) problem("skip", `${skipDates.length} skip dates: at most 366`);
  let agenda = isKind(kind) ? defaultAgenda(kind) : [];
  if (draft.agenda !== undefined) {
    const parsed = typeof draft.agenda === "string" ? parseAgenda(draft.agenda) : draft.agenda;
    if (typeof parsed === "string") problem("agenda", parsed);
    else if (parsed.length > 20) problem("agenda", `${parsed.length} items: at most 20`);
    else agenda = parsed;
  }
  let durationMinutes = agenda.length > 0 ? agendaMinutes(agenda) : 60;
  if (draft.duration !== undefined) {
    const minutes = parseDuration(draft.duration);
    if (minutes === null || minutes < 1 || minutes > 24 * 60) {
      problem("duration", `"${draft.duration}" is not a duration of 1 minute to 24 hours (60m, 2h, 1h30m)`);
    } else durationMinutes = minutes;
  }
  if (problems.length > 0 || !schedule || !channelId) {
    throw new RitualError(
      "ritual_invalid",
      problems.map((p) => `${p.field}: ${p.message}`).join("\n"),
      problems,
    );
  }
  return {
    name,
    kind,
    channelId,
    rrule: schedule.rrule,
    dtstart: schedule.dtstart,
    timeZone: zone,
    durationMinutes,
    lead,
    leadOnBusinessDay: draft.leadOnBusinessDay ?? false,
    facilitatorId,
    agenda,
    skipDates,
  };
}

function allow(
  ctx: RitualContext,
  change: RitualChangeKind,
  ritual: RitualRecord | null,
  what: string,
): void {
  if (mayChangeRitual(ctx.actor, change, ritual, ctx.adminIds)) return;
  const who = "slackUserId" in ctx.actor ? ctx.actor.slackUserId : "this user";
  const allowed = change === "create" ? "admins" : "admins and the ritual's facilitator";
  throw new RitualError("ritual_forbidden", `${who} may not ${what}: only ${allowed} may`);
}

export function getRitual(db: Db, name: string): RitualRecord {
  const ritual = findRitualByName(db, name);
  if (!ritual) throw new RitualError("ritual_not_found", `no ritual named "${name.trim()}"`);
  return ritual;
}

export function createRitual(ctx: RitualContext, draft: RitualDraft): RitualRecord {
  allow(ctx, "create", null, "create a ritual");
  const fields = checkDraft(draft, ctx.now, ctx.fiscalYearStartMonth);
  const stored = insertRitual(
    ctx.db,
    { ...fields, status: "active", scheduleSince: ctx.now.toISOString() },
    actorLabel(ctx.actor),
    ctx.now,
  );
  if (!stored) throw new RitualError("ritual_exists", `a ritual named "${fields.name}" already exists`);
  return stored;
}

function setStatus(ctx: RitualContext, name: string, status: "active" | "paused"): RitualRecord {
  const ritual = getRitual(ctx.db, name);
  allow(ctx, "change", ritual, `${status === "paused" ? "pause" : "resume"} ${ritual.name}`);
  if (ritual.status === status) return ritual;
  // Resuming starts the schedule afresh: posts due while paused are not made up.
  const patch = status === "active" ? { status, scheduleSince: ctx.now.toISOString() } : { status };
  const action = status === "paused" ? "pause" : "resume";
  return updateRitual(ctx.db, ritual.id, patch, action, actorLabel(ctx.actor), ctx.now) ?? missing(name);
}

function missing(name: string): never {
  throw new RitualError("ritual_not_found", `no ritual named "${name.trim()}"`);
}

export const pauseRitual = (ctx: RitualContext, name: string) => setStatus(ctx, name, "paused");
export const resumeRitual = (ctx: RitualContext, name: string) => setStatus(ctx, name, "active");

export function removeRitual(ctx: RitualContext, name: string): RitualRecord {
  const ritual = getRitual(ctx.db, name);
  allow(ctx, "change", ritual, `remove ${ritual.name}`);
  return deleteRitual(ctx.db, ritual.id, actorLabel(ctx.actor), ctx.now) ?? missing(name);
}

/**
 * Changes some fields of a ritual. A new schedule, zone or lead starts the schedule afresh from
 * now, so the change never makes past posts due.
 */
export function changeRitual(ctx: RitualContext, name: string, patch: Partial<RitualDraft>): RitualRecord {
  const ritual = getRitual(ctx.db, name);
  allow(ctx, "change", ritual, `change ${ritual.name}`);
  const current: RitualDraft = {
    name: ritual.name,
    kind: ritual.kind,
    channel: ritual.channelId,
    schedule: `DTSTART:${ritual.dtstart.replace(/[-:]/g, "")}${ritual.dtstart.length === 16 ? "00" : ""} RRULE:${ritual.rrule}`,
    zone: ritual.timeZone,
    lead: ritual.lead,
    leadOnBusinessDay: ritual.leadOnBusinessDay,
    duration: `${ritual.durationMinutes}m`,
    facilitator: ritual.facilitatorId,
    skipDates: ritual.skipDates,
    agenda: ritual.agenda,
  };
  const fields = checkDraft({ ...current, ...patch }, ctx.now, ctx.fiscalYearStartMonth);
  if (patch.schedule === undefined) {
    // An unchanged schedule keeps its DTSTART even when it lies in the past.
    fields.rrule = ritual.rrule;
    fields.dtstart = ritual.dtstart;
  }
  const restarts =
    fields.rrule !== ritual.rrule ||
    fields.dtstart !== ritual.dtstart ||
    fields.timeZone !== ritual.timeZone ||
    fields.lead !== ritual.lead;
  const next: Partial<RitualFields> = restarts ? { ...fields, scheduleSince: ctx.now.toISOString() } : fields;
  if (
    next.name &&
    next.name.toLowerCase() !== ritual.name.toLowerCase() &&
    findRitualByName(ctx.db, next.name)
  ) {
    throw new RitualError("ritual_exists", `a ritual named "${next.name}" already exists`);
  }
  return updateRitual(ctx.db, ritual.id, next, "update", actorLabel(ctx.actor), ctx.now) ?? missing(name);
}

/** The stored ritual's schedule, ready to expand. */
export function ritualSchedule(ritual: RitualRecord): Schedule {
  const dtstart = parseLocal(ritual.dtstart);
  if (!dtstart)
    throw new ScheduleError(`ritual ${ritual.name}: stored DTSTART "${ritual.dtstart}" is not a local time`);
  return {
    rule: parseRRule(ritual.rrule),
    dtstart,
    zone: ritual.timeZone,
    skipDates: new Set(ritual.skipDates),
    lead: parseLeadTime(ritual.lead),
    leadOnBusinessDay: ritual.leadOnBusinessDay,
  };
}

/** The schedule in words, as people typed it where it was a phrase. */
export function describeRitualSchedule(ritual: RitualRecord, fiscalYearStartMonth: number): string {
  const s = ritualSchedule(ritual);
  return describeSchedule(s.rule, s.dtstart, fiscalYearStartMonth);
}
