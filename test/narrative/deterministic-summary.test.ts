import { describe, expect, it } from "vitest";
import { checkAgainstFigures } from "../../src/narrative/check-figures";
import { deterministicSummary } from "../../src/narrative/deterministic-summary";
import { money, multiple, type NarrativeFigures, percent } from "../../src/narrative/figures";
import { monthlyFigures, planningFigures, yearEndFigures } from "./fixtures";

describe("deterministic summary of a monthly review", () => {
  it("says what happened, the forecast, its accuracy, the biggest risk and what needs a decision", () => {
    expect(deterministicSummary(monthlyFigures())).toEqual([
      "November closed at $1.23M against a $1.4M plan: 88% attainment.",
      "December forecast: $1.5M base (P10 $1.19M to P90 $1.81M), $120K short of goal; coverage 2.4x against 3.0x.",
      "30-day forecast error (MAPE): our method 6.2% (within the 8% target), submitted calls 13%.",
      "Biggest risk: Acme Corp — Platform renewal ($340K), pushed twice, no activity 19 days.",
      "Needs a decision: how to close the $120K gap to goal; pipeline coverage 2.4x is below 3.0x; action items 75% done against 80%; data accuracy 97.6% against 98%.",
    ]);
  });

  it("says so when there is no plan, no risk, no forecast history and nothing off target", () => {
    const lines = deterministicSummary(
      monthlyFigures({
        close: { bookings: money(50_000_000), plan: null, attainment: null },
        forecast: {
          ...monthlyFigures().forecast,
          gapToGoal: money(-2_500_000),
        },
        accuracy: { ...monthlyFigures().accuracy, ourMape: null, submittedMape: null },
        coverage: { ratio: multiple(3.4), status: "healthy", healthy: multiple(3) },
        topRisks: [],
        actionItems: null,
        dataQuality: { accuracy: percent(0.991), target: percent(0.98) },
      }),
    );
    expect(lines).toEqual([
      "November closed at $500K; no plan was set for the month.",
      "December forecast: $1.5M base (P10 $1.19M to P90 $1.81M), $25K above goal; coverage 3.4x against 3.0x.",
      "No 30-day forecast error yet: no completed month has a forecast to compare.",
      "No open deal closing in December carries a risk factor.",
      "No decision forced by the numbers: no action items tracked, data accuracy 99.1%.",
    ]);
  });

  it("calls a met quota by its name instead of an infinite coverage", () => {
    const lines = deterministicSummary(
      monthlyFigures({ coverage: { ratio: null, status: "quota_met", healthy: multiple(3) } }),
    );
    expect(lines[1]).toContain("quota already met");
  });
});

describe("deterministic summary of the other rituals", () => {
  it("gives a planning check-in its week, quarter, scenarios, fairness and decisions", () => {
    expect(deterministicSummary(planningFigures())).toEqual([
      "Week 2 of 4 planning Q1 FY2027: scenarios and models.",
      "Q4 FY2026 so far: $3.2M booked against a $4M plan (80%).",
      "Scenarios: Keep current $4.5M, Proportional $4.6M; spread 2.2% (within the 10% target).",
      "Quota fairness 0.81 (off the 0.85 target) as proposed, 0.78 today.",
      "Needs a decision: West under-covered; fairness below 0.85.",
    ]);
  });

  it("gives a year-end review its year, growth, forecasting, retention and lessons", () => {
    expect(deterministicSummary(yearEndFigures())).toEqual([
      "FY2026 through Dec 4: $14.2M booked against a $15M quota, 94.7% attainment.",
      "Up 12% on last year's $12.7M; 182 deals won at a 31% win rate, $78K on average.",
      "Forecasting: 30-day MAPE 9.1% (off the 8% target).",
      "Gross revenue retention 91.2%.",
      "Lessons: Deals spend longest in Negotiation: median 23 days.",
    ]);
  });
});

describe("the template and the check agree", () => {
  const sets: [string, NarrativeFigures][] = [
    ["monthly", monthlyFigures()],
    [
      "monthly without plan or risks",
      monthlyFigures({ close: { bookings: money(1), plan: null, attainment: null }, topRisks: [] }),
    ],
    ["planning", planningFigures()],
    ["year-end", yearEndFigures()],
  ];
  it.each(sets)("the %s template states only figures it was given, as five lines", (_, figures) => {
    const lines = deterministicSummary(figures);
    expect(lines).toHaveLength(5);
    expect(checkAgainstFigures(lines.join("\n"), figures)).toEqual([]);
  });
});
