import { describe, expect, it } from "vitest";
import { formatMoney, formatMoneyCompact, parseMoney } from "../../src/domain/money";

describe("parseMoney → integer cents", () => {
  it.each([
    ["$1,234.50", 123_450],
    ["1234.5", 123_450],
    ["1234", 123_400],
    [".5", 50],
    ["(200)", -20_000],
    ["-$5", -500],
    ["USD 1,000", 100_000],
    ["1,234,567.89", 123_456_789],
    // half a cent rounds away from zero, on the digits: 1.005 → 1.01
    ["1.005", 101],
    ["1.0049", 100],
    ["-2.345", -235],
  ])("%s → %s", (raw, cents) => {
    expect(parseMoney(raw)).toBe(cents);
  });

  it.each([
    ["1.234,50", 123_450],
    ["€1.234,5", 123_450],
    ["12 345,50", 1_234_550],
    ["1234,5", 123_450],
    ["(1.000,00)", -100_000],
  ])("with decimalComma %s → %s", (raw, cents) => {
    expect(parseMoney(raw, { decimalComma: true })).toBe(cents);
  });

  it.each(["", "  ", "abc", "12abc", "1,23", "1.2.3", "1e5", "$", "(-200)", "99999999999999999999"])(
    "%j is not money → null",
    (raw) => {
      expect(parseMoney(raw)).toBeNull();
    },
  );

  it("never returns negative zero", () => {
    expect(Object.is(parseMoney("-0.004"), 0)).toBe(true);
    expect(Object.is(parseMoney("-0"), 0)).toBe(true);
  });

  it("a dot is a thousands separator only with decimalComma", () => {
    expect(parseMoney("1.234,50")).toBeNull();
    expect(parseMoney("1,234.50", { decimalComma: true })).toBeNull();
  });
});

describe("formatting", () => {
  it("formats whole currency units and compact headlines", () => {
    expect(formatMoney(124_000_000)).toBe("$1,240,000");
    expect(formatMoney(1_050, "EUR")).toBe("€11");
    expect(formatMoneyCompact(124_000_000)).toBe("$1.24M");
    expect(formatMoneyCompact(85_000_000)).toBe("$850K");
  });
});
