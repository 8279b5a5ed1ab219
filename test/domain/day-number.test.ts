import { describe, expect, it } from "vitest";
import { dateOfDay, dayNumber } from "../../src/domain/day-number";
import { addDays, daysBetween } from "../../src/domain/period";

const iso = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

describe("day numbers", () => {
  it("read and write every 37th day from year 100 to 9999 as Date does", () => {
    for (let day = -683_003; day <= 2_932_896; day += 37) {
      expect(dateOfDay(day)).toBe(iso(day));
      expect(dayNumber(iso(day))).toBe(day);
    }
  });

  it("count a datetime by its date", () => {
    expect(dayNumber("1970-01-02T23:59:59Z")).toBe(1);
    expect(dateOfDay(0)).toBe("1970-01-01");
    expect(dateOfDay(20_788)).toBe("2026-12-01");
  });

  it("keep addDays and daysBetween inverse across leap days and centuries", () => {
    for (const [from, days] of [
      ["2024-02-28", 1],
      ["2100-02-28", 1],
      ["2000-02-28", 1],
      ["2026-12-31", -366],
      ["1899-12-31", 1],
    ] as const) {
      const to = addDays(from, days);
      expect(to).toBe(iso(dayNumber(from) + days));
      expect(daysBetween(from, to)).toBe(days);
    }
  });
});
