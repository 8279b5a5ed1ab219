import { describe, expect, it } from "vitest";
import { formatLocal, parseLocal } from "../../src/rituals/local-time";
import { parseRRule } from "../../src/rituals/rrule";
import {
  DEFAULT_LEAD,
  type LeadTime,
  parseLeadTime,
  postsBetween,
  type Schedule,
  upcoming,
} from "../../src/rituals/schedule";

function schedule(rrule: string, dtstart: string, zone: string, more: Partial<Schedule> = {}): Schedule {
  const start = parseLocal(dtstart);
  if (!start) throw new Error(`bad dtstart ${dtstart}`);
  return {
    rule: parseRRule(rrule),
    dtstart: start,
    zone,
    skipDates: new Set(),
    lead: DEFAULT_LEAD,
    leadOnBusinessDay: false,
    ...more,
  };
}

const meetingsUtc = (s: Schedule, from: string, n: number) =>
  upcoming(s, new Date(from), n).map((o) => o.meetingAt.toISOString());
const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;

describe("a year of meetings across daylight saving", () => {
  const firstTuesdays = [
    "01-05",
    "02-02",
    "03-02",
    "04-06",
    "05-04",
    "06-01",
    "07-06",
    "08-03",
    "09-07",
    "10-05",
    "11-02",
    "12-07",
  ];

  it("America/New_York: 09:00 local all year, EST until 14 March and from 7 November", () => {
    const s = schedule("FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9;BYMINUTE=0", "2027-01-05T09:00", "America/New_York");
    const utcHour = (md: string) => (md < "03-14" || md >= "11-07" ? 14 : 13);
    expect(meetingsUtc(s, "2027-01-01T00:00:00Z", 12)).toEqual(
      firstTuesdays.map((md) => `2027-${md}T${utcHour(md)}:00:00.000Z`),
    );
    for (const o of upcoming(s, new Date("2027-01-01T00:00:00Z"), 12))
      expect(formatLocal(o.meetingLocal)).toMatch(/T09:00$/);
  });

  it("Europe/London: 09:00 local, BST from 28 March to 31 October", () => {
    const s = schedule("FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9;BYMINUTE=0", "2027-01-05T09:00", "Europe/London");
    const utcHour = (md: string) => (md < "03-28" || md >= "10-31" ? "09" : "08");
    expect(meetingsUtc(s, "2027-01-01T00:00:00Z", 12)).toEqual(
      firstTuesdays.map((md) => `2027-${md}T${utcHour(md)}:00:00.000Z`),
    );
  });

  it("Australia/Sydney (southern): summer time until 4 April and from 3 October", () => {
    const s = schedule("FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9;BYMINUTE=0", "2027-01-05T09:00", "Australia/Sydney");
    expect(meetingsUtc(s, "2027-01-01T00:00:00Z", 12)).toEqual([
      "2027-01-04T22:00:00.000Z",
      "2027-02-01T22:00:00.000Z",
      "2027-03-01T22:00:00.000Z",
      "2027-04-05T23:00:00.000Z",
      "2027-05-03T23:00:00.000Z",
      "2027-05-31T23:00:00.000Z",
      "2027-07-05T23:00:00.000Z",
      "2027-08-02T23:00:00.000Z",
      "2027-09-06T23:00:00.000Z",
      "2027-10-04T22:00:00.000Z",
      "2027-11-01T22:00:00.000Z",
      "2027-12-06T22:00:00.000Z",
    ]);
  });

  it("a daily 02:30 meeting is never skipped or doubled: the gap day runs at 03:00, the next days at 02:30", () => {
    const s = schedule("FREQ=DAILY;BYHOUR=2;BYMINUTE=30", "2027-01-01T02:30", "America/New_York");
    const year = upcoming(s, new Date("2027-01-01T00:00:00Z"), 365);
    expect(year).toHaveLength(365);
    const byDate = new Map(
      year.map((o) => [formatLocal(o.meetingLocal).slice(0, 10), formatLocal(o.meetingLocal)]),
    );
    expect(byDate.size).toBe(365);
    expect(byDate.get("2027-03-13")).toBe("2027-03-13T02:30");
    expect(byDate.get("2027-03-14")).toBe("2027-03-14T03:00");
    expect(byDate.get("2027-03-15")).toBe("2027-03-15T02:30");
    for (let i = 1; i < year.length; i++) {
      const gap = hours(year[i - 1]?.meetingAt as Date, year[i]?.meetingAt as Date);
      expect([23, 23.5, 24, 24.5, 25]).toContain(gap);
    }
  });

  it("an ambiguous 01:30 runs once, at the first 01:30", () => {
    const s = schedule("FREQ=DAILY;BYHOUR=1;BYMINUTE=30", "2027-11-06T01:30", "America/New_York");
    expect(meetingsUtc(s, "2027-11-06T00:00:00Z", 3)).toEqual([
      "2027-11-06T05:30:00.000Z",
      "2027-11-07T05:30:00.000Z", // EDT, the first of the two 01:30s
      "2027-11-08T06:30:00.000Z",
    ]);
  });

  it("two wall times in one gap are one meeting", () => {
    const s = schedule("FREQ=DAILY;BYHOUR=2;BYMINUTE=0,30", "2027-03-13T02:00", "America/New_York");
    expect(meetingsUtc(s, "2027-03-13T00:00:00Z", 4)).toEqual([
      "2027-03-13T07:00:00.000Z",
      "2027-03-13T07:30:00.000Z",
      "2027-03-14T07:00:00.000Z", // 02:00 and 02:30 both run at 03:00 EDT
      "2027-03-15T06:00:00.000Z",
    ]);
  });
});

describe("skip dates and business days", () => {
  it("an nth business day does not count a skip date", () => {
    const s = schedule(
      "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3;BYHOUR=10;BYMINUTE=0",
      "2026-12-03T10:00",
      "America/New_York",
      {
        skipDates: new Set(["2027-01-01", "2027-02-03"]),
      },
    );
    expect(upcoming(s, new Date("2026-12-01T00:00:00Z"), 4).map((o) => formatLocal(o.meetingLocal))).toEqual([
      "2026-12-03T10:00",
      "2027-01-06T10:00", // Fri 1 is skipped: Mon 4, Tue 5, Wed 6
      "2027-02-04T10:00", // Mon 1, Tue 2, (Wed 3 skipped), Thu 4
      "2027-03-03T10:00",
    ]);
  });

  it("the last business day before a skipped 31 December is the 30th", () => {
    const s = schedule(
      "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=16;BYMINUTE=0",
      "2027-11-30T16:00",
      "Europe/London",
      {
        skipDates: new Set(["2027-12-31"]),
      },
    );
    expect(upcoming(s, new Date("2027-11-01T00:00:00Z"), 2).map((o) => formatLocal(o.meetingLocal))).toEqual([
      "2027-11-30T16:00",
      "2027-12-30T16:00",
    ]);
  });

  it("any other meeting on a skip date moves to the next business day, past weekends and further skip dates", () => {
    const s = schedule("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0", "2027-01-11T09:00", "America/New_York", {
      skipDates: new Set(["2027-01-18", "2027-12-24", "2027-12-27", "2027-12-28"]),
    });
    const jan = upcoming(s, new Date("2027-01-11T00:00:00Z"), 3);
    expect(jan.map((o) => [formatLocal(o.meetingLocal), o.movedFrom])).toEqual([
      ["2027-01-11T09:00", undefined],
      ["2027-01-19T09:00", "2027-01-18"],
      ["2027-01-25T09:00", undefined],
    ]);
    const dec = upcoming(s, new Date("2027-12-20T00:00:00Z"), 3).map((o) => formatLocal(o.meetingLocal));
    expect(dec).toEqual(["2027-12-20T09:00", "2027-12-29T09:00", "2028-01-03T09:00"]);
  });

  it("a meeting moved onto a day that already has one is merged, never doubled", () => {
    const s = schedule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0", "2027-01-11T09:00", "UTC", {
      skipDates: new Set(["2027-01-13"]),
    });
    expect(upcoming(s, new Date("2027-01-11T00:00:00Z"), 4).map((o) => formatLocal(o.meetingLocal))).toEqual([
      "2027-01-11T09:00",
      "2027-01-12T09:00",
      "2027-01-14T09:00",
      "2027-01-15T09:00",
    ]);
  });
});

describe("lead time", () => {
  const sunday = (lead: LeadTime, more: Partial<Schedule> = {}) =>
    schedule("FREQ=WEEKLY;BYDAY=SU;BYHOUR=9;BYMINUTE=0", "2027-03-07T09:00", "America/New_York", {
      lead,
      ...more,
    });

  it("the default is the same local time the day before: 23 hours before the spring change, 25 before the autumn one", () => {
    const [spring] = upcoming(sunday(DEFAULT_LEAD), new Date("2027-03-14T00:00:00Z"), 1);
    expect(formatLocal(spring?.postLocal as never)).toBe("2027-03-13T09:00");
    expect(hours(spring?.postAt as Date, spring?.meetingAt as Date)).toBe(23);
    const [autumn] = upcoming(sunday(DEFAULT_LEAD), new Date("2027-11-07T00:00:00Z"), 1);
    expect(formatLocal(autumn?.postLocal as never)).toBe("2027-11-06T09:00");
    expect(hours(autumn?.postAt as Date, autumn?.meetingAt as Date)).toBe(25);
  });

  it("a lead in hours is exact elapsed time, whatever the wall clock does", () => {
    const s = schedule("FREQ=DAILY;BYHOUR=7;BYMINUTE=0", "2027-03-13T07:00", "America/New_York", {
      lead: parseLeadTime("6h"),
    });
    const [o] = upcoming(s, new Date("2027-03-14T00:00:00Z"), 1);
    expect(hours(o?.postAt as Date, o?.meetingAt as Date)).toBe(6);
    expect(formatLocal(o?.postLocal as never)).toBe("2027-03-14T00:00"); // 7 wall-clock hours earlier
  });

  it("on a business day: a post that would fall on a weekend or skip date moves to the business day before", () => {
    const monday = schedule("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0", "2027-01-11T09:00", "Europe/London", {
      leadOnBusinessDay: true,
      skipDates: new Set(["2027-01-15"]),
    });
    const [a, b] = upcoming(monday, new Date("2027-01-11T00:00:00Z"), 2);
    expect(formatLocal(a?.postLocal as never)).toBe("2027-01-08T09:00"); // Sunday → Friday
    expect(formatLocal(b?.postLocal as never)).toBe("2027-01-14T09:00"); // Sunday → Friday 15 skipped → Thursday
    const plain = upcoming({ ...monday, leadOnBusinessDay: false }, new Date("2027-01-11T00:00:00Z"), 1);
    expect(formatLocal(plain[0]?.postLocal as never)).toBe("2027-01-10T09:00");
  });

  it("parses days, hours and minutes and refuses anything else", () => {
    expect(parseLeadTime("1d")).toEqual({ unit: "days", amount: 1 });
    expect(parseLeadTime("6h")).toEqual({ unit: "minutes", amount: 360 });
    expect(parseLeadTime("90m")).toEqual({ unit: "minutes", amount: 90 });
    expect(() => parseLeadTime("1 day")).toThrow(/lead time "1 day" is not Nd, Nh or Nm/);
    expect(() => parseLeadTime("40d")).toThrow(/longer than 31 days/);
  });
});

describe("posts due in a window", () => {
  it("lists the occurrences whose post time falls in it, the meeting maybe after it", () => {
    const s = schedule("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0", "2027-01-11T09:00", "UTC");
    const due = postsBetween(s, new Date("2027-01-10T08:00:00Z"), new Date("2027-01-17T09:00:00Z"));
    expect(due.map((o) => [o.postAt.toISOString(), o.meetingAt.toISOString()])).toEqual([
      ["2027-01-10T09:00:00.000Z", "2027-01-11T09:00:00.000Z"],
      ["2027-01-17T09:00:00.000Z", "2027-01-18T09:00:00.000Z"],
    ]);
  });
});
