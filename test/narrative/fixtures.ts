import {
  count,
  date,
  type MonthlyReviewFigures,
  money,
  multiple,
  type PlanningCheckInFigures,
  percent,
  period,
  score,
  text,
  type YearEndFigures,
} from "../../src/narrative/figures";

/** A monthly review's figures, written by hand so each test can say what a rounding must give. */
export function monthlyFigures(overrides: Partial<MonthlyReviewFigures> = {}): MonthlyReviewFigures {
  return {
    ritual: "monthly-review",
    currency: "USD",
    period: period("2026-11", "2026-11-01", "2026-11-30"),
    asOf: date("2026-12-04"),
    close: { bookings: money(123_456_700), plan: money(140_000_000), attainment: percent(0.8818) },
    forecast: {
      period: period("2026-12", "2026-12-01", "2026-12-31"),
      base: money(150_412_300),
      low: money(118_900_000),
      high: money(181_250_000),
      gapToGoal: money(12_000_000),
    },
    accuracy: {
      horizon: count(30, "days"),
      ourMape: percent(0.0617),
      submittedMape: percent(0.125),
      target: percent(0.08),
    },
    coverage: { ratio: multiple(2.43), status: "below_healthy", healthy: multiple(3) },
    topRisks: [
      {
        deal: text("Acme Corp — Platform renewal"),
        amount: money(34_012_300),
        reason: text("pushed twice, no activity 19 days"),
      },
      { deal: text("Globex expansion"), amount: money(21_000_000), reason: text("stalled in Negotiation") },
    ],
    actionItems: { completion: percent(0.75), target: percent(0.8) },
    dataQuality: { accuracy: percent(0.976), target: percent(0.98) },
    ...overrides,
  };
}

export function planningFigures(): PlanningCheckInFigures {
  return {
    ritual: "planning-check-in",
    currency: "USD",
    asOf: date("2026-12-08"),
    plannedPeriod: period("2027-Q1", "2027-01-01", "2027-03-31"),
    week: count(2, "weeks"),
    weeksInCycle: count(4, "weeks"),
    weekGoal: text("scenarios and models"),
    currentQuarter: {
      period: period("2026-Q4", "2026-10-01", "2026-12-31"),
      bookings: money(320_000_000),
      plan: money(400_000_000),
      attainment: percent(0.8),
    },
    scenarios: [
      { name: text("Keep current"), totalPlan: money(450_000_000) },
      { name: text("Proportional"), totalPlan: money(460_000_000) },
    ],
    scenarioVariance: percent(0.0222),
    scenarioVarianceTarget: percent(0.1),
    fairness: { current: score(0.78), proposed: score(0.812), target: score(0.85) },
    coverageGaps: [{ team: text("West"), gap: "under_covered" }],
  };
}

export function yearEndFigures(): YearEndFigures {
  return {
    ritual: "year-end-review",
    currency: "USD",
    asOf: date("2026-12-04"),
    year: period("FY2026", "2026-01-01", "2026-12-31"),
    through: date("2026-12-04"),
    bookings: money(1_420_000_000),
    quota: money(1_500_000_000),
    attainment: percent(0.9467),
    previousYearBookings: money(1_270_000_000),
    growth: percent(0.118),
    winRate: percent(0.31),
    dealsWon: count(182, "deals"),
    averageDealSize: money(7_802_000),
    forecastHorizon: count(30, "days"),
    forecastMape: percent(0.091),
    mapeTarget: percent(0.08),
    grossRevenueRetention: percent(0.912),
    lessons: [text("Deals spend longest in Negotiation: median 23 days")],
  };
}
