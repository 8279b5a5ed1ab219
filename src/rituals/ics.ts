import type { RitualRecord } from "../store/rituals-repository";
import { describeRitualSchedule, ritualSchedule } from "./definitions";
import {
  compareLocal,
  isDaylightTime,
  type LocalDateTime,
  offsetMinutes,
  offsetTransitions,
  toInstant,
  wallTimeKind,
  zoneAbbreviation,
} from "./local-time";
import { expandRule, formatRRule } from "./rrule";
import { occurrences } from "./schedule";

/**
 * A ritual's meetings as an iCalendar file (RFC 5545): one VEVENT with the RRULE and DTSTART in
 * the ritual's zone, a VTIMEZONE for that zone, and EXDATE/RDATE pairs wherever the bot's dates
 * differ from the bare rule's: meetings moved off skip dates, nth business days that skip them,
 * and meetings at a wall time that a daylight-saving change skips or repeats. Differences are
 * listed up to a horizon (five years ahead, or a year past the last skip date); a meeting in the
 * skipped or repeated hour further out may show an hour off in some calendars.
 */

export interface CalendarOptions {
  now: Date;
  fiscalYearStartMonth: number;
}

const YEAR_MS = 365.25 * 86_400_000;

function icsWall(t: LocalDateTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(t.year, 4)}${p(t.month)}${p(t.day)}T${p(t.hour)}${p(t.minute)}${p(t.second)}`;
}

function icsUtc(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function icsOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, "0")}${String(m % 60).padStart(2, "0")}`;
}

/** TEXT value escaping (RFC 5545 3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

/** Folds a content line to 75 octets, continuation lines starting with a space (3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

/** One observance per offset change in [from, to), plus the one in force at `from`. */
function vtimezone(zone: string, from: Date, to: Date): string[] {
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  const observance = (at: Date, before: number, after: number) => {
    const kind = isDaylightTime(at, zone) ? "DAYLIGHT" : "STANDARD";
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${icsWall(wallIn(at, before))}`,
      `TZOFFSETFROM:${icsOffset(before)}`,
      `TZOFFSETTO:${icsOffset(after)}`,
      `TZNAME:${escapeText(zoneAbbreviation(at, zone))}`,
      `END:${kind}`,
    );
  };
  const first = offsetMinutes(from, zone);
  observance(from, first, first);
  for (const at of offsetTransitions(zone, from, to)) {
    observance(at, offsetMinutes(new Date(at.getTime() - 1000), zone), offsetMinutes(at, zone));
  }
  lines.push("END:VTIMEZONE");
  return lines;
}

/** The wall time of an instant read with a given offset (the onset as the old offset shows it). */
function wallIn(at: Date, offset: number): LocalDateTime {
  const d = new Date(at.getTime() + offset * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/**
 * The bare rule's wall times to exclude, and the bot's meetings to add as UTC instants, so that
 * the file gives the bot's meetings up to `until`. A wall time in a gap or a fall-back overlap is
 * always replaced by its instant: RFC 5545 reads them one way, calendar applications several.
 */
function differences(ritual: RitualRecord, until: Date): { exdates: LocalDateTime[]; rdates: Date[] } {
  const schedule = ritualSchedule(ritual);
  const bare = new Map<number, LocalDateTime>();
  const exdates: LocalDateTime[] = [];
  for (const wall of expandRule(schedule.rule, schedule.dtstart)) {
    const at = toInstant(wall, schedule.zone);
    if (at > until) break;
    if (wallTimeKind(wall, schedule.zone) === "normal") bare.set(at.getTime(), wall);
    else exdates.push(wall);
  }
  const ours = new Set<number>();
  for (const o of occurrences(schedule)) {
    if (o.meetingAt > until) break;
    ours.add(o.meetingAt.getTime());
  }
  for (const [at, wall] of bare) if (!ours.has(at)) exdates.push(wall);
  const rdates = [...ours].filter((at) => !bare.has(at)).map((at) => new Date(at));
  exdates.sort((a, b) => compareLocal(a, b));
  return { exdates, rdates };
}

export function ritualCalendar(ritual: RitualRecord, options: CalendarOptions): string {
  const schedule = ritualSchedule(ritual);
  const zone = ritual.timeZone;
  const lastSkip = ritual.skipDates.at(-1);
  const horizon = new Date(
    Math.max(
      options.now.getTime() + 5 * YEAR_MS,
      lastSkip ? Date.parse(`${lastSkip}T00:00:00Z`) + YEAR_MS : 0,
    ),
  );
  // Observances from the January before DTSTART's year, so every listed date has its offset.
  const start = new Date(Date.UTC(schedule.dtstart.year - 1, 0, 1));
  const minutes = ritual.durationMinutes;
  const event = [
    "BEGIN:VEVENT",
    `UID:ritual-${ritual.id}-${icsUtc(new Date(ritual.createdAt))}@revenue-rituals`,
    `DTSTAMP:${icsUtc(options.now)}`,
  ];
  if (schedule.rule.count === 1) {
    const [only] = [...occurrences(schedule)];
    event.push(`DTSTART;TZID=${zone}:${icsWall(only?.meetingLocal ?? schedule.dtstart)}`);
  } else {
    const { exdates, rdates } = differences(ritual, horizon);
    event.push(`DTSTART;TZID=${zone}:${icsWall(schedule.dtstart)}`, `RRULE:${formatRRule(schedule.rule)}`);
    if (exdates.length > 0) event.push(`EXDATE;TZID=${zone}:${exdates.map(icsWall).join(",")}`);
    if (rdates.length > 0) event.push(`RDATE:${rdates.map(icsUtc).join(",")}`);
  }
  const agenda = ritual.agenda.map((a, i) => `${i + 1}. ${a.title} (${a.minutes} min)`);
  const description = [
    `${describeRitualSchedule(ritual, options.fiscalYearStartMonth)} (${zone})`,
    ...(agenda.length > 0 ? ["", "Agenda:", ...agenda] : []),
  ].join("\n");
  event.push(
    `DURATION:PT${Math.floor(minutes / 60) > 0 ? `${Math.floor(minutes / 60)}H` : ""}${minutes % 60 > 0 ? `${minutes % 60}M` : ""}`,
    `SUMMARY:${escapeText(ritual.name)}`,
    `DESCRIPTION:${escapeText(description)}`,
    "END:VEVENT",
  );
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Revenue Rituals//Rituals//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...vtimezone(zone, start, horizon),
    ...event,
    "END:VCALENDAR",
  ];
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
