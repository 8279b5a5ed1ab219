import {
  daysInMonth,
  formatClock,
  formatDate,
  isoWeekday,
  type LocalDateTime,
  parseDate,
  toInstant,
  toLocal,
} from "./local-time";
import {
  alignStart,
  formatRRule,
  parseRRule,
  type RecurrenceRule,
  ScheduleError,
  type WeekdaySpec,
} from "./rrule";
import { isBusinessDayRule } from "./schedule";

/**
 * Schedule phrases people type, mapped onto RFC 5545 rules, and rules read back in words:
 *   "3rd business day after month end at 10:00"   FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3
 *   "first Tuesday of the month at 09:00"         FREQ=MONTHLY;BYDAY=1TU
 *   "every Monday at 09:00 for the 4 weeks before quarter end"
 *                                                  FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=MO;BYMONTHDAY=-28,…,-1
 *   "every December 15 at 14:00"                  FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15
 *   "once on 2027-01-12 at 10:00"                 FREQ=DAILY;COUNT=1 from that date
 *   "RRULE:FREQ=…" (optionally after "DTSTART:YYYYMMDDTHHMMSS")
 * Quarters and years follow the fiscal year (its first month). The last 28 days of a month
 * always hold exactly four of each weekday, so "the N weeks before quarter end" is the last 7·N
 * days of the quarter's last month.
 */

export interface ParsedSchedule {
  rule: RecurrenceRule;
  /** the first occurrence, wall time in the ritual's zone */
  dtstart: LocalDateTime;
}

export interface PhraseContext {
  now: Date;
  zone: string;
  /** 1-12; quarters and years in phrases are fiscal */
  fiscalYearStartMonth: number;
}

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth"];
const COUNT_WORDS = ["one", "two", "three", "four"];
const BUSINESS_DAYS: WeekdaySpec[] = [1, 2, 3, 4, 5].map((weekday) => ({ weekday }));

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const weekdayName = (n: number) => capital(WEEKDAYS[n - 1] as string);
const monthName = (n: number) => capital(MONTHS[n - 1] as string);

export function ordinalSuffix(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}

function weekdayNumber(word: string): number | null {
  const w = word.toLowerCase();
  const i = WEEKDAYS.findIndex((d) => d === w || d.slice(0, 3) === w);
  return i < 0 ? null : i + 1;
}

function monthNumber(word: string): number | null {
  const w = word.toLowerCase();
  const i = MONTHS.findIndex((m) => m === w || m.slice(0, 3) === w);
  return i < 0 ? null : i + 1;
}

/** "3rd", "third", "last" → 3, 3, -1 */
function ordinalNumber(word: string): number | null {
  const w = word.toLowerCase();
  if (w === "last") return -1;
  const i = ORDINAL_WORDS.indexOf(w);
  if (i >= 0) return i + 1;
  const m = /^(\d{1,2})(st|nd|rd|th)$/.exec(w);
  return m && ordinalSuffix(Number(m[1])) === w ? Number(m[1]) : null;
}

/** Months (1-12) in which fiscal quarters end, in calendar order. */
export function quarterEndMonths(fiscalYearStartMonth: number): number[] {
  return [0, 3, 6, 9].map((k) => ((fiscalYearStartMonth - 2 + k + 12) % 12) + 1).sort((a, b) => a - b);
}

function quarterStartMonths(fiscalYearStartMonth: number): number[] {
  return [0, 3, 6, 9].map((k) => ((fiscalYearStartMonth - 1 + k) % 12) + 1).sort((a, b) => a - b);
}

const TIME = /\bat\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?(?=\s|$)/i;

function takeTime(text: string): { rest: string; hour: number; minute: number } {
  const m = TIME.exec(text);
  if (!m) throw new ScheduleError(`schedule "${text}" has no time: add one such as "at 10:00" or "at 9am"`);
  let hour = Number(m[1]);
  const minute = m[2] === undefined ? 0 : Number(m[2]);
  const meridiem = m[3]?.toLowerCase();
  if (m[2] === undefined && !meridiem) {
    throw new ScheduleError(`time "${m[0].trim()}" is ambiguous: write it as HH:MM (24-hour) or with am/pm`);
  }
  if (meridiem) {
    if (hour < 1 || hour > 12)
      throw new ScheduleError(`time "${m[0].trim()}": the hour must be 1-12 with am/pm`);
    hour = (hour % 12) + (meridiem === "pm" ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw new ScheduleError(`time "${m[0].trim()}" is not a time of day`);
  const rest = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`.replace(/\s+/g, " ").trim();
  return { rest, hour, minute };
}

/** A phrase or raw RRULE to a rule and its first occurrence on or after now. */
export function parseSchedulePhrase(input: string, ctx: PhraseContext): ParsedSchedule {
  const text = input.trim().replace(/\s+/g, " ");
  if (text === "") throw new ScheduleError("schedule is empty");
  if (/^(DTSTART|RRULE)[:;]/i.test(text)) return parseRawSchedule(input.trim(), ctx);
  const { rest, hour, minute } = takeTime(text);
  const at = { byHour: [hour], byMinute: [minute] };
  const once = /^once on (\S+)$/i.exec(rest);
  if (once) {
    const date = parseDate(once[1] as string);
    if (!date) throw new ScheduleError(`"${once[1]}" is not a date: write it as YYYY-MM-DD`);
    const dtstart = { ...date, hour, minute, second: 0 };
    if (toInstant(dtstart, ctx.zone) < ctx.now) {
      throw new ScheduleError(
        `"once on ${once[1]} at ${formatClock(dtstart)}" is in the past in ${ctx.zone}`,
      );
    }
    return { rule: { freq: "DAILY", interval: 1, count: 1, wkst: 1 }, dtstart };
  }
  const rule = phraseRule(rest, ctx.fiscalYearStartMonth);
  if (!rule) {
    throw new ScheduleError(
      `schedule "${input.trim()}" is not a phrase this bot reads. Try: "3rd business day after month end at 10:00", "first Tuesday of the month at 09:00", "every Monday at 09:00 for the 4 weeks before quarter end", "every December 15 at 14:00", "once on 2027-01-12 at 10:00", or RRULE:FREQ=…`,
    );
  }
  return withStart({ ...rule, ...at }, ctx);
}

function withStart(rule: RecurrenceRule, ctx: PhraseContext): ParsedSchedule {
  const dtstart = alignStart(rule, toLocal(ctx.now, ctx.zone));
  if (!dtstart) throw new ScheduleError(`schedule RRULE:${formatRRule(rule)} has no date from now on`);
  return { rule, dtstart };
}

/** The rule a phrase (its time already taken out) names, or null when it is none of them. */
function phraseRule(rest: string, fiscalStart: number): RecurrenceRule | null {
  const business =
    /^(\S+) business day (?:after|of) (?:the |each |every )?(month|quarter|year)(?: end)?$/i.exec(rest);
  if (business) {
    const n = ordinalNumber(business[1] as string);
    if (n === null || n > 23)
      throw new ScheduleError(`"${business[1]}" is not a business day position (1st to 23rd, or last)`);
    const rule: RecurrenceRule = {
      freq: "MONTHLY",
      interval: 1,
      wkst: 1,
      byDay: BUSINESS_DAYS,
      bySetPos: [n],
    };
    const period = (business[2] as string).toLowerCase();
    // "after quarter end" counts in the month that opens the next quarter.
    if (period === "quarter") rule.byMonth = quarterStartMonths(fiscalStart);
    if (period === "year") rule.byMonth = [fiscalStart];
    return rule;
  }
  const nthWeekday = /^(\S+) (\S+) of (?:the |each |every )?month$/i.exec(rest);
  if (nthWeekday) {
    const n = ordinalNumber(nthWeekday[1] as string);
    const weekday = weekdayNumber(nthWeekday[2] as string);
    if (n === null || n > 5 || weekday === null) return null;
    return { freq: "MONTHLY", interval: 1, wkst: 1, byDay: [{ weekday, ordinal: n }] };
  }
  const beforeQuarterEnd = /^every (\S+) for the (?:(\S+) )?weeks? before (?:the )?quarter end$/i.exec(rest);
  if (beforeQuarterEnd) {
    const weekday = weekdayNumber(beforeQuarterEnd[1] as string);
    const weeksText = (beforeQuarterEnd[2] ?? "one").toLowerCase();
    const weeks = COUNT_WORDS.includes(weeksText) ? COUNT_WORDS.indexOf(weeksText) + 1 : Number(weeksText);
    if (weekday === null) return null;
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > 4) {
      throw new ScheduleError(`"${beforeQuarterEnd[2]} weeks before quarter end": say 1 to 4 weeks`);
    }
    const byMonthDay = Array.from({ length: 7 * weeks }, (_, i) => i - 7 * weeks);
    return {
      freq: "MONTHLY",
      interval: 1,
      wkst: 1,
      byMonth: quarterEndMonths(fiscalStart),
      byDay: [{ weekday }],
      byMonthDay,
    };
  }
  return everyRule(rest);
}

/** "every Monday", "every other Friday", "every Monday and Thursday", "every day", "every December 15". */
function everyRule(rest: string): RecurrenceRule | null {
  if (/^every (?:day|daily)$/i.test(rest)) return { freq: "DAILY", interval: 1, wkst: 1 };
  if (/^every (?:weekday|business day)$/i.test(rest))
    return { freq: "WEEKLY", interval: 1, wkst: 1, byDay: BUSINESS_DAYS };
  const weekly = /^every (other )?(.+)$/i.exec(rest);
  if (weekly) {
    const words = (weekly[2] as string).split(/\s*(?:,|\band\b)\s*/i).filter(Boolean);
    const days = words.map(weekdayNumber);
    if (days.length > 0 && days.every((d) => d !== null)) {
      const byDay = [...new Set(days as number[])].sort((a, b) => a - b).map((weekday) => ({ weekday }));
      return { freq: "WEEKLY", interval: weekly[1] ? 2 : 1, wkst: 1, byDay };
    }
  }
  const yearly =
    /^every (\S+) (\d{1,2})(?:st|nd|rd|th)?$/i.exec(rest) ??
    /^every (\d{1,2})(?:st|nd|rd|th)? (?:of )?(\S+)$/i.exec(rest);
  if (yearly) {
    const [a, b] = [yearly[1] as string, yearly[2] as string];
    const month = monthNumber(/^\d/.test(a) ? b : a);
    const day = Number(/^\d/.test(a) ? a : b);
    if (month === null) return null;
    if (day < 1 || day > daysInMonth(2028, month)) {
      throw new ScheduleError(`${monthName(month)} has no day ${day}`);
    }
    return { freq: "YEARLY", interval: 1, wkst: 1, byMonth: [month], byMonthDay: [day] };
  }
  return null;
}

const RAW_DTSTART = /^DTSTART(?:;TZID=([^:]+))?:(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\s+/i;

/** "RRULE:…" or "DTSTART[;TZID=Zone]:YYYYMMDDTHHMMSS RRULE:…". */
function parseRawSchedule(text: string, ctx: PhraseContext): ParsedSchedule {
  const start = RAW_DTSTART.exec(text);
  if (/^DTSTART/i.test(text) && !start) {
    throw new ScheduleError(
      `"${text.split(/\s/)[0]}" is not DTSTART:YYYYMMDDTHHMMSS (local time, then RRULE:… after a space)`,
    );
  }
  const ruleText = start ? text.slice(start[0].length) : text;
  if (!/^RRULE:/i.test(ruleText))
    throw new ScheduleError(`expected RRULE:… after DTSTART, got "${ruleText}"`);
  const rule = parseRRule(ruleText);
  if (!start) return withStart(rule, ctx);
  const zone = start[1];
  if (zone && zone !== ctx.zone) {
    throw new ScheduleError(`DTSTART is in ${zone} but the ritual's zone is ${ctx.zone}: give one zone`);
  }
  const [year, month, day, hour, minute, second] = start.slice(2, 8).map(Number) as number[];
  const date = parseDate(`${start[2]}-${start[3]}-${start[4]}`);
  if (!date || (hour as number) > 23 || (minute as number) > 59 || (second as number) > 59) {
    throw new ScheduleError(
      `DTSTART ${start[2]}${start[3]}${start[4]}T${start[5]}${start[6]}${start[7]} is not a valid time`,
    );
  }
  const dtstart = { year, month, day, hour, minute, second } as LocalDateTime;
  const first = alignStart(
    {
      ...rule,
      byHour: rule.byHour ?? [dtstart.hour],
      byMinute: rule.byMinute ?? [dtstart.minute],
      bySecond: rule.bySecond ?? [dtstart.second],
    },
    dtstart,
  );
  if (!first || formatLocalKey(first) !== formatLocalKey(dtstart)) {
    throw new ScheduleError(
      `DTSTART ${formatDate(dtstart)} ${formatClock(dtstart)} is not one of the rule's dates${first ? ` (the first is ${formatDate(first)} ${formatClock(first)})` : ""}: RFC 5545 leaves that undefined`,
    );
  }
  return { rule, dtstart };
}

const formatLocalKey = (t: LocalDateTime) => `${formatDate(t)}T${formatClock(t)}:${t.second}`;

/** The schedule in words, in the phrases' own forms where it is one of them. */
export function describeSchedule(
  rule: RecurrenceRule,
  dtstart: LocalDateTime,
  fiscalYearStartMonth: number,
): string {
  const at = `at ${times(rule, dtstart)}`;
  if (rule.count === 1) return `once on ${formatDate(dtstart)} ${at}`;
  const bound =
    rule.count !== undefined ? `, ${rule.count} times` : rule.until ? `, until ${untilText(rule.until)}` : "";
  const phrase = phraseFor(rule, fiscalYearStartMonth) ?? { before: genericWords(rule, dtstart) };
  return `${phrase.before} ${at}${phrase.after ? ` ${phrase.after}` : ""}${bound}`;
}

function times(rule: RecurrenceRule, dtstart: LocalDateTime): string {
  const hours = rule.byHour ?? [dtstart.hour];
  const minutes = rule.byMinute ?? [dtstart.minute];
  const all = hours.flatMap((hour) => minutes.map((minute) => formatClock({ hour, minute })));
  return joinWords(all.sort());
}

function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function untilText(until: NonNullable<RecurrenceRule["until"]>): string {
  return "date" in until ? formatDate(until.date) : until.instant.toISOString();
}

const sameList = (a: number[] | undefined, b: number[]) =>
  !!a && a.length === b.length && a.toSorted((x, y) => x - y).every((x, i) => x === b[i]);

/** Words before and after the time. */
interface PhraseWords {
  before: string;
  after?: string;
}

/** The phrase a rule came from, when it has one of the phrase shapes (the time aside). */
function phraseFor(rule: RecurrenceRule, fiscalStart: number): PhraseWords | null {
  const words = phraseWords(rule, fiscalStart);
  return typeof words === "string" ? { before: words } : words;
}

function phraseWords(rule: RecurrenceRule, fiscalStart: number): string | PhraseWords | null {
  if (
    rule.freq === "WEEKLY" &&
    rule.interval === 2 &&
    rule.byDay &&
    !rule.byMonth &&
    !rule.bySetPos &&
    !rule.bySecond
  ) {
    return `every other ${joinWords(rule.byDay.map((d) => weekdayName(d.weekday)))}`;
  }
  const onlyDayParts = rule.interval === 1 && !rule.bySecond;
  if (!onlyDayParts) return null;
  const pos = rule.bySetPos?.[0];
  if (
    rule.freq === "MONTHLY" &&
    isBusinessDayRule(rule) &&
    rule.bySetPos?.length === 1 &&
    pos !== undefined &&
    !rule.byMonthDay
  ) {
    const which = pos === -1 ? "last" : pos > 0 ? ordinalSuffix(pos) : `${ordinalSuffix(-pos)} to last`;
    if (!rule.byMonth)
      return pos > 0 ? `${which} business day after month end` : `${which} business day of the month`;
    if (pos > 0 && sameList(rule.byMonth, quarterStartMonths(fiscalStart)))
      return `${which} business day after quarter end`;
    if (pos > 0 && sameList(rule.byMonth, [fiscalStart])) return `${which} business day after year end`;
    return null;
  }
  if (rule.bySetPos) return null;
  const day = rule.byDay?.[0];
  if (
    rule.freq === "MONTHLY" &&
    rule.byDay?.length === 1 &&
    day?.ordinal !== undefined &&
    !rule.byMonth &&
    !rule.byMonthDay
  ) {
    const which = day.ordinal === -1 ? "last" : ORDINAL_WORDS[day.ordinal - 1];
    return which ? `${which} ${weekdayName(day.weekday)} of the month` : null;
  }
  if (
    rule.freq === "MONTHLY" &&
    rule.byDay?.length === 1 &&
    day &&
    day.ordinal === undefined &&
    rule.byMonthDay
  ) {
    const size = rule.byMonthDay.length;
    const weeks = size / 7;
    const window = Array.from({ length: size }, (_, i) => i - size);
    if (
      Number.isInteger(weeks) &&
      weeks <= 4 &&
      sameList(rule.byMonthDay, window) &&
      sameList(rule.byMonth, quarterEndMonths(fiscalStart))
    ) {
      return {
        before: `every ${weekdayName(day.weekday)}`,
        after: `for the ${weeks} week${weeks === 1 ? "" : "s"} before quarter end`,
      };
    }
  }
  if (rule.freq === "YEARLY" && rule.byMonth?.length === 1 && rule.byMonthDay?.length === 1 && !rule.byDay) {
    const monthDay = rule.byMonthDay[0] as number;
    if (monthDay > 0) return `every ${monthName(rule.byMonth[0] as number)} ${monthDay}`;
  }
  if (
    rule.freq === "WEEKLY" &&
    rule.byDay &&
    rule.byDay.every((d) => d.ordinal === undefined) &&
    !rule.byMonth
  ) {
    if (isAllWeekdays(rule.byDay)) return "every weekday";
    return `every ${joinWords(rule.byDay.map((d) => weekdayName(d.weekday)))}`;
  }
  if (rule.freq === "DAILY" && !rule.byDay && !rule.byMonth && !rule.byMonthDay) return "every day";
  return null;
}

function isAllWeekdays(days: WeekdaySpec[]): boolean {
  return days.length === 5 && days.every((d) => d.weekday <= 5);
}

/** Any supported rule in plain words: frequency, then each filter. */
function genericWords(rule: RecurrenceRule, dtstart: LocalDateTime): string {
  const unit = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year" }[rule.freq];
  const words: string[] = [
    rule.interval === 1
      ? `every ${unit}`
      : rule.interval === 2
        ? `every other ${unit}`
        : `every ${rule.interval} ${unit}s`,
  ];
  if (rule.byMonth) words.push(`in ${joinWords(rule.byMonth.map(monthName))}`);
  if (rule.byMonthDay) {
    const days = rule.byMonthDay.map((d) =>
      d > 0 ? `day ${d}` : d === -1 ? "the last day" : `the ${ordinalSuffix(-d)} to last day`,
    );
    words.push(`on ${joinWords(days)}`);
  }
  if (rule.byDay) {
    const names = rule.byDay.map((d) =>
      d.ordinal === undefined
        ? weekdayName(d.weekday)
        : `the ${d.ordinal === -1 ? "last" : ordinalSuffix(d.ordinal)} ${weekdayName(d.weekday)}`,
    );
    words.push(`on ${joinWords(names)}`);
  }
  if (rule.bySetPos) {
    words.push(
      `taking the ${joinWords(rule.bySetPos.map((p) => (p === -1 ? "last" : p > 0 ? ordinalSuffix(p) : `${ordinalSuffix(-p)} to last`)))} of each ${unit}`,
    );
  }
  if (!rule.byMonth && !rule.byMonthDay && !rule.byDay) {
    if (rule.freq === "WEEKLY") words.push(`on ${weekdayName(isoWeekday(dtstart))}`);
    if (rule.freq === "MONTHLY") words.push(`on day ${dtstart.day}`);
    if (rule.freq === "YEARLY") words.push(`on ${monthName(dtstart.month)} ${dtstart.day}`);
  }
  return words.join(" ");
}
