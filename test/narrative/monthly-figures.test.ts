import { describe, expect, it } from "vitest";
import { deterministicSummary } from "../../src/narrative/deterministic-summary";
import { count, date, money, multiple, percent, period, text } from "../../src/narrative/figures";
import { type MonthlyReviewAnalyses, monthlyReviewFigures } from "../../src/narrative/monthly-figures";

const series = (
  source: "snapshots" | "submissions" | "backtest",
  mape: number | null,
  periodsAveraged: number,
) => ({
  source,
  horizonDays: 30,
  mape,
  periodsAveraged,
});

function analyses(overrides: Partial<MonthlyReviewAnalyses> = {}): MonthlyReviewAnalyses {
  return {
    currency: "USD",
    attainment: {
      period: { key: "2026-11", kind: "month", start: "2026-11-01", end: "2026-11-30" },
      asOfDate: "2026-12-03",
      bookingsCents: 123_456_700,
      quotaCents: 140_000_000,
      attainment: 0.8818,
    },
    forecast: {
      period: { key: "2026-12", kind: "month", start: "2026-12-01", end: "2026-12-31" },
      scenarios: { conservativeCents: 118_900_000, baseCents: 150_412_300, upsideCents: 181_250_000 },
      goal: { gapCents: 12_000_000 },
    },
    accuracy: {
      targetMape: 0.08,
      trend: {
        series: [
          series("snapshots", 0.05, 2),
          series("backtest", 0.0617, 12),
          series("submissions", 0.125, 12),
          { ...series("backtest", 0.2, 12), horizonDays: 60 },
        ],
      },
    },
    pipeline: { coverage: { ratio: 2.43, status: "below_healthy", healthyRatio: 3 } },
    dealRisk: {
      register: [
        {
          dealId: "006A",
          name: "Acme Corp — Platform renewal",
          amountCents: 34_012_300,
          summary: "pushed twice",
        },
        { dealId: "006B", name: null, amountCents: 21_000_000, summary: "stalled" },
        { dealId: "006C", name: "Third", amountCents: 1, summary: "" },
        { dealId: "006D", name: "Fourth", amountCents: 1, summary: "" },
      ],
    },
    dataQuality: { accuracy: 0.976, target: 0.98 },
    actionItems: null,
    ...overrides,
  };
}

describe("a monthly review's figures from the stored analyses", () => {
  it("take the closed month's close and accuracy and the month ahead's forecast, coverage and risks", () => {
    const f = monthlyReviewFigures(analyses());
    expect(f.period).toEqual(period("2026-11", "2026-11-01", "2026-11-30"));
    expect(f.asOf).toEqual(date("2026-12-03"));
    expect(f.close).toEqual({
      bookings: money(123_456_700),
      plan: money(140_000_000),
      attainment: percent(0.8818),
    });
    expect(f.forecast).toMatchObject({
      base: money(150_412_300),
      low: money(118_900_000),
      high: money(181_250_000),
    });
    expect(f.coverage).toEqual({ ratio: multiple(2.43), status: "below_healthy", healthy: multiple(3) });
    expect(f.accuracy).toEqual({
      horizon: count(30, "days"),
      ourMape: percent(0.0617),
      submittedMape: percent(0.125),
      target: percent(0.08),
    });
    expect(f.topRisks.map((r) => r.deal)).toEqual([
      text("Acme Corp — Platform renewal"),
      text("deal 006B"),
      text("Third"),
    ]);
    expect(f.actionItems).toBeNull();
  });

  it("use the bot's snapshots for our method once they cover three months, the backtest before", () => {
    const accuracy = (snapshotMonths: number) =>
      monthlyReviewFigures(
        analyses({
          accuracy: {
            targetMape: 0.08,
            trend: { series: [series("snapshots", 0.05, snapshotMonths), series("backtest", 0.0617, 12)] },
          },
        }),
      ).accuracy;
    expect(accuracy(2).ourMape).toEqual(percent(0.0617));
    expect(accuracy(3).ourMape).toEqual(percent(0.05));
    expect(accuracy(3).submittedMape).toBeNull();
  });

  it("leave a missing plan, attainment, coverage or data accuracy empty rather than zero", () => {
    const f = monthlyReviewFigures(
      analyses({
        attainment: { ...analyses().attainment, quotaCents: 0, attainment: null },
        pipeline: { coverage: { ratio: null, status: "quota_met", healthyRatio: 3 } },
        dataQuality: { accuracy: null, target: 0.98 },
        actionItems: { completion: 0.85, target: 0.8 },
      }),
    );
    expect(f.close.plan).toBeNull();
    expect(f.close.attainment).toBeNull();
    expect(f.coverage.ratio).toBeNull();
    expect(f.dataQuality.accuracy).toBeNull();
    expect(f.actionItems).toEqual({ completion: percent(0.85), target: percent(0.8) });
    expect(deterministicSummary(f)).toHaveLength(5);
  });
});
