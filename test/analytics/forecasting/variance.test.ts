import { describe, expect, it } from "vitest";
import type { DealCategory, DealVarianceRow } from "../../../src/analytics/forecasting/backtest";
import {
  buildVariance,
  dollars,
  groupThousands,
  varianceOfParts,
  variancePart,
} from "../../../src/analytics/forecasting/variance";
import type { Rep } from "../../../src/domain/crm";
import { rep } from "../builders";

function row(
  dealId: string,
  ownerId: number,
  category: DealCategory,
  forecast: number,
  actual: number,
): DealVarianceRow {
  return {
    dealId,
    name: null,
    ownerId,
    category,
    forecastCents: forecast,
    actualCents: actual,
    contributionCents: forecast - actual,
    asOfStage: "Proposal",
    asOfCloseDate: "2026-05-20",
    closeDate: "2026-05-20",
    isClosed: actual > 0,
    usedCurrentValues: dealId.endsWith("c"),
  };
}

describe("variance by parts", () => {
  const repsById = new Map<number, Rep>([
    [1, rep({ id: 1, name: "Ana", team: "West" })],
    [2, rep({ id: 2, name: "Bo", team: "West" })],
    [3, rep({ id: 3, name: "Cy", team: "East" })],
  ]);
  const ana = [row("A1", 1, "slipped", 500, 0), row("A2c", 1, "won", 300, 800), row("A3", 1, "lost", 200, 0)];
  const bo = [row("B1", 2, "slipped", 500, 0), row("B2", 2, "pulled_in_or_new", 0, 900)];
  const cy = [row("C1c", 3, "won", 100, 100), row("C2", 3, "slipped", 50, 0)];

  it("puts owners' parts together as the variance of all their rows", () => {
    const all = [...ana, ...bo, ...cy];
    const parts = [ana, bo, cy].map((rows) => variancePart(rows, repsById, 2));
    expect(varianceOfParts(parts, repsById, 1_000, 1_800, 30, 2)).toEqual(
      buildVariance(all, repsById, 1_000, 1_800, 30, 2),
    );
  });

  it("sums by team and category and keeps the top deals across parts", () => {
    const parts = [ana, bo, cy].map((rows) => variancePart(rows, repsById, 2));
    const v = varianceOfParts(parts, repsById, 0, 1_800, 30, 2);
    // F − A: 500 − 500 (won: 300 against 800) + 200 + 500 − 900 + 0 + 50 = −150
    expect(v.byDeal.totalCents).toBe(-150);
    expect(v.forecastCents).toBe(1_800 - 150);
    // West: Ana 1,000 − 800 and Bo 500 − 900 → 1,500 − 1,700; East: 150 − 100
    expect(v.byTeam.top.map((t) => [t.name, t.forecastCents, t.actualCents])).toEqual([
      ["West", 1_500, 1_700],
      ["East", 150, 100],
    ]);
    // by |F − A|: B2 (−900), then A1, A2c and B1 (500 each: by id)
    expect(v.byDeal.top.map((d) => d.dealId)).toEqual(["B2", "A1"]);
    expect(v.byDeal.otherCount).toBe(5);
    expect(v.dealsUsingCurrentValues).toBe(2);
    expect(v.byCategory.find((c) => c.category === "slipped")).toEqual({
      category: "slipped",
      deals: 3,
      contributionCents: 1_050,
    });
  });
});

describe("groupThousands and dollars", () => {
  it("groups whole numbers as toLocaleString('en-US') does", () => {
    expect(groupThousands(0)).toBe("0");
    expect(groupThousands(999)).toBe("999");
    expect(groupThousands(1000)).toBe("1,000");
    expect(groupThousands(12345)).toBe("12,345");
    expect(groupThousands(1234567)).toBe("1,234,567");
    for (const n of [7, 86, 512, 4096, 65536, 100000, 9007199254740991])
      expect(groupThousands(n)).toBe(n.toLocaleString("en-US"));
  });

  it("writes cents as whole dollars with a leading minus", () => {
    expect(dollars(123456789)).toBe("$1,234,568");
    expect(dollars(-250)).toBe("-$3");
    expect(dollars(49)).toBe("$0");
  });
});
