import { describe, expect, it } from "vitest";
import {
  addDays,
  businessDays,
  contains,
  daysBetween,
  localDate,
  parsePeriod,
  periodOf,
  quarterPeriod,
  shiftPeriod,
  yearPeriod,
} from "../../src/domain/period";

function period(key: string, fiscalStartMonth = 1) {
  const p = parsePeriod(key, fiscalStartMonth);
  if (!p) throw new Error(`test period ${key} does not parse`);
  return p;
}

describe("periods with the default January fiscal start", () => {
  it("parses months, quarters and fiscal years", () => {
    expect(parsePeriod("2026-03")).toEqual({
      kind: "month",
      key: "2026-03",
      start: "2026-03-01",
      end: "2026-03-31",
    });
    expect(parsePeriod("2026-q1")).toEqual({
      kind: "quarter",
      key: "2026-Q1",
      start: "2026-01-01",
      end: "2026-03-31",
    });
    expect(parsePeriod("FY2026")).toMatchObject({ start: "2026-01-01", end: "2026-12-31" });
    expect(parsePeriod("2028-02")?.end).toBe("2028-02-29");
    for (const bad of ["2026-13", "2026-00", "2026-Q5", "March", "26-03", ""])
      expect(parsePeriod(bad)).toBeNull();
  });

  it("shifts across year ends", () => {
    expect(shiftPeriod(period("2026-01"), -1).key).toBe("2025-12");
    expect(shiftPeriod(period("2026-Q4"), 1).key).toBe("2027-Q1");
    expect(shiftPeriod(period("FY2026"), -2).key).toBe("FY2024");
  });
});

describe("periods with a fiscal year starting in April", () => {
  const APRIL = 4;
  it("names the fiscal year by the calendar year it ends in", () => {
    // FY2026 = April 2025 … March 2026
    expect(yearPeriod(2026, APRIL)).toMatchObject({ start: "2025-04-01", end: "2026-03-31" });
    expect(quarterPeriod(2026, 1, APRIL)).toMatchObject({ start: "2025-04-01", end: "2025-06-30" });
    expect(quarterPeriod(2026, 4, APRIL)).toMatchObject({ start: "2026-01-01", end: "2026-03-31" });
    expect(parsePeriod("2026-Q2", APRIL)).toMatchObject({ start: "2025-07-01", end: "2025-09-30" });
  });

  it("finds the quarter and year that contain a date", () => {
    expect(periodOf("2026-03-31", "quarter", APRIL).key).toBe("2026-Q4");
    expect(periodOf("2026-04-01", "quarter", APRIL).key).toBe("2027-Q1");
    expect(periodOf("2026-04-01", "year", APRIL).key).toBe("FY2027");
    expect(periodOf("2025-12-15", "month", APRIL).key).toBe("2025-12");
  });

  it("shifts quarters across the fiscal year end", () => {
    expect(shiftPeriod(period("2026-Q4", APRIL), 1, APRIL)).toMatchObject({
      key: "2027-Q1",
      start: "2026-04-01",
    });
  });

  it("every date of a year falls in exactly the quarter periodOf names (February start)", () => {
    for (let d = "2025-01-01"; d <= "2026-12-31"; d = addDays(d, 1)) {
      const q = periodOf(d, "quarter", 2);
      expect(contains(q, d)).toBe(true);
      expect(parsePeriod(q.key, 2)).toEqual(q);
    }
  });
});

describe("day arithmetic", () => {
  it("adds days and counts between dates across month and leap-year ends", () => {
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2026-01-01", "2026-03-01")).toBe(59); // 31 + 28
    expect(daysBetween("2026-03-01", "2026-01-01")).toBe(-59);
  });

  it("counts Monday–Friday days, both ends included", () => {
    // 2026-11-23 is a Monday: Mon…Sun is 5 business days
    expect(businessDays("2026-11-23", "2026-11-29")).toBe(5);
    // a weekend alone has none
    expect(businessDays("2026-11-28", "2026-11-29")).toBe(0);
    // November 2026 starts on a Sunday: 4 full weeks (20) + Monday the 30th = 21
    expect(businessDays("2026-11-01", "2026-11-30")).toBe(21);
    expect(businessDays("2026-11-25", "2026-11-25")).toBe(1);
    expect(businessDays("2026-11-30", "2026-11-01")).toBe(0);
  });

  it("gives the calendar date of an instant in a time zone", () => {
    const instant = new Date("2026-03-01T03:00:00Z");
    expect(localDate(instant, "UTC")).toBe("2026-03-01");
    expect(localDate(instant, "America/New_York")).toBe("2026-02-28");
    expect(localDate(instant, "Asia/Tokyo")).toBe("2026-03-01");
  });
});
