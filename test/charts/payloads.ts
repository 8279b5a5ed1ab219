/**
 * Hand-built stored analyses for the chart and deck tests: small, with figures chosen so the
 * expected text can be worked out by hand, and each checked against its schema so they stay
 * payloads the refresh could have stored.
 */

import type { TracedAnalysis } from "../../src/charts/traced";
import {
  type AttainmentResult,
  type AttainmentRow,
  attainmentResultSchema,
} from "../../src/domain/analyses/attainment";
import {
  type DealRiskResult,
  dealRiskResultSchema,
  type RiskDeal,
} from "../../src/domain/analyses/deal-risk";
import { type ForecastResult, forecastResultSchema } from "../../src/domain/analyses/forecast";
import {
  type ForecastAccuracyResult,
  forecastAccuracyResultSchema,
} from "../../src/domain/analyses/forecast-accuracy";
import { type PipelineResult, pipelineResultSchema } from "../../src/domain/analyses/pipeline";
import { type TerritoryResult, territoryResultSchema } from "../../src/domain/analyses/territory";
import { type YearReviewResult, yearReviewResultSchema } from "../../src/domain/analyses/year-review";

export const AS_OF = "2026-11-04T06:00:00.000Z";

export function traced<T>(payload: T, scope = "company", period = "2026-10"): TracedAnalysis<T> {
  return { scope, period, asOf: AS_OF, importId: 7, definitionVersion: 3, payload };
}

const month = (key: string) => {
  const [y, m] = key.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { key, kind: "month" as const, start: `${key}-01`, end: `${key}-${String(last).padStart(2, "0")}` };
};

function row(dimension: string, name: string, bookings: number, quota: number, reps = 1): AttainmentRow {
  const attainment = quota > 0 ? bookings / quota : null;
  return {
    scope: `${dimension}:${name}`,
    name,
    reps,
    bookingsCents: bookings,
    quotaCents: quota,
    attainment,
    attainmentNullReason: attainment === null ? "no_quota" : null,
    projectedAttainment: attainment,
    projectedNullReason: attainment === null ? "no_quota" : null,
    band: null,
  };
}

/**
 * October 2026, five reps with quota and one without: bookings $900K against $1M (90%), bands
 * 1 / 2 / 0 / 1 / 1.
 */
export function attainmentPayload(): AttainmentResult {
  return attainmentResultSchema.parse({
    period: month("2026-10"),
    asOfDate: "2026-11-04",
    periodComplete: true,
    reps: 6,
    bookingsCents: 90_000_000,
    wonDeals: 12,
    quotaCents: 100_000_000,
    attainment: 0.9,
    attainmentNullReason: null,
    pace: {
      businessDaysElapsed: 22,
      businessDaysInPeriod: 22,
      expectedToDateCents: 100_000_000,
      varianceToPaceCents: -10_000_000,
      paceRatio: 0.9,
      paceNullReason: null,
    },
    projection: {
      openDeals: 0,
      openPipelineCents: 0,
      source: "closed_bookings",
      projectedBookingsCents: 90_000_000,
      projectedAttainment: 0.9,
      projectedNullReason: null,
    },
    dealFigures: null,
    breakdown: [
      {
        dimension: "region",
        rows: [
          row("region", "Americas", 60_000_000, 60_000_000, 3),
          row("region", "EMEA", 30_000_000, 40_000_000, 3),
        ],
      },
      {
        dimension: "team",
        rows: [
          row("team", "West", 60_000_000, 60_000_000, 3),
          row("team", "DACH", 30_000_000, 40_000_000, 3),
        ],
      },
    ],
    topPerformers: [
      {
        rank: 1,
        rep: "Ana Lima",
        team: "West",
        bookingsCents: 39_000_000,
        quotaCents: 30_000_000,
        attainment: 1.3,
      },
      {
        rank: 2,
        rep: "Ben Ueda",
        team: "DACH",
        bookingsCents: 22_000_000,
        quotaCents: 20_000_000,
        attainment: 1.1,
      },
    ],
    atRiskReps: {
      threshold: 0.7,
      reps: [
        {
          rep: "Cleo Park",
          team: "West",
          bookingsCents: 4_000_000,
          quotaCents: 10_000_000,
          attainment: 0.4,
          projectedAttainment: 0.4,
          projectedGapCents: 6_000_000,
        },
      ],
    },
    distribution: {
      bands: [
        { band: "below_50", label: "<50%", fromRatio: null, toRatio: 0.5, reps: 1 },
        { band: "50_80", label: "50–80%", fromRatio: 0.5, toRatio: 0.8, reps: 2 },
        { band: "80_100", label: "80–100%", fromRatio: 0.8, toRatio: 1, reps: 0 },
        { band: "100_120", label: "100–120%", fromRatio: 1, toRatio: 1.2, reps: 1 },
        { band: "above_120", label: ">120%", fromRatio: 1.2, toRatio: null, reps: 1 },
      ],
      repsWithoutQuota: 1,
    },
    trend: [],
  });
}

/**
 * Accuracy of October 2026 over 12 months of submitted forecasts made 30 days ahead; the first
 * month has no forecast. MAPE 6.1%, bias +2.5%.
 */
export function forecastAccuracyPayload(): ForecastAccuracyResult {
  const keys = [
    "2025-11",
    "2025-12",
    "2026-01",
    "2026-02",
    "2026-03",
    "2026-04",
    "2026-05",
    "2026-06",
    "2026-07",
    "2026-08",
    "2026-09",
    "2026-10",
  ];
  const points = keys.map((period, i) => {
    const actual = 100_000_000 + i * 5_000_000;
    const forecast = i === 0 ? null : actual + 6_000_000;
    return {
      period,
      forecastCents: forecast,
      actualCents: actual,
      errorCents: forecast === null ? null : forecast - actual,
      ape: forecast === null ? null : (forecast - actual) / actual,
    };
  });
  const series = (source: "snapshots" | "submissions" | "backtest", horizonDays: number) => ({
    source,
    horizonDays,
    points,
    mape: 0.061,
    wape: 0.058,
    bias: 0.025,
    reason: null,
    periodsAveraged: 11,
    periodsWithForecast: 11,
    zeroActualPeriods: [],
  });
  const variance = { top: [], otherCount: 0, otherCents: 0, totalCents: 6_000_000 };
  return forecastAccuracyResultSchema.parse({
    scope: "company",
    period: month("2026-10"),
    asOf: AS_OF,
    actualCents: 155_000_000,
    targetMape: 0.08,
    headline: {
      horizonDays: 30,
      source: "submissions",
      sourceLabel: "submitted forecasts",
      mape: 0.061,
      meetsTarget: true,
      wape: 0.058,
      bias: 0.025,
      biasDirection: "over_forecasting",
      reason: null,
      periodsAveraged: 11,
      leadReason:
        "our method does not beat the run rate at 30 days for this scope, so the submitted calls lead",
      compared: [{ source: "backtest", sourceLabel: "our method", mape: 0.061, periodsAveraged: 11 }],
      history: { periodsWithBookings: 12, wonDeals: 140, sufficient: true, reason: null },
    },
    horizons: [30, 60, 90].map((h) => ({
      horizonDays: h,
      sources: [
        {
          source: "submissions",
          forecastCents: 161_000_000,
          reason: null,
          madeOn: "2026-10-01",
          horizonDays: h,
          submittedBy: "Ugo Patel",
          errorCents: 6_000_000,
          ape: 6 / 155,
          apeReason: null,
        },
        {
          source: "snapshots",
          forecastCents: null,
          reason: "the bot took no snapshot for this period",
          madeOn: null,
          horizonDays: null,
          submittedBy: null,
          errorCents: null,
          ape: null,
          apeReason: "no forecast",
        },
      ],
    })),
    trend: {
      periodKind: "month",
      periods: keys,
      series: [series("backtest", 30), series("submissions", 30)],
    },
    skill: [30, 60, 90].map((h) => ({
      horizonDays: h,
      periodKind: "month",
      ourMape: 0.061,
      naiveMape: 0.05,
      ratio: 1.22,
      periodsCompared: 11,
      beatsNaive: false,
      reason: null,
    })),
    variance: {
      source: "submissions",
      horizonDays: 30,
      forecastCents: 161_000_000,
      actualCents: 155_000_000,
      varianceCents: 6_000_000,
      byCategory: [],
      byTeam: {
        top: [
          { name: "West", forecastCents: 90_000_000, actualCents: 82_000_000, contributionCents: 8_000_000 },
          { name: "DACH", forecastCents: 71_000_000, actualCents: 73_000_000, contributionCents: -2_000_000 },
        ],
        otherCount: 0,
        otherCents: 0,
        totalCents: 6_000_000,
      },
      byRep: variance,
      byDeal: variance,
      dealsUsingCurrentValues: 0,
      note: "",
    },
    notes: [],
  });
}

/** Open pipeline closing November 2026 in three stages: $1.5M in 30 deals; coverage 2.5× of $600K. */
export function pipelinePayload(): PipelineResult {
  return pipelineResultSchema.parse({
    period: month("2026-11"),
    asOfDate: "2026-11-04",
    openPipeline: { deals: 30, amountCents: 150_000_000 },
    coverage: {
      quotaCents: 100_000_000,
      bookingsToDateCents: 40_000_000,
      remainingQuotaCents: 60_000_000,
      ratio: 2.5,
      healthyRatio: 3,
      status: "below_healthy",
    },
    stages: [
      { stage: "Discovery", deals: 15, amountCents: 70_000_000, stageWinRate: 0.3 },
      { stage: "Proposal", deals: 10, amountCents: 50_000_000, stageWinRate: 0.6 },
      { stage: "Negotiation", deals: 5, amountCents: 30_000_000, stageWinRate: 0.8 },
    ],
    velocity: {
      window: { start: "2025-11-04", end: "2026-11-03" },
      openDeals: 40,
      winRate: 0.25,
      averageDealSizeCents: 5_000_000,
      salesCycleDays: 60,
      centsPerDay: 833_333,
      nullReason: null,
    },
    aging: {
      buckets: [{ label: "0–30 days", fromDays: 0, toDays: 30, deals: 30, amountCents: 150_000_000 }],
      averageAgeDays: 20,
      stageAge: {
        available: false,
        dealsWithHistory: 0,
        dealsWithoutHistory: 30,
        averageDays: null,
        byStage: [],
        note: "no stage history",
      },
    },
    pushed: {
      grain: "month",
      deals: 4,
      amountCents: 20_000_000,
      shareOfDeals: 4 / 30,
      dealsWithHistory: 30,
      top: [],
    },
    generation: { weekly: [], monthly: [] },
  });
}

/** November 2026: conservative $1.0M, base $1.2M, upside $1.4M against a $1.3M target (gap $100K). */
export function forecastPayload(): ForecastResult {
  return forecastResultSchema.parse({
    scope: "company",
    period: month("2026-11"),
    asOf: AS_OF,
    inProgress: true,
    daysToPeriodEnd: 26,
    wonToDateCents: 40_000_000,
    methods: {
      stageWeighted: {
        amountCents: 120_000_000,
        weightedOpenCents: 80_000_000,
        openDeals: 30,
        openAmountCents: 150_000_000,
      },
      runRate: {
        amountCents: 110_000_000,
        reason: null,
        meanCents: 110_000_000,
        basePeriods: [],
        seasonal: {
          factor: null,
          samePeriodLastYear: "2025-11",
          samePeriodLastYearCents: null,
          previousPeriods: [],
          reason: "less than a year of history",
        },
        flooredAtWonToDate: false,
      },
      monteCarlo: {
        p10Cents: 100_000_000,
        p50Cents: 120_000_000,
        p90Cents: 140_000_000,
        meanCents: 120_000_000,
        draws: 1000,
        seed: 1,
        openDeals: 30,
        slowedDeals: 0,
        exactDeals: 30,
        approximatedDeals: 0,
        newBusiness: { remainingFraction: 0.87, samples: [], meanCents: 0, reason: null },
      },
    },
    scenarios: { conservativeCents: 100_000_000, baseCents: 120_000_000, upsideCents: 140_000_000 },
    ensemble: {
      pointCents: 117_000_000,
      weighting: "equal",
      reason: "no backtest",
      backtestHorizonDays: 30,
      backtestPeriods: [],
      weights: [
        { method: "stage_weighted", valueCents: 120_000_000, weight: 1 / 3, backtestMape: null },
        { method: "run_rate", valueCents: 110_000_000, weight: 1 / 3, backtestMape: null },
        { method: "monte_carlo", valueCents: 120_000_000, weight: 1 / 3, backtestMape: null },
      ],
    },
    goal: {
      targetCents: 130_000_000,
      gapCents: 10_000_000,
      pipelineNeededCents: 33_333_333,
      firstStage: "Discovery",
      firstStageWinRate: 0.3,
      reason: null,
    },
    assumptions: {
      stageWinRates: [{ stage: "Discovery", rate: 0.3, source: "observed", reached: 100 }],
      slipFactor: 0.7,
      stageAgeP90Days: [],
      draws: 1000,
      seed: 1,
      labels: ["Stage win rates from the trailing 12 months.", "Every method includes bookings already won."],
    },
  });
}

function riskDeal(i: number): RiskDeal {
  const amount = 10_000_000 - i * 100_000;
  const score = 80 - i;
  return {
    dealId: `OPP-${String(i + 1).padStart(4, "0")}`,
    name: `Deal ${i + 1}`,
    accountId: i + 1,
    accountName: `Account ${i + 1}`,
    ownerId: 1,
    ownerName: i % 2 === 0 ? "Ana Lima" : "Ben Ueda",
    amountCents: amount,
    closeDate: "2026-11-27",
    stage: "Proposal",
    score,
    factors: [
      {
        code: "pushed_repeatedly",
        points: 30,
        reason: "pushed twice",
        mitigation: "re-confirm close date with the champion",
      },
    ],
    notAssessed: [],
    summary: "pushed twice",
    revenueAtRiskCents: Math.round((amount * score) / 100),
    executiveFlag: i < 2,
  };
}

/** A register of `deals` deals, the first two flagged for an executive. */
export function dealRiskPayload(deals = 20): DealRiskResult {
  const register = Array.from({ length: deals }, (_, i) => riskDeal(i));
  return dealRiskResultSchema.parse({
    asOfDate: "2026-11-04",
    period: { key: "2026-11", start: "2026-11-01", end: "2026-11-30" },
    openDealCount: 30,
    openAmountCents: 150_000_000,
    revenueAtRiskCents: register.reduce((s, d) => s + d.revenueAtRiskCents, 0) + 1_000_000,
    registerRevenueAtRiskCents: register.reduce((s, d) => s + d.revenueAtRiskCents, 0),
    register,
    flaggedCount: 2,
    flaggedDealIds: register.filter((d) => d.executiveFlag).map((d) => d.dealId),
    interventionSlaHours: 48,
    thresholds: {
      executiveScore: 70,
      executiveAmountCents: 9_000_000,
      averageDealSizeCents: 5_000_000,
      registerSize: 20,
    },
    factorPoints: [{ code: "pushed_repeatedly", points: 30 }],
  });
}

/** FY2026 through 4 November: $12M booked against $15M of quota, 20% up on last year; two months forecast. */
export function yearReviewPayload(): YearReviewResult {
  const fig = (value: number | null, reason: string | null = null) => ({ value, reason });
  return yearReviewResultSchema.parse({
    asOfDate: "2026-11-04",
    year: { key: "FY2026", start: "2026-01-01", end: "2026-12-31" },
    through: "2026-11-04",
    yearToDate: true,
    summary: {
      bookingsCents: 1_200_000_000,
      quotaCents: 1_500_000_000,
      attainment: fig(0.8),
      winRate: fig(0.25),
      dealsWon: 300,
      dealsLost: 900,
      averageDealSize: fig(4_000_000),
      previousYearBookingsCents: 1_000_000_000,
      growth: fig(0.2),
    },
    funnel: [{ from: "Discovery", to: "Proposal", reached: 1000, advanced: 600, rate: 0.6 }],
    stageTimes: [{ stage: "Proposal", stays: 600, medianDays: 21, meanDays: 25.5 }],
    bottlenecks: [{ stage: "Proposal", stays: 600, medianDays: 21, meanDays: 25.5 }],
    winLossBySegment: [{ name: "Enterprise", won: 100, lost: 400, winRate: 0.2, bookingsCents: 800_000_000 }],
    winLossByProduct: [
      { name: "Platform", won: 300, lost: 900, winRate: 0.25, bookingsCents: 1_200_000_000 },
    ],
    retention: {
      from: "2025-12-31",
      to: "2026-11-04",
      baseAccounts: 100,
      churnedAccounts: 10,
      grossRevenueRetention: fig(0.9),
      logoRetention: fig(0.9),
      source: "contracts",
    },
    forecasting: {
      horizonDays: 30,
      months: [
        {
          period: "2026-09",
          forecastCents: 110_000_000,
          submittedAt: "2026-09-01",
          horizonDays: 30,
          actualCents: 100_000_000,
          errorCents: 10_000_000,
          ape: 0.1,
        },
        {
          period: "2026-10",
          forecastCents: null,
          submittedAt: null,
          horizonDays: null,
          actualCents: 120_000_000,
          errorCents: null,
          ape: null,
        },
      ],
      mape: fig(0.1),
      bias: fig(0.1),
      mapeTarget: 0.08,
    },
    lessons: [
      { code: "largest_bottleneck", text: "Deals spend longest in Proposal: median 21 days", value: 21 },
    ],
  });
}

/** Q1 2027 planning: two teams, three reps, the West under-covered; fairness 0.6 now, 0.9 proposed. */
export function territoryPayload(): TerritoryResult {
  const fig = (value: number | null) => ({ value, reason: null });
  const rep = (
    repId: number,
    name: string,
    team: string,
    ramp: number,
    potential: number,
    current: number,
    proposed: number,
  ) => ({
    repId,
    name,
    team,
    hireDate: null,
    rampFactor: ramp,
    fullyRamped: ramp === 1,
    trailingBookingsCents: potential / 2,
    openPipelineCents: potential / 2,
    potentialCents: potential,
    currentQuotaCents: current,
    proposedQuotaCents: proposed,
    cappedQuotaCents: proposed,
    currentQuotaToPotential: current / potential,
    proposedQuotaToPotential: proposed / potential,
  });
  return territoryResultSchema.parse({
    asOfDate: "2026-11-04",
    plannedPeriod: { key: "2027-Q1", start: "2027-01-01", end: "2027-03-31" },
    previousPeriod: "2026-Q4",
    trailingWindow: { start: "2025-10-01", end: "2026-11-04" },
    rampSchedule: [0.25, 0.5, 0.75],
    medianPotentialPerRepCents: 200_000_000,
    territories: [
      {
        team: "West",
        repCount: 1,
        rampedHeadcount: 1,
        trailingBookingsCents: 200_000_000,
        openPipelineCents: 200_000_000,
        potentialCents: 400_000_000,
        potentialPerRepCents: 400_000_000,
        coverageGap: "under_covered",
        teamQuotaCents: 60_000_000,
        quotaSource: "planned_quarter",
        fairnessCurrent: fig(1),
        fairnessProposed: fig(1),
      },
      {
        team: "DACH",
        repCount: 2,
        rampedHeadcount: 1.5,
        trailingBookingsCents: 150_000_000,
        openPipelineCents: 150_000_000,
        potentialCents: 300_000_000,
        potentialPerRepCents: 200_000_000,
        coverageGap: "balanced",
        teamQuotaCents: 40_000_000,
        quotaSource: "planned_quarter",
        fairnessCurrent: fig(0.7),
        fairnessProposed: fig(0.95),
      },
    ],
    reps: [
      rep(1, "Ana Lima", "West", 1, 400_000_000, 60_000_000, 60_000_000),
      rep(2, "Ben Ueda", "DACH", 1, 200_000_000, 20_000_000, 27_000_000),
      rep(3, "Nia Roy", "DACH", 0.5, 100_000_000, 20_000_000, 13_000_000),
    ],
    fairness: { current: fig(0.6), proposed: fig(0.9), capped: fig(0.8), target: 0.85 },
    scenarios: [
      {
        code: "keep_current",
        name: "Keep current",
        description: "quotas as imported",
        totalPlanCents: 100_000_000,
        fairness: fig(0.6),
      },
      {
        code: "proportional",
        name: "Proportional to potential",
        description: "split by potential × ramp",
        totalPlanCents: 100_000_000,
        fairness: fig(0.9),
      },
    ],
    scenarioVariance: fig(0.05),
    scenarioVarianceTarget: 0.1,
  });
}
