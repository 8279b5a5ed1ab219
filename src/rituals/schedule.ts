import {
  addDays,
  dayNumber,
  formatDate,
  isoWeekday,
  type LocalDate,
  type LocalDateTime,
  toInstant,
  toLocal,
  withDate,
} from "./local-time";
import { expandRule, isoKey, type RecurrenceRule, ScheduleError } from "./rrule";

/**
 * When a ritual meets and when its pre-read is posted: the recurrence rule on wall time in the
 * ritual's zone, the skip dates, and the lead time.
 *
 * Business days are Monday to Friday less the ritual's skip dates. How a skip date acts depends on
 * the rule:
 * - an "nth business day" rule (BYDAY=MO,TU,WE,TH,FR with BYSETPOS) does not count a skip date, so
 *   "3rd business day" with a holiday on the 1st lands on the 4th weekday;
 * - any other rule's meeting that falls on a skip date moves to the next business day, same
 *   local time (merged with a meeting already there).
 * RFC 5545 cannot say either; the calendar export writes the result as EXDATE and RDATE.
 */

export interface LeadTime {
  /** "days": the same local time N calendar days before; "minutes": exact elapsed time */
  unit: "days" | "minutes";
  amount: number;
}

export interface Schedule {
  rule: RecurrenceRule;
  /** first occurrence, wall time in `zone` */
  dtstart: LocalDateTime;
  zone: string;
  /** YYYY-MM-DD dates that are not business days for this ritual */
  skipDates: ReadonlySet<string>;
  lead: LeadTime;
  /** move a post that falls on a weekend or skip date to the previous business day */
  leadOnBusinessDay: boolean;
}

export interface Occurrence {
  meetingAt: Date;
  /** the wall time the meeting runs at (after a spring-forward gap, the gap's end) */
  meetingLocal: LocalDateTime;
  postAt: Date;
  postLocal: LocalDateTime;
  /** YYYY-MM-DD the meeting moved from, when it fell on a skip date */
  movedFrom?: string;
}

export const DEFAULT_LEAD: LeadTime = { unit: "days", amount: 1 };

const LEAD = /^(\d{1,4})\s*(d|h|m)$/i;

/** "1d" (calendar days), "6h" or "90m" (elapsed); at most 31 days. */
export function parseLeadTime(text: string): LeadTime {
  const m = LEAD.exec(text.trim());
  if (!m) throw new ScheduleError(`lead time "${text}" is not Nd, Nh or Nm (e.g. 1d, 6h, 90m)`);
  const n = Number(m[1]);
  const unit = (m[2] as string).toLowerCase();
  const lead: LeadTime =
    unit === "d" ? { unit: "days", amount: n } : { unit: "minutes", amount: unit === "h" ? n * 60 : n };
  const days = lead.unit === "days" ? lead.amount : lead.amount / 1440;
  if (days > 31) throw new ScheduleError(`lead time "${text}" is longer than 31 days`);
  return lead;
}

export function formatLeadTime(lead: LeadTime): string {
  if (lead.unit === "days") return `${lead.amount}d`;
  return lead.amount % 60 === 0 ? `${lead.amount / 60}h` : `${lead.amount}m`;
}

export function describeLeadTime(lead: LeadTime): string {
  if (lead.unit === "days") {
    return lead.amount === 1
      ? "the same local time the day before"
      : `the same local time ${lead.amount} days before`;
  }
  const hours = lead.amount / 60;
  const amount = Number.isInteger(hours)
    ? `${hours} hour${hours === 1 ? "" : "s"}`
    : `${lead.amount} minutes`;
  return `${amount} before`;
}

export function isBusinessDay(date: LocalDate, skipDates: ReadonlySet<string>): boolean {
  return isoWeekday(date) <= 5 && !skipDates.has(formatDate(date));
}

/** An "nth business day of the period" rule: the weekdays with BYSETPOS. */
export function isBusinessDayRule(rule: RecurrenceRule): boolean {
  const days = rule.byDay;
  return (
    !!rule.bySetPos &&
    !!days &&
    days.length === 5 &&
    days.every((d) => d.ordinal === undefined && d.weekday <= 5) &&
    new Set(days.map((d) => d.weekday)).size === 5
  );
}

function nextBusinessDay(date: LocalDate, skipDates: ReadonlySet<string>, step: 1 | -1): LocalDate {
  let d = addDays(date, step);
  // Bounded: a year of skip dates in a row is refused at definition time.
  for (let i = 0; i < 400 && !isBusinessDay(d, skipDates); i++) d = addDays(d, step);
  return d;
}

interface Nominal {
  /** the wall time the rule (after any skip move) names */
  wall: LocalDateTime;
  movedFrom?: string;
}

/** The rule's wall times with skip dates applied, in order. */
function* nominalMeetings(schedule: Schedule): Generator<Nominal> {
  const { rule, dtstart, zone, skipDates } = schedule;
  const until = rule.until;
  const beforeUntil =
    until && "instant" in until
      ? (t: LocalDateTime) => toInstant(t, zone).getTime() <= until.instant.getTime()
      : undefined;
  if (isBusinessDayRule(rule)) {
    for (const wall of expandRule(rule, dtstart, { excludeDates: skipDates, beforeUntil })) yield { wall };
    return;
  }
  // A moved meeting is at most a few days later than its rule date, so hold moved ones until the
  // rule passes their date, and emit in order.
  const held: Nominal[] = [];
  const key = (n: Nominal) =>
    dayNumber(n.wall) * 86_400 + n.wall.hour * 3600 + n.wall.minute * 60 + n.wall.second;
  let last = -Infinity;
  const release = function* (upTo: number) {
    held.sort((a, b) => key(a) - key(b));
    while (held.length > 0 && key(held[0] as Nominal) <= upTo) {
      const n = held.shift() as Nominal;
      if (key(n) > last) {
        last = key(n);
        yield n;
      }
    }
  };
  for (const wall of expandRule(rule, dtstart, { beforeUntil })) {
    const dateText = isoKey(wall);
    if (skipDates.has(dateText)) {
      held.push({ wall: withDate(wall, nextBusinessDay(wall, skipDates, 1)), movedFrom: dateText });
    } else held.push({ wall });
    yield* release(key({ wall }));
  }
  yield* release(Number.POSITIVE_INFINITY);
}

/** The post's instant for a meeting whose rule names the wall time `nominal`. */
export function postTimeFor(schedule: Schedule, nominal: LocalDateTime, meetingAt: Date): Date {
  const { lead, zone } = schedule;
  let post: Date;
  let wall: LocalDateTime;
  if (lead.unit === "days") {
    wall = withDate(nominal, addDays(nominal, -lead.amount));
    post = toInstant(wall, zone);
  } else {
    post = new Date(meetingAt.getTime() - lead.amount * 60_000);
    wall = toLocal(post, zone);
  }
  if (schedule.leadOnBusinessDay && !isBusinessDay(wall, schedule.skipDates)) {
    post = toInstant(withDate(wall, nextBusinessDay(wall, schedule.skipDates, -1)), zone);
  }
  return post;
}

/**
 * Every occurrence in order, from the first. Two wall times that run at one instant (both in a
 * spring-forward gap) are one meeting.
 */
export function* occurrences(schedule: Schedule): Generator<Occurrence> {
  let lastMeeting = -Infinity;
  for (const nominal of nominalMeetings(schedule)) {
    const meetingAt = toInstant(nominal.wall, schedule.zone);
    if (meetingAt.getTime() <= lastMeeting) continue;
    lastMeeting = meetingAt.getTime();
    const postAt = postTimeFor(schedule, nominal.wall, meetingAt);
    const occurrence: Occurrence = {
      meetingAt,
      meetingLocal: toLocal(meetingAt, schedule.zone),
      postAt,
      postLocal: toLocal(postAt, schedule.zone),
    };
    if (nominal.movedFrom) occurrence.movedFrom = nominal.movedFrom;
    yield occurrence;
  }
}

/** The next `count` occurrences whose meeting is at or after `from`. */
export function upcoming(schedule: Schedule, from: Date, count: number): Occurrence[] {
  const out: Occurrence[] = [];
  if (count <= 0) return out;
  for (const o of occurrencesFrom(schedule, from)) {
    out.push(o);
    if (out.length >= count) break;
  }
  return out;
}

/** Occurrences whose post time is in [since, until], in meeting order. */
export function postsBetween(schedule: Schedule, since: Date, until: Date): Occurrence[] {
  const out: Occurrence[] = [];
  // A post comes at most the lead (≤ 31 days, plus a moved-back weekend stretch) before its meeting.
  const horizon = until.getTime() + 40 * 86_400_000;
  for (const o of occurrencesFrom(schedule, since)) {
    if (o.meetingAt.getTime() > horizon) break;
    if (o.postAt >= since && o.postAt <= until) out.push(o);
  }
  return out;
}

/** Occurrences with meetingAt ≥ from. The expansion starts at DTSTART, as COUNT counts from there. */
function* occurrencesFrom(schedule: Schedule, from: Date): Generator<Occurrence> {
  for (const o of occurrences(schedule)) if (o.meetingAt >= from) yield o;
}
