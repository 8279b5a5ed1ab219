import { describe, expect, it } from "vitest";
import {
  addDays,
  formatLocal,
  isoWeekday,
  parseLocal,
  toInstant,
  toLocal,
} from "../../src/rituals/local-time";

const wall = (text: string) => {
  const t = parseLocal(text);
  if (!t) throw new Error(`bad wall time ${text}`);
  return t;
};
const at = (text: string, zone: string) => toInstant(wall(text), zone).toISOString();

describe("wall time to instant", () => {
  it("an ordinary time takes the zone's offset of that day", () => {
    expect(at("2027-01-12T10:00", "America/New_York")).toBe("2027-01-12T15:00:00.000Z");
    expect(at("2027-07-12T10:00", "America/New_York")).toBe("2027-07-12T14:00:00.000Z");
    expect(at("2027-07-12T10:00", "Australia/Sydney")).toBe("2027-07-12T00:00:00.000Z");
    expect(at("2027-01-12T10:00", "Australia/Sydney")).toBe("2027-01-11T23:00:00.000Z");
  });

  it("a time in the spring-forward gap runs at the first valid time after it", () => {
    // New York 2027-03-14: 02:00 EST becomes 03:00 EDT.
    expect(at("2027-03-14T02:30", "America/New_York")).toBe("2027-03-14T07:00:00.000Z");
    expect(at("2027-03-14T02:00", "America/New_York")).toBe("2027-03-14T07:00:00.000Z");
    expect(at("2027-03-14T03:00", "America/New_York")).toBe("2027-03-14T07:00:00.000Z");
    // London 2027-03-28: 01:00 GMT becomes 02:00 BST.
    expect(at("2027-03-28T01:15", "Europe/London")).toBe("2027-03-28T01:00:00.000Z");
    // Sydney 2027-10-03: 02:00 AEST becomes 03:00 AEDT.
    expect(at("2027-10-03T02:45", "Australia/Sydney")).toBe("2027-10-02T16:00:00.000Z");
    expect(formatLocal(toLocal(new Date("2027-10-02T16:00:00Z"), "Australia/Sydney"))).toBe(
      "2027-10-03T03:00",
    );
  });

  it("an ambiguous time (fall back) runs at its first occurrence", () => {
    // New York 2027-11-07: 01:00-02:00 happens in EDT, then again in EST.
    expect(at("2027-11-07T01:30", "America/New_York")).toBe("2027-11-07T05:30:00.000Z");
    // London 2027-10-31: 01:00-02:00 BST, then GMT.
    expect(at("2027-10-31T01:30", "Europe/London")).toBe("2027-10-31T00:30:00.000Z");
    // Sydney 2027-04-04: 02:00-03:00 AEDT, then AEST.
    expect(at("2027-04-04T02:30", "Australia/Sydney")).toBe("2027-04-03T15:30:00.000Z");
  });

  it("instant to wall time and back is the identity outside the gap", () => {
    const zone = "Europe/London";
    for (let h = 0; h < 24 * 400; h += 7) {
      const instant = new Date(Date.UTC(2027, 0, 1) + h * 3_600_000);
      const local = toLocal(instant, zone);
      const back = toInstant(local, zone);
      // An ambiguous wall time maps to its first instant: at most an hour earlier.
      expect(instant.getTime() - back.getTime()).toBeGreaterThanOrEqual(0);
      expect(instant.getTime() - back.getTime()).toBeLessThanOrEqual(3_600_000);
      expect(toLocal(back, zone)).toEqual(local);
    }
  });
});

describe("calendar dates", () => {
  it("weekdays and day arithmetic", () => {
    expect(isoWeekday({ year: 2027, month: 1, day: 12 })).toBe(2);
    expect(isoWeekday({ year: 2027, month: 1, day: 17 })).toBe(7);
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2027, month: 3, day: 1 }, -1)).toEqual({ year: 2027, month: 2, day: 28 });
  });

  it("parseLocal refuses impossible dates and times", () => {
    expect(parseLocal("2027-02-29T10:00")).toBeNull();
    expect(parseLocal("2027-01-12T24:00")).toBeNull();
    expect(parseLocal("2027-01-12 10:00")).toBeNull();
    expect(parseLocal("2028-02-29T10:00:30")).toEqual({
      year: 2028,
      month: 2,
      day: 29,
      hour: 10,
      minute: 0,
      second: 30,
    });
  });
});
