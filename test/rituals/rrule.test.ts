import { describe, expect, it } from "vitest";
import { formatLocal, parseLocal } from "../../src/rituals/local-time";
import { alignStart, expandRule, formatRRule, parseRRule, ScheduleError } from "../../src/rituals/rrule";

const wall = (text: string) => {
  const t = parseLocal(text);
  if (!t) throw new Error(`bad wall time ${text}`);
  return t;
};

function first(rule: string, dtstart: string, n: number): string[] {
  const out: string[] = [];
  for (const t of expandRule(parseRRule(rule), wall(dtstart))) {
    out.push(formatLocal(t));
    if (out.length >= n) break;
  }
  return out;
}

function errorOf(text: string): string {
  try {
    parseRRule(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleError);
    return (error as Error).message;
  }
  throw new Error(`no error for ${text}`);
}

describe("parseRRule", () => {
  it("reads every supported part and writes it back in canonical order", () => {
    const text =
      "RRULE:wkst=SU;freq=monthly;interval=2;count=5;bymonth=1,7;bymonthday=-1,1;byday=MO,-1FR;bysetpos=1;byhour=9;byminute=30;bysecond=0";
    expect(formatRRule(parseRRule(text))).toBe(
      "FREQ=MONTHLY;INTERVAL=2;COUNT=5;BYMONTH=1,7;BYMONTHDAY=-1,1;BYDAY=MO,-1FR;BYSETPOS=1;BYHOUR=9;BYMINUTE=30;BYSECOND=0;WKST=SU",
    );
    expect(formatRRule(parseRRule("FREQ=WEEKLY;UNTIL=20271231T235959Z"))).toBe(
      "FREQ=WEEKLY;UNTIL=20271231T235959Z",
    );
    expect(formatRRule(parseRRule("FREQ=WEEKLY;UNTIL=20271231"))).toBe("FREQ=WEEKLY;UNTIL=20271231");
  });

  it("names the bad part in each error", () => {
    expect(errorOf("RRULE:FREQ=WEEKLY;BYDAY=XX")).toMatch(/BYDAY=XX.*"XX" is not a weekday/);
    expect(errorOf("FREQ=HOURLY")).toMatch(/FREQ=HOURLY.*YEARLY, MONTHLY, WEEKLY or DAILY/);
    expect(errorOf("FREQ=YEARLY;BYWEEKNO=20")).toMatch(/"BYWEEKNO=20" is not supported/);
    expect(errorOf("FREQ=MONTHLY;BYMONTHDAY=32")).toMatch(/BYMONTHDAY=32.*32 is out of range/);
    expect(errorOf("FREQ=MONTHLY;BYHOUR=24")).toMatch(/BYHOUR=24.*out of range \(0 to 23\)/);
    expect(errorOf("FREQ=MONTHLY;BYMONTH=0")).toMatch(/BYMONTH=0/);
    expect(errorOf("FREQ=WEEKLY;BYDAY=1MO")).toMatch(
      /"1MO" has a position, allowed only with FREQ=MONTHLY or YEARLY/,
    );
    expect(errorOf("FREQ=MONTHLY;BYDAY=6MO")).toMatch(/"6MO" is out of range/);
    expect(errorOf("FREQ=WEEKLY;BYMONTHDAY=1")).toMatch(/BYMONTHDAY=1.*cannot be used with FREQ=WEEKLY/);
    expect(errorOf("FREQ=WEEKLY;COUNT=3;UNTIL=20271231")).toMatch(/both COUNT and UNTIL/);
    expect(errorOf("FREQ=WEEKLY;COUNT=x")).toMatch(/COUNT=x.*"x" is not a number/);
    expect(errorOf("FREQ=WEEKLY;UNTIL=2027-12-31")).toMatch(/UNTIL=2027-12-31.*UNTIL must be a date/);
    expect(errorOf("FREQ=WEEKLY;FREQ=DAILY")).toMatch(/"FREQ" appears twice/);
    expect(errorOf("BYDAY=MO")).toMatch(/no FREQ/);
    expect(errorOf("FREQ=WEEKLY;BYDAY")).toMatch(/"BYDAY" is not NAME=VALUE/);
    expect(errorOf("RRULE:")).toMatch(/empty/);
    expect(errorOf("FREQ=DAILY;BYSETPOS=1")).toMatch(/BYSETPOS=1.*needs another BY/);
  });
});

describe("expandRule", () => {
  it("the nth business day: weekdays with BYSETPOS, counted from the month's start", () => {
    expect(first("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3", "2027-01-05T10:00", 4)).toEqual([
      "2027-01-05T10:00", // Fri 1, Mon 4, Tue 5
      "2027-02-03T10:00", // Mon 1, Tue 2, Wed 3
      "2027-03-03T10:00",
      "2027-04-05T10:00", // Thu 1, Fri 2, Mon 5
    ]);
  });

  it("the last business day and the last Friday", () => {
    expect(first("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2027-01-29T17:00", 3)).toEqual([
      "2027-01-29T17:00",
      "2027-02-26T17:00",
      "2027-03-31T17:00",
    ]);
    expect(first("FREQ=MONTHLY;BYDAY=-1FR", "2027-01-29T17:00", 3)).toEqual([
      "2027-01-29T17:00",
      "2027-02-26T17:00",
      "2027-03-26T17:00",
    ]);
  });

  it("a month day that some months lack is left out there, not moved", () => {
    expect(first("FREQ=MONTHLY;BYMONTHDAY=31", "2027-01-31T09:00", 4)).toEqual([
      "2027-01-31T09:00",
      "2027-03-31T09:00",
      "2027-05-31T09:00",
      "2027-07-31T09:00",
    ]);
  });

  it("29 February comes every four years", () => {
    expect(first("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2028-02-29T09:00", 3)).toEqual([
      "2028-02-29T09:00",
      "2032-02-29T09:00",
      "2036-02-29T09:00",
    ]);
  });

  it("every other week on two days, weeks starting on Monday", () => {
    expect(first("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "2027-01-05T09:00", 5)).toEqual([
      "2027-01-05T09:00",
      "2027-01-07T09:00",
      "2027-01-19T09:00",
      "2027-01-21T09:00",
      "2027-02-02T09:00",
    ]);
  });

  it("COUNT counts from DTSTART and UNTIL (a date) includes its day", () => {
    expect(first("FREQ=DAILY;COUNT=3", "2027-01-30T09:00", 10)).toEqual([
      "2027-01-30T09:00",
      "2027-01-31T09:00",
      "2027-02-01T09:00",
    ]);
    expect(first("FREQ=WEEKLY;UNTIL=20270119", "2027-01-05T09:00", 10)).toEqual([
      "2027-01-05T09:00",
      "2027-01-12T09:00",
      "2027-01-19T09:00",
    ]);
  });

  it("several times a day, in order", () => {
    expect(first("FREQ=DAILY;BYHOUR=15,9;BYMINUTE=0", "2027-01-05T09:00", 3)).toEqual([
      "2027-01-05T09:00",
      "2027-01-05T15:00",
      "2027-01-06T09:00",
    ]);
  });

  it("the last four weeks of each quarter's last month hold exactly four of each weekday", () => {
    const days = Array.from({ length: 28 }, (_, i) => i - 28).join(",");
    const mondays = first(`FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=${days};BYDAY=MO`, "2027-03-08T09:00", 8);
    expect(mondays).toEqual([
      "2027-03-08T09:00",
      "2027-03-15T09:00",
      "2027-03-22T09:00",
      "2027-03-29T09:00",
      "2027-06-07T09:00", // June 30 is a Wednesday: the window starts on Thursday 3
      "2027-06-14T09:00",
      "2027-06-21T09:00",
      "2027-06-28T09:00",
    ]);
  });

  it("excluded dates do not count towards BYSETPOS", () => {
    const rule = parseRRule("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3");
    const out: string[] = [];
    for (const t of expandRule(rule, wall("2027-01-06T10:00"), { excludeDates: new Set(["2027-01-01"]) })) {
      out.push(formatLocal(t));
      if (out.length === 2) break;
    }
    expect(out).toEqual(["2027-01-06T10:00", "2027-02-03T10:00"]);
  });

  it("a rule that can never occur ends instead of looping", () => {
    expect(first("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "2027-01-01T09:00", 1)).toEqual([]);
  });
});

describe("alignStart", () => {
  it("is the first occurrence at or after the given wall time", () => {
    const rule = parseRRule("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3;BYHOUR=10;BYMINUTE=0");
    expect(formatLocal(alignStart(rule, wall("2027-01-05T09:59")) as never)).toBe("2027-01-05T10:00");
    expect(formatLocal(alignStart(rule, wall("2027-01-05T10:01")) as never)).toBe("2027-02-03T10:00");
  });

  it("needs BYHOUR when the rule alone must give the time", () => {
    expect(() => alignStart(parseRRule("FREQ=WEEKLY;BYDAY=MO"), wall("2027-01-05T10:00"))).toThrow(
      /needs BYHOUR/,
    );
  });
});
