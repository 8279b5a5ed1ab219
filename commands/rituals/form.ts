import {
  READ_BACK_PROMPT,
  type ReadBack,
  type RitualForm,
  type RitualModalMetadata,
  readBackText,
} from "../../blocks/ritual-modal";
import type { Config } from "../../src/config";
import { type AgendaItem, defaultAgenda, RITUAL_KINDS, type RitualKind } from "../../src/rituals/agenda";
import {
  describeRitualSchedule,
  type RitualContext,
  type RitualDraft,
  ritualSchedule,
} from "../../src/rituals/definitions";
import { formatInZone, isTimeZone, parseDate } from "../../src/rituals/local-time";
import { describeSchedule, parseSchedulePhrase } from "../../src/rituals/phrases";
import { formatRRule, ScheduleError } from "../../src/rituals/rrule";
import { DEFAULT_LEAD, type LeadTime, parseLeadTime, upcoming } from "../../src/rituals/schedule";
import type { Db } from "../../src/store/db";
import type { RitualRecord } from "../../src/store/rituals-repository";

/**
 * Between the ritual modal's text fields and the ritual rules: the form a new or stored ritual
 * starts as, the draft a submission is checked as, and the schedule's read-back.
 */

const isKind = (kind: string): kind is RitualKind => (RITUAL_KINDS as readonly string[]).includes(kind);

/** "Month close review = 30m", one item a line. */
export function agendaText(agenda: readonly AgendaItem[]): string {
  return agenda.map((a) => `${a.title} = ${a.minutes}m`).join("\n");
}

export function defaultAgendaText(kind: string): string {
  return isKind(kind) ? agendaText(defaultAgenda(kind)) : "";
}

const sameAgenda = (a: string, b: string) =>
  a.replace(/\s+/g, " ").trim().toLowerCase() === b.replace(/\s+/g, " ").trim().toLowerCase();

export function newForm(config: Config, channel: string | null): RitualForm {
  return {
    kind: "monthly-review",
    name: "",
    channel,
    schedule: "",
    zone: config.WORKSPACE_TIMEZONE,
    facilitator: null,
    agenda: defaultAgendaText("monthly-review"),
    lead: "1d",
    leadOnBusinessDay: false,
    duration: "",
    skip: "",
  };
}

/**
 * How the modal shows a stored schedule: its words when they read back as the same rule, else the
 * exact DTSTART and RRULE (which always do).
 */
export function scheduleText(ritual: RitualRecord, fiscalYearStartMonth: number): string {
  const words = describeRitualSchedule(ritual, fiscalYearStartMonth);
  try {
    const parsed = parseSchedulePhrase(words, {
      now: new Date(Date.parse(ritual.scheduleSince)),
      zone: ritual.timeZone,
      fiscalYearStartMonth,
    });
    if (formatRRule(parsed.rule) === ritual.rrule) return words;
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
  }
  const dtstart = ritual.dtstart.replace(/[-:]/g, "");
  return `DTSTART:${dtstart}${ritual.dtstart.length === 16 ? "00" : ""} RRULE:${ritual.rrule}`;
}

export function formOf(ritual: RitualRecord, fiscalYearStartMonth: number): RitualForm {
  return {
    kind: ritual.kind,
    name: ritual.name,
    channel: ritual.channelId,
    schedule: scheduleText(ritual, fiscalYearStartMonth),
    zone: ritual.timeZone,
    facilitator: ritual.facilitatorId,
    agenda: agendaText(ritual.agenda),
    lead: ritual.lead,
    leadOnBusinessDay: ritual.leadOnBusinessDay,
    duration: `${ritual.durationMinutes}m`,
    skip: ritual.skipDates.join(", "),
  };
}

const splitDates = (text: string) => text.split(/[\s,;]+/).filter(Boolean);

/** The draft a submission is checked as; empty optional fields take the rules' defaults. */
export function draftOf(form: RitualForm): RitualDraft {
  const agenda = form.agenda
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join("; ");
  return {
    name: form.name,
    kind: form.kind,
    channel: form.channel ?? "",
    schedule: form.schedule,
    zone: form.zone,
    ...(form.lead.trim() ? { lead: form.lead.trim() } : {}),
    leadOnBusinessDay: form.leadOnBusinessDay,
    ...(form.duration.trim() ? { duration: form.duration.trim() } : {}),
    facilitator: form.facilitator,
    skipDates: splitDates(form.skip),
    agenda,
  };
}

/**
 * The edit's changes: every field as the form has it, but the schedule only when its text differs
 * from what the modal showed (so an untouched schedule keeps its start).
 */
export function patchOf(
  form: RitualForm,
  ritual: RitualRecord,
  fiscalYearStartMonth: number,
): Partial<RitualDraft> {
  const draft: Partial<RitualDraft> = draftOf(form);
  if (form.schedule.trim() === scheduleText(ritual, fiscalYearStartMonth)) delete draft.schedule;
  // A cleared duration means "the agenda's total", as when the ritual was created.
  if (!form.duration.trim()) draft.duration = undefined;
  return draft;
}

/**
 * After a read-back: the agenda box follows a new kind while it still holds the previous kind's
 * default (or nothing); edited, it is left alone.
 */
export function followKind(
  form: RitualForm,
  metadata: RitualModalMetadata,
): { form: RitualForm; metadata: RitualModalMetadata } {
  if (form.kind === metadata.agendaKind || !isKind(form.kind)) return { form, metadata };
  const untouched =
    form.agenda.trim() === "" || sameAgenda(form.agenda, defaultAgendaText(metadata.agendaKind));
  if (!untouched) return { form, metadata: { ...metadata, agendaKind: form.kind } };
  return {
    form: { ...form, agenda: defaultAgendaText(form.kind) },
    metadata: { ...metadata, agendaKind: form.kind, agendaRevision: metadata.agendaRevision + 1 },
  };
}

/** The schedule read back: its words and the next three meetings with their pre-reads, or the problem. */
export function readBack(form: RitualForm, now: Date, fiscalYearStartMonth: number): ReadBack {
  if (!form.schedule.trim()) return READ_BACK_PROMPT;
  const zone = form.zone.trim();
  if (!isTimeZone(zone))
    return readBackText({ problem: `Time zone "${zone}" is not an IANA zone (e.g. America/New_York).` });
  try {
    const parsed = parseSchedulePhrase(form.schedule, { now, zone, fiscalYearStartMonth });
    let lead: LeadTime = DEFAULT_LEAD;
    if (form.lead.trim()) lead = parseLeadTime(form.lead);
    const skipDates = new Set(splitDates(form.skip).filter((d) => parseDate(d)));
    const schedule = { ...parsed, zone, skipDates, lead, leadOnBusinessDay: form.leadOnBusinessDay };
    const next = upcoming(schedule, now, 3).map((o) => ({
      meeting: formatInZone(o.meetingAt, zone),
      post: formatInZone(o.postAt, zone),
    }));
    return readBackText({
      words: describeSchedule(parsed.rule, parsed.dtstart, fiscalYearStartMonth),
      zone,
      next,
    });
  } catch (error) {
    if (!(error instanceof ScheduleError)) throw error;
    return readBackText({ problem: error.message });
  }
}

/** Who is changing rituals from Slack, and the rules' context for it. */
export function slackRitualContext(
  deps: { db: Db; config: Config; clock: () => Date },
  userId: string,
): RitualContext {
  return {
    db: deps.db,
    now: deps.clock(),
    actor: { slackUserId: userId },
    adminIds: new Set(deps.config.SLACK_ADMIN_USER_IDS),
    fiscalYearStartMonth: deps.config.FISCAL_YEAR_START_MONTH,
  };
}

/** The stored ritual's next meeting and pre-read in its zone, for the saved view and the list. */
export function nextOf(ritual: RitualRecord, now: Date): { meetingAt: Date; postAt: Date } | null {
  const [next] = upcoming(ritualSchedule(ritual), now, 1);
  return next ? { meetingAt: next.meetingAt, postAt: next.postAt } : null;
}
