import { describe, expect, it } from "vitest";
import { formatLocal } from "../../src/rituals/local-time";
import { describeSchedule, parseSchedulePhrase, quarterEndMonths } from "../../src/rituals/phrases";
import { formatRRule, ScheduleError } from "../../src/rituals/rrule";

// Friday 20 November 2026, 12:00 UTC.
const ctx = { now: new Date("2026-11-20T12:00:00Z"), zone: "America/New_York", fiscalYearStartMonth: 1 };

function parsed(phrase: string, over: Partial<typeof ctx> = {}) {
  const s = parseSchedulePhrase(phrase, { ...ctx, ...over });
  return {
    rrule: formatRRule(s.rule),
    dtstart: formatLocal(s.dtstart),
    words: describeSchedule(s.rule, s.dtstart, over.fiscalYearStartMonth ?? 1),
  };
}

function errorOf(phrase: string): string {
  try {
    parseSchedulePhrase(phrase, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${phrase}`);
}

describe("schedule phrases", () => {
  it("each phrase maps onto its RRULE, starts at its next date and reads back as typed", () => {
    expect(parsed("3rd business day after month end at 10:00")).toEqual({
      rrule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3;BYHOUR=10;BYMINUTE=0",
      dtstart: "2026-12-03T10:00", // Tue 1, Wed 2, Thu 3
      words: "3rd business day after month end at 10:00",
    });
    expect(parsed("first Tuesday of the month at 09:00")).toEqual({
      rrule: "FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9;BYMINUTE=0",
      dtstart: "2026-12-01T09:00",
      words: "first Tuesday of the month at 09:00",
    });
    expect(parsed("every Monday at 09:00 for the 4 weeks before quarter end")).toEqual({
      rrule: `FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=${Array.from({ length: 28 }, (_, i) => i - 28).join(",")};BYDAY=MO;BYHOUR=9;BYMINUTE=0`,
      dtstart: "2026-12-07T09:00", // the window of December 2026 is 4-31
      words: "every Monday at 09:00 for the 4 weeks before quarter end",
    });
    expect(parsed("every December 15 at 14:00")).toEqual({
      rrule: "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15;BYHOUR=14;BYMINUTE=0",
      dtstart: "2026-12-15T14:00",
      words: "every December 15 at 14:00",
    });
    expect(parsed("once on 2027-01-12 at 10:00")).toEqual({
      rrule: "FREQ=DAILY;COUNT=1",
      dtstart: "2027-01-12T10:00",
      words: "once on 2027-01-12 at 10:00",
    });
  });

  it("a raw RRULE is validated, starts at its next date, and is read back in words", () => {
    expect(parsed("RRULE:FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=30")).toEqual({
      rrule: "FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=9;BYMINUTE=30",
      dtstart: "2026-11-23T09:30",
      words: "every Monday and Wednesday at 09:30",
    });
    expect(parsed("RRULE:FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;BYHOUR=16;COUNT=4")).toEqual({
      rrule: "FREQ=MONTHLY;INTERVAL=3;COUNT=4;BYMONTHDAY=-1;BYHOUR=16",
      dtstart: "2026-11-30T16:00",
      words: "every 3 months on the last day at 16:00, 4 times",
    });
    expect(parsed("DTSTART:20270105T090000 RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU")).toEqual({
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
      dtstart: "2027-01-05T09:00",
      words: "every other Tuesday at 09:00",
    });
    expect(errorOf("RRULE:FREQ=WEEKLY;BYDAY=MX;BYHOUR=9")).toMatch(/BYDAY=MX.*"MX" is not a weekday/);
    expect(errorOf("DTSTART:20270106T090000 RRULE:FREQ=WEEKLY;BYDAY=TU")).toMatch(
      /DTSTART 2027-01-06 09:00 is not one of the rule's dates \(the first is 2027-01-12 09:00\)/,
    );
    expect(errorOf("DTSTART;TZID=Europe/London:20270105T090000 RRULE:FREQ=WEEKLY")).toMatch(
      /DTSTART is in Europe\/London but the ritual's zone is America\/New_York/,
    );
    expect(errorOf("RRULE:FREQ=WEEKLY;BYDAY=MO")).toMatch(/needs BYHOUR/);
  });

  it("more phrases: last business day, other weekdays, am/pm, quarter and year ends", () => {
    expect(parsed("last business day of the month at 4pm").rrule).toBe(
      "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=16;BYMINUTE=0",
    );
    expect(parsed("last business day of the month at 4pm").words).toBe(
      "last business day of the month at 16:00",
    );
    expect(parsed("every other Friday at 9:30am").rrule).toBe(
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR;BYHOUR=9;BYMINUTE=30",
    );
    expect(parsed("every other Friday at 9:30am").words).toBe("every other Friday at 09:30");
    expect(parsed("every Monday and Thursday at 08:15").words).toBe("every Monday and Thursday at 08:15");
    expect(parsed("every weekday at 06:00").words).toBe("every weekday at 06:00");
    expect(parsed("every day at 06:00").rrule).toBe("FREQ=DAILY;BYHOUR=6;BYMINUTE=0");
    expect(parsed("2nd business day after quarter end at 11:00").rrule).toBe(
      "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=2;BYHOUR=11;BYMINUTE=0",
    );
    expect(parsed("2nd business day after quarter end at 11:00").words).toBe(
      "2nd business day after quarter end at 11:00",
    );
    expect(parsed("every 15 December at 14:00").words).toBe("every December 15 at 14:00");
  });

  it("quarters follow the fiscal year", () => {
    expect(quarterEndMonths(1)).toEqual([3, 6, 9, 12]);
    expect(quarterEndMonths(2)).toEqual([1, 4, 7, 10]);
    const feb = parsed("every Monday at 09:00 for the 2 weeks before quarter end", {
      fiscalYearStartMonth: 2,
    });
    expect(feb.rrule).toContain("BYMONTH=1,4,7,10;BYMONTHDAY=-14,");
    expect(feb.words).toBe("every Monday at 09:00 for the 2 weeks before quarter end");
    expect(feb.dtstart).toBe("2027-01-18T09:00"); // January 18-31
  });

  it("a phrase that is none of them, or has no time, is refused with what to write", () => {
    expect(errorOf("whenever at 10:00")).toMatch(
      /is not a phrase this bot reads\. Try: "3rd business day after month end at 10:00"/,
    );
    expect(errorOf("first Tuesday of the month")).toMatch(/has no time: add one such as "at 10:00"/);
    expect(errorOf("every Monday at 9")).toMatch(/ambiguous: write it as HH:MM/);
    expect(errorOf("every Monday at 25:00")).toMatch(/not a time of day/);
    expect(errorOf("once on 2027-02-30 at 10:00")).toMatch(/"2027-02-30" is not a date/);
    expect(errorOf("once on 2026-01-12 at 10:00")).toMatch(/is in the past in America\/New_York/);
    expect(errorOf("every February 30 at 10:00")).toMatch(/February has no day 30/);
    expect(errorOf("24th business day after month end at 10:00")).toMatch(/1st to 23rd, or last/);
    expect(errorOf("every Monday at 09:00 for the 5 weeks before quarter end")).toMatch(/say 1 to 4 weeks/);
  });
});
