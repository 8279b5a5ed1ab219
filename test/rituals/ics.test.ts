import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { createRitual, type RitualDraft, ritualSchedule } from "../../src/rituals/definitions";
import { escapeText, foldLine, ritualCalendar } from "../../src/rituals/ics";
import { upcoming } from "../../src/rituals/schedule";
import type { RitualRecord } from "../../src/store/rituals-repository";
import { ritualsDb } from "./helpers";

const NOW = new Date("2026-11-20T12:00:00Z");

function ritual(draft: Partial<RitualDraft>): RitualRecord {
  const { db } = ritualsDb();
  return createRitual(
    { db, now: NOW, actor: { operator: "test" }, adminIds: new Set(), fiscalYearStartMonth: 1 },
    {
      name: "Monthly revenue review",
      kind: "monthly-review",
      channel: "C0123ABCD",
      schedule: "first Tuesday of the month at 09:00",
      zone: "America/New_York",
      ...draft,
    },
  );
}

/** The meetings a calendar application reading the file would show, by an independent parser. */
function calendarMeetings(ics: string, count: number): string[] {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const tz of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  try {
    const event = new ICAL.Event(calendar.getFirstSubcomponent("vevent") as ICAL.Component);
    const iterator = event.iterator();
    const out: string[] = [];
    for (let next = iterator.next(); next && out.length < count; next = iterator.next()) {
      out.push(next.toJSDate().toISOString());
    }
    return out;
  } finally {
    for (const tz of calendar.getAllSubcomponents("vtimezone"))
      ICAL.TimezoneService.remove(String(tz.getFirstPropertyValue("tzid")));
  }
}

function ours(r: RitualRecord, count: number): string[] {
  return upcoming(ritualSchedule(r), new Date(0), count).map((o) => o.meetingAt.toISOString());
}

const calendar = (r: RitualRecord) => ritualCalendar(r, { now: NOW, fiscalYearStartMonth: 1 });

describe("ritual ics export", () => {
  it("is valid RFC 5545 text: CRLF lines of at most 75 octets, the required properties, a VTIMEZONE for the TZID", () => {
    const ics = calendar(ritual({ skipDates: ["2027-01-05"] }));
    expect(ics.endsWith("\r\n")).toBe(true);
    const lines = ics.slice(0, -2).split("\r\n");
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, "");
    for (const p of [
      "VERSION:2.0",
      "PRODID:",
      "UID:ritual-",
      "DTSTAMP:20261120T120000Z",
      "DURATION:PT2H30M",
      "SUMMARY:Monthly revenue review",
    ]) {
      expect(unfolded).toContain(p);
    }
    expect(unfolded).toContain("DTSTART;TZID=America/New_York:20261201T090000");
    expect(unfolded).toContain("RRULE:FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9;BYMINUTE=0");
    expect(unfolded).toContain("BEGIN:VTIMEZONE\r\nTZID:America/New_York");
    expect(unfolded).toContain(
      "BEGIN:DAYLIGHT\r\nDTSTART:20270314T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT",
    );
    expect(unfolded).toContain(
      "DESCRIPTION:first Tuesday of the month at 09:00 (America/New_York)\\n\\nAgenda:\\n1. Month close review (30 min)",
    );
    expect(() => ICAL.parse(ics)).not.toThrow();
  });

  it("a calendar shows the bot's meetings: across daylight saving, with a skip date moved to the next business day", () => {
    const r = ritual({ skipDates: ["2027-01-05"] });
    const ics = calendar(r);
    expect(ics).toContain("EXDATE;TZID=America/New_York:20270105T090000");
    expect(ics).toContain("RDATE:20270106T140000Z");
    const fromCalendar = calendarMeetings(ics, 14);
    expect(fromCalendar).toEqual(ours(r, 14));
    expect(fromCalendar.slice(0, 6)).toEqual([
      "2026-12-01T14:00:00.000Z",
      "2027-01-06T14:00:00.000Z",
      "2027-02-02T14:00:00.000Z",
      "2027-03-02T14:00:00.000Z",
      "2027-04-06T13:00:00.000Z",
      "2027-05-04T13:00:00.000Z",
    ]);
  });

  it("an nth business day that does not count a skip date, in London", () => {
    const r = ritual({
      schedule: "3rd business day after month end at 10:00",
      zone: "Europe/London",
      skipDates: ["2027-01-01", "2027-04-02"],
    });
    expect(calendarMeetings(calendar(r), 14)).toEqual(ours(r, 14));
  });

  it("a meeting at a skipped or repeated wall time is the bot's instant in the calendar too, in Sydney", () => {
    const r = ritual({ schedule: "every Sunday at 02:30", zone: "Australia/Sydney" });
    const meetings = calendarMeetings(calendar(r), 60);
    expect(meetings).toEqual(ours(r, 60));
    // 2027-10-03 02:30 does not exist in Sydney: it runs at 03:00 AEDT.
    expect(meetings).toContain("2027-10-02T16:00:00.000Z");
    // 2027-04-04 02:30 happens twice: it runs once, at the first (AEDT).
    expect(meetings).toContain("2027-04-03T15:30:00.000Z");
    expect(meetings).not.toContain("2027-04-03T16:30:00.000Z");
  });

  it("the quarter-end weekly check-ins and a one-off meeting", () => {
    const weekly = ritual({
      kind: "quarterly-planning",
      schedule: "every Monday at 09:00 for the 4 weeks before quarter end",
      zone: "Europe/London",
    });
    expect(calendarMeetings(calendar(weekly), 12)).toEqual(ours(weekly, 12));
    const once = ritual({ kind: "year-end-review", schedule: "once on 2027-01-12 at 10:00" });
    const ics = calendar(once);
    expect(ics).not.toContain("RRULE");
    expect(calendarMeetings(ics, 5)).toEqual(["2027-01-12T15:00:00.000Z"]);
  });

  it("escapes text and folds long lines without splitting a character", () => {
    expect(escapeText("a;b,c\\d\ne")).toBe("a\\;b\\,c\\\\d\\ne");
    const folded = foldLine(`SUMMARY:${"é".repeat(60)}`);
    for (const line of folded.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(`SUMMARY:${"é".repeat(60)}`);
  });
});
