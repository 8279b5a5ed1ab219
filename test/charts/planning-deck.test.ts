import { describe, expect, it } from "vitest";
import {
  buildPlanningDeck,
  type PlanningDeckInput,
  planningDeckCharts,
} from "../../src/charts/deck/planning-deck";
import { attainmentPayload, forecastPayload, territoryPayload, traced } from "./payloads";
import { keep } from "./png";
import { slides, slideText, unzip } from "./zip";

function input(): PlanningDeckInput {
  const quarter = attainmentPayload();
  quarter.period = { key: "2026-Q4", kind: "quarter", start: "2026-10-01", end: "2026-12-31" };
  quarter.trend = [
    {
      period: { key: "2026-Q3", kind: "quarter", start: "2026-07-01", end: "2026-09-30" },
      complete: true,
      bookingsCents: 80_000_000,
      quotaCents: 100_000_000,
      attainment: 0.8,
      attainmentNullReason: null,
    },
  ];
  const next = forecastPayload();
  next.period = { key: "2027-Q1", kind: "quarter", start: "2027-01-01", end: "2027-03-31" };
  return {
    currency: "USD",
    timeZone: "UTC",
    executiveSummary: ["The Q1 plan asks for proportional quotas."],
    quarter: traced(quarter, "company", "2026-Q4"),
    nextQuarterForecast: traced(next, "company", "2027-Q1"),
    territory: traced(territoryPayload(), "company", "2027-Q1"),
  };
}

describe("the quarterly planning deck", () => {
  it("runs the executive session's agenda from the stored analyses", async () => {
    const figures = input();
    const charts = await planningDeckCharts(figures);
    const deck = await buildPlanningDeck(figures, charts);
    keep("QP-2027-Q1.pptx", deck);
    const files = unzip(deck);
    const text = slides(files).map(slideText);
    expect(text.map((t) => t.split(" ").slice(0, 3).join(" "))).toEqual([
      "Quarterly planning: Q1",
      "Executive summary Q4",
      "Q4 2026 performance:",
      "Q1 2027 revenue",
      "Territory plan for",
      "Quota allocation: fairness",
      "Rep-by-rep quotas 3",
      "Resource requirements and",
    ]);
    expect(text[2]).toContain("Q4 2026 performance: $900K booked, 90.0% of quota");
    expect(text[2]).toContain("Q3 2026 $800K 80.0%");
    // bridge: the quarter's bookings ($900K, complete) to the next quarter's base ($1.2M)
    expect(text[3]).toContain("Bridge: Q4 2026 bookings $900K → Q1 2027 base $1.2M (+33.3%)");
    expect(text[3]).toContain("Scenario variance 5.0% across the quota scenarios (target < 10%)");
    expect(text[4]).toContain("West 1 1.00 $4M $4M under-covered $600K 1.00 → 1.00");
    expect(text[5]).toContain("Quota allocation: fairness 0.60 now, 0.90 proposed (target > 0.85)");
    expect(text[6]).toContain("Nia Roy DACH 50% $1M $200K $130K $130K");
    const media = [...files.keys()].filter((n) => n.startsWith("ppt/media/") && n.endsWith(".png"));
    expect(media).toHaveLength(2);
    expect((await buildPlanningDeck(figures, charts)).equals(deck)).toBe(true);
  });

  it("refuses a forecast of another quarter than the one planned", async () => {
    const figures = input();
    figures.territory.payload.plannedPeriod.key = "2027-Q2";
    await expect(planningDeckCharts(figures)).rejects.toThrow(
      "planning deck: nextQuarterForecast is for 2027-Q1, not the planned quarter 2027-Q2",
    );
  });
});
