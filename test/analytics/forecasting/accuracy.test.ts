import { describe, expect, it } from "vitest";
import { computeForecastAccuracy, forecastAccuracy } from "../../../src/analytics/forecasting/accuracy";
import { localMidnightMs, madeAt } from "../../../src/analytics/forecasting/accuracy-sources";
import {
  horizonDaysOf,
  selectForHorizon,
  skillRatio,
  summarizeAccuracy,
} from "../../../src/analytics/forecasting/accuracy-stats";
import { firstPushDate, rowAsOf } from "../../../src/analytics/forecasting/as-of";
import { cutoffIndex } from "../../../src/analytics/forecasting/close-rates";
import { columnsOfRows, dayColumns } from "../../../src/analytics/forecasting/history-days";
import { analysisContext } from "../../../src/analytics/prepare/context";
import { prepare } from "../../../src/analytics/prepare/prepare";
import type { ForecastAccuracyResult } from "../../../src/domain/analyses/forecast-accuracy";
import type { CloseDateChange, Dataset, ForecastSnapshot, StageChange } from "../../../src/domain/crm";
import { dayNumber } from "../../../src/domain/day-number";
import { closeDateChanges, dataset, deal, prepared, rep, stageChanges } from "../builders";
import { payloadFor, twoRepsWithStageRates } from "../results";

const $ = (dollars: number) => dollars * 100;
const TODAY = "2026-11-15"; // previous month 2026-10 (ends 10-31): t30 = 10-01, t60 = 09-01, t90 = 08-02
/** The 12 trend months before TODAY's month. */
const TREND_MONTHS = [
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

/** Reps Ana (West) and Bo (East); two far-future open deals fix the stage win rates via CRM probability. */
function base(): Dataset {
  return twoRepsWithStageRates("2027-06-01");
}

/**
 * The October case, stage rates Discovery 0.2, Proposal 0.5:
 *  D1 Ana  $10,000 won 10-10; on 10-01 it was in Proposal closing 10-15 → F 5,000, A 10,000 (won: −5,000)
 *  D2 Bo   $20,000 open Discovery closing 10-20, no history → F 4,000, still open (slipped: +4,000)
 *  D3 Ana  $30,000 lost 10-25; on 10-01 Proposal closing 10-25 → F 15,000 (lost: +15,000)
 *  D4 Bo    $5,000 created 10-05, won 10-28 → not in the forecast (pulled in/new: −5,000)
 *  D5 Ana   $8,000 won 10-01 (= t) → already booked: F 8,000 = A 8,000
 * F30 = 5,000 + 4,000 + 15,000 + 8,000 = 32,000; A = 10,000 + 5,000 + 8,000 = 23,000; F − A = 9,000.
 */
function october(): Dataset {
  const ds = base();
  ds.deals.push(
    deal({
      id: "D1",
      ownerId: 1,
      stage: "Closed Won",
      amountCents: $(10_000),
      createdDate: "2026-09-01",
      closeDate: "2026-10-10",
    }),
    deal({
      id: "D2",
      ownerId: 2,
      stage: "Discovery",
      amountCents: $(20_000),
      createdDate: "2026-09-05",
      closeDate: "2026-10-20",
    }),
    deal({
      id: "D3",
      ownerId: 1,
      stage: "Closed Lost",
      amountCents: $(30_000),
      createdDate: "2026-08-01",
      closeDate: "2026-10-25",
    }),
    deal({
      id: "D4",
      ownerId: 2,
      stage: "Closed Won",
      amountCents: $(5_000),
      createdDate: "2026-10-05",
      closeDate: "2026-10-28",
    }),
    deal({
      id: "D5",
      ownerId: 1,
      stage: "Closed Won",
      amountCents: $(8_000),
      createdDate: "2026-09-15",
      closeDate: "2026-10-01",
    }),
  );
  ds.stageHistory.push(
    ...stageChanges("D1", [
      ["Discovery", "2026-09-01"],
      ["Proposal", "2026-09-20T10:00:00Z"],
      ["Closed Won", "2026-10-10"],
    ]),
    ...stageChanges("D3", [
      ["Proposal", "2026-08-01"],
      ["Closed Lost", "2026-10-25"],
    ]),
  );
  ds.closeDateHistory.push(
    ...closeDateChanges("D1", [
      ["2026-10-15", "2026-09-01"],
      ["2026-10-10", "2026-10-10"],
    ]),
    ...closeDateChanges("D3", [["2026-10-25", "2026-08-01"]]),
  );
  return ds;
}

/**
 * Each month's bookings as `perMonth` equal won deals created on the 10th and won on the 20th:
 * no backtest forecast made 30 or more days before a month's end sees them, so the backtest
 * forecasts 0 (APE 1) and the run rate has only the bookings to go on.
 */
function bookMonths(ds: Dataset, dollarsByMonth: Record<string, number>, ownerId = 1, perMonth = 10): void {
  for (const [m, dollars] of Object.entries(dollarsByMonth))
    for (let i = 0; i < perMonth; i++)
      ds.deals.push(
        deal({
          ownerId,
          stage: "Closed Won",
          amountCents: $(dollars / perMonth),
          createdDate: `${m}-10`,
          closeDate: `${m}-20`,
        }),
      );
}

/**
 * Fifteen months of Ana's bookings, $10,000 a month except July $16,000, September $13,000 and
 * October $12,000 (2026). The run rate at 30 days for October (cutoff 10-02: July, August,
 * September) is $13,000; at 60 (cutoff 09-02: June–August) and at 90 (cutoff 08-03: May–July)
 * $12,000.
 */
function steady(): Dataset {
  const ds = base();
  const dollars: Record<string, number> = {};
  for (const m of ["2025-08", "2025-09", "2025-10", ...TREND_MONTHS]) dollars[m] = 10_000;
  Object.assign(dollars, { "2026-07": 16_000, "2026-09": 13_000, "2026-10": 12_000 });
  bookMonths(ds, dollars);
  return ds;
}

function result(ds: Dataset, scope: string, period: string, today = TODAY): ForecastAccuracyResult {
  return payloadFor(computeForecastAccuracy(prepared(ds, today)), scope, period);
}

/** The backtest's stage-weighted part (won by t + open × in-period close rate) for a scope, period and horizon. */
function stageWeighted(
  ds: Dataset,
  scope: string,
  period: string,
  horizonIndex: number,
  today = TODAY,
): number {
  const bt = prepared(ds, today).backtest;
  const at = bt.cal.byKey.get(period);
  if (!at) throw new Error(`no period ${period}`);
  return (
    bt.byScope.get(scope)?.stageWeighted[cutoffIndex(bt.cutoffs, at.kind, at.index, horizonIndex)] ??
    Number.NaN
  );
}

function source(r: ForecastAccuracyResult, horizon: number, name: string) {
  const s = r.horizons.find((h) => h.horizonDays === horizon)?.sources.find((x) => x.source === name);
  if (!s) throw new Error(`no ${name} at ${horizon}`);
  return s;
}

function assertClean(payload: unknown) {
  const text = JSON.stringify(payload);
  expect(text).not.toMatch(/NaN|Infinity/);
  expect(() => forecastAccuracy.schema.parse(JSON.parse(text))).not.toThrow();
}

describe("accuracy arithmetic", () => {
  it("computes MAPE, WAPE and bias over three periods", () => {
    // F/A: 110/100, 180/200, 330/300 → APE 0.10, 0.10, 0.10 → MAPE 0.10
    // WAPE = (10 + 20 + 30) / 600 = 0.10; bias = (10 − 20 + 30) / 600 = 20/600 = 0.0333…
    const s = summarizeAccuracy([
      { period: "a", forecastCents: 110, actualCents: 100 },
      { period: "b", forecastCents: 180, actualCents: 200 },
      { period: "c", forecastCents: 330, actualCents: 300 },
    ]);
    expect(s.mape).toBeCloseTo(0.1, 12);
    expect(s.wape).toBeCloseTo(0.1, 12);
    expect(s.bias).toBeCloseTo(20 / 600, 12);
    expect(s.periodsAveraged).toBe(3);
  });

  it("lists periods with zero actuals instead of averaging them", () => {
    // APE of b is undefined (A = 0): MAPE = mean(0.5) over a only; WAPE = (50 + 40) / 100 = 0.9
    const s = summarizeAccuracy([
      { period: "a", forecastCents: 150, actualCents: 100 },
      { period: "b", forecastCents: 40, actualCents: 0 },
      { period: "c", forecastCents: null, actualCents: 500 },
    ]);
    expect(s.mape).toBeCloseTo(0.5, 12);
    expect(s.zeroActualPeriods).toEqual(["b"]);
    expect(s.wape).toBeCloseTo(0.9, 12);
    expect(s.bias).toBeCloseTo(0.9, 12);
    expect(s.periodsWithForecast).toBe(2);
  });

  it("gives MAPE 0 when forecasts equal actuals, and null with a reason when nothing can be averaged", () => {
    const exact = summarizeAccuracy([
      { period: "a", forecastCents: 700, actualCents: 700 },
      { period: "b", forecastCents: 300, actualCents: 300 },
    ]);
    expect([exact.mape, exact.wape, exact.bias]).toEqual([0, 0, 0]);
    const none = summarizeAccuracy([{ period: "a", forecastCents: 10, actualCents: 0 }]);
    expect(none.mape).toBeNull();
    expect(none.bias).toBeNull();
    expect(none.reason).toMatch(/zero bookings/);
  });

  it("picks the forecast whose horizon is closest to and not less than h", () => {
    // period ends 10-31 (the instant 11-01 00:00), h = 30 → made at or before 10-02 00:00; the
    // latest such is 09-25 (37 days), not 10-05 (27)
    const f = (madeOn: string, amountCents: number) => ({
      madeOn,
      startOfDay: true,
      atMs: Date.parse(madeOn),
      amountCents,
      by: null,
      at: madeOn,
    });
    const list = [f("2026-08-01", 1), f("2026-09-25", 2), f("2026-10-05", 3)];
    expect(selectForHorizon(list, "2026-10-31", 30)?.amountCents).toBe(2);
    expect(selectForHorizon(list, "2026-10-31", 60)?.amountCents).toBe(1);
    expect(selectForHorizon(list, "2026-10-31", 120)).toBeNull();
  });
});

describe("as-of reconstruction", () => {
  const stages = stageChanges("X", [
    ["Discovery", "2026-09-01"],
    ["Proposal", "2026-09-20T10:00:00Z"],
  ]);
  const closes = closeDateChanges("X", [
    ["2026-10-15", "2026-09-01"],
    ["2026-11-20", "2026-10-02"],
  ]);

  /** one deal's rows as the backtest reads them: the value in force at the end of `t`, or `current` without history */
  function asOf<T>(rows: T[] | undefined, valueOfRow: (h: T) => string, atOf: (h: T) => string) {
    const h = dayColumns(columnsOfRows(1, () => rows, valueOfRow, atOf));
    return (t: string, current: string) => {
      const r = rowAsOf(h, h.first[0] as number, h.first[1] as number, dayNumber(t));
      return r < 0 ? current : (h.values[h.value[r] as number] as string);
    };
  }
  const stageOf = (rows: StageChange[] | undefined) =>
    asOf(
      rows,
      (h) => h.stage,
      (h) => h.enteredAt,
    );
  const closeOf = (rows: CloseDateChange[] | undefined) =>
    asOf(
      rows,
      (h) => h.closeDate,
      (h) => h.changedAt,
    );

  it("reads the stage and close date in force at the end of the day", () => {
    expect(stageOf(stages)("2026-09-19", "Negotiation")).toBe("Discovery");
    // entered at 10:00 on 09-20: in force at the end of that day
    expect(stageOf(stages)("2026-09-20", "Negotiation")).toBe("Proposal");
    // the last second of a day is on it; the next day, date-only or at midnight, is not
    const late = stageChanges("Y", [
      ["Discovery", "2026-12-31T23:59:59Z"],
      ["Proposal", "2027-01-01"],
      ["Negotiation", "2027-01-01T00:00:00Z"],
    ]);
    expect(stageOf(late)("2026-12-30", "Won")).toBe("Discovery");
    expect(stageOf(late)("2026-12-31", "Won")).toBe("Discovery");
    expect(stageOf(late)("2027-01-01", "Won")).toBe("Negotiation");
    expect(closeOf(closes)("2026-10-01", "2026-12-01")).toBe("2026-10-15");
    expect(closeOf(closes)("2026-10-02", "2026-12-01")).toBe("2026-11-20");
    // before the first entry: the earliest recorded value
    expect(closeOf(closes)("2026-08-01", "2026-12-01")).toBe("2026-10-15");
  });

  it("falls back to current values without history", () => {
    expect(stageOf(undefined)("2026-09-19", "Negotiation")).toBe("Negotiation");
    expect(closeOf([])("2026-09-19", "2026-12-01")).toBe("2026-12-01");
  });

  it("finds the first push to a later month", () => {
    expect(firstPushDate(closes)).toBe("2026-10-02");
    expect(
      firstPushDate(
        closeDateChanges("Y", [
          ["2026-10-15", "2026-09-01"],
          ["2026-10-30", "2026-09-10"],
        ]),
      ),
    ).toBeNull();
  });
});

describe("forecast-accuracy analysis", () => {
  it("rebuilds the backtest forecast at 30, 60 and 90 days from history", () => {
    const ds = october();
    const r = result(ds, "company", "2026-10");
    expect(r.actualCents).toBe($(23_000));
    // Stage-weighted part (too few deals to learn close rates: the stages' priors 0.2 and 0.5).
    // t = 10-01: 5,000 + 4,000 + 15,000 + won D5 8,000 = 32,000
    // t = 09-01: D1 (created 09-01) in Discovery closing 10-15 → 10,000 × 0.2 = 2,000; D3 15,000 → 17,000
    // t = 08-02: only D3 existed → 15,000
    expect([0, 1, 2].map((h) => stageWeighted(ds, "company", "2026-10", h))).toEqual([
      $(32_000),
      $(17_000),
      $(15_000),
    ]);
    // The blend, equal weights (no earlier month with bookings to score the methods on):
    // 30 days: run rate = mean of Aug and Sep (the data starts in August) = 0, floored at won-to-date
    // 8,000; Monte Carlo mean = 32,000 (nothing pushed, no new business before) → (32 + 8 + 32) / 3 = 24,000
    const b30 = source(r, 30, "backtest");
    expect(b30.forecastCents).toBe($(24_000));
    expect(b30.madeOn).toBe("2026-10-01");
    expect(b30.errorCents).toBe($(1_000));
    expect(b30.ape).toBeCloseTo(1_000 / 23_000, 12);
    // 60 days: run rate of August alone = 0, nothing won by 09-01 → (17,000 + 0 + 17,000) / 3
    expect(source(r, 60, "backtest").forecastCents).toBe(Math.round($(34_000) / 3));
    // 90 days: no completed month with data by 08-02, so no run rate → (15,000 + 15,000) / 2
    expect(source(r, 90, "backtest").forecastCents).toBe($(15_000));
    assertClean(r);
  });

  it("splits F − A into contributors that sum exactly to it", () => {
    const v = result(october(), "company", "2026-10").variance;
    expect(v.varianceCents).toBe($(9_000));
    const cat = Object.fromEntries(v.byCategory.map((c) => [c.category, c.contributionCents]));
    expect(cat).toEqual({ won: $(-5_000), slipped: $(4_000), lost: $(15_000), pulled_in_or_new: $(-5_000) });
    const sum = (xs: { contributionCents: number }[]) => xs.reduce((s, x) => s + x.contributionCents, 0);
    expect(sum(v.byCategory)).toBe(v.varianceCents);
    expect(sum(v.byRep.top) + v.byRep.otherCents).toBe(v.varianceCents);
    expect(sum(v.byTeam.top) + v.byTeam.otherCents).toBe(v.varianceCents);
    expect(sum(v.byDeal.top) + v.byDeal.otherCents).toBe(v.varianceCents);
    // Ana: −5,000 + 15,000 = +10,000; Bo: +4,000 − 5,000 = −1,000; ranked by absolute contribution
    expect(v.byRep.top.map((c) => [c.name, c.contributionCents])).toEqual([
      ["Ana", $(10_000)],
      ["Bo", $(-1_000)],
    ]);
    expect(v.byDeal.top[0]?.dealId).toBe("D3");
    expect(v.byDeal.top.find((d) => d.dealId === "D2")?.usedCurrentValues).toBe(true);
    expect(v.dealsUsingCurrentValues).toBe(1);
  });

  it("keeps contributor totals exact with more deals than the top list shows", () => {
    // 16 won deals without history count at the first stage's rate (0.2), 9 open ones at Proposal's (0.5): 25 rows
    const ds = base();
    for (let i = 0; i < 25; i++)
      ds.deals.push(
        deal({
          ownerId: 1 + (i % 2),
          stage: i % 3 ? "Closed Won" : "Proposal",
          amountCents: 12_345 + i * 777,
          createdDate: "2026-09-01",
          closeDate: `2026-10-${String(2 + i).padStart(2, "0")}`,
        }),
      );
    const r = result(ds, "company", "2026-10");
    const v = r.variance;
    expect(v.byDeal.top).toHaveLength(10);
    expect(v.byDeal.otherCount).toBe(15);
    const total = v.byDeal.top.reduce((s, d) => s + d.contributionCents, 0) + v.byDeal.otherCents;
    expect(total).toBe(v.forecastCents - v.actualCents);
    // the contributors round each deal's share to the cent, the backtest its stage totals: ≤ 1 cent a row apart
    expect(Math.abs(v.forecastCents - stageWeighted(ds, "company", "2026-10", 0))).toBeLessThanOrEqual(25);
    const blended = (source(r, 30, "backtest").forecastCents ?? 0) / 100;
    expect(v.note).toContain(`$${Math.round(blended).toLocaleString("en-US")}`);
  });

  it("backtests a deal closed now without history at the first stage, not its closed stage", () => {
    const ds = base();
    ds.deals.push(
      deal({
        id: "W",
        ownerId: 1,
        stage: "Closed Won",
        amountCents: $(10_000),
        createdDate: "2026-09-01",
        closeDate: "2026-10-20",
      }),
      // won before the period although it was forecast to close in it
      deal({
        id: "E",
        ownerId: 2,
        stage: "Closed Won",
        amountCents: $(1_000),
        createdDate: "2026-08-01",
        closeDate: "2026-08-20",
      }),
    );
    ds.closeDateHistory.push(
      ...closeDateChanges("E", [
        ["2026-10-10", "2026-08-01"],
        ["2026-08-20", "2026-08-20"],
      ]),
    );
    const r = result(ds, "company", "2026-10");
    // W: 10,000 × Discovery 0.2 = 2,000 (its current stage, Closed Won, would say 10,000).
    // E: closed 08-20, before t30 = 10-01, outside October → nothing at 30 days; at 90 days (t = 08-02)
    // it was open, closing 10-10, at the first stage: 1,000 × 0.2 = 200, plus W not yet created.
    // Plus the 30-day new business: E, created 08-01 after August's t30 (07-02) and won in August,
    // over the months with data by 10-01 (August, September): (1,000 + 0) / 2 = 500.
    expect(stageWeighted(ds, "company", "2026-10", 0)).toBe($(2_500));
    expect(stageWeighted(ds, "company", "2026-10", 2)).toBe($(200));
    // blended at 30 days: run rate (Aug 1,000 + Sep 0) / 2 = 500, Monte Carlo 2,000 + 500 → (2,500 + 500 + 2,500) / 3
    expect(source(r, 30, "backtest").forecastCents).toBe(Math.round($(5_500) / 3));
    // at 90 days no month had closed with data: stage-weighted and Monte Carlo, both 200
    expect(source(r, 90, "backtest").forecastCents).toBe($(200));
    const w = r.variance.byDeal.top.find((d) => d.dealId === "W");
    expect(w).toMatchObject({
      category: "won",
      asOfStage: "Discovery",
      usedCurrentValues: true,
      contributionCents: $(-8_000),
    });
  });

  it("cuts the same figures by team and rep scope", () => {
    const west = result(october(), "team:West", "2026-10");
    // Ana only: stage-weighted 5,000 + 15,000 + 8,000 = 28,000; A = 10,000 + 8,000 = 18,000
    expect(stageWeighted(october(), "team:West", "2026-10", 0)).toBe($(28_000));
    // blended: run rate 0 floored at won-to-date 8,000, Monte Carlo 28,000 → (28 + 8 + 28) / 3
    expect(source(west, 30, "backtest").forecastCents).toBe(Math.round($(64_000) / 3));
    expect(west.actualCents).toBe($(18_000));
    expect(west.variance.varianceCents).toBe($(10_000));
    const bo = result(october(), "rep:Bo", "2026-10");
    expect(bo.variance.varianceCents).toBe($(-1_000));
  });

  it("chooses snapshots and submissions per horizon, and says why one is missing", () => {
    const ds = october();
    const snap = (takenOn: string, amount: number, method = "ensemble"): ForecastSnapshot => ({
      takenOn,
      period: "2026-10",
      scope: "company",
      method,
      amountCents: $(amount),
    });
    ds.snapshots.push(
      snap("2026-08-01", 40_000),
      snap("2026-09-25", 25_000),
      snap("2026-10-05", 23_000),
      snap("2026-10-01", 1, "run_rate"),
    );
    ds.submissions.push(
      {
        submittedBy: "vp@x",
        scope: "company",
        period: "2026-10",
        amountCents: $(20_000),
        submittedAt: "2026-09-30T23:00:00Z",
      },
      {
        submittedBy: "vp@x",
        scope: "company",
        period: "2026-10",
        amountCents: $(99_000),
        submittedAt: "2026-10-20T09:00:00Z",
      },
    );
    const r = result(ds, "company", "2026-10");
    const s30 = source(r, 30, "snapshots");
    // made at the start of 09-25: 37 days before the instant October ends (11-01 00:00)
    expect([s30.forecastCents, s30.madeOn, s30.horizonDays]).toEqual([$(25_000), "2026-09-25", 37]);
    expect(s30.errorCents).toBe($(2_000));
    expect(source(r, 60, "snapshots").forecastCents).toBe($(40_000));
    expect(source(r, 90, "snapshots").madeOn).toBe("2026-08-01");
    const sub30 = source(r, 30, "submissions");
    expect([sub30.forecastCents, sub30.submittedBy, sub30.horizonDays]).toEqual([$(20_000), "vp@x", 31]);
    expect(source(r, 60, "submissions").forecastCents).toBeNull();
    expect(source(r, 60, "submissions").reason).toMatch(/60 or more days/);
    const west = result(ds, "team:West", "2026-10");
    expect(source(west, 30, "submissions").reason).toMatch(/no forecast was submitted/);
    assertClean(r);
  });

  it("dates a submission by the workspace's local day", () => {
    const ds = october();
    // 03:00 UTC on 10-02 is still 10-01 in Los Angeles: 30 days before 10-31, so it counts at 30 days
    ds.submissions.push({
      submittedBy: "rvp",
      scope: "company",
      period: "2026-10",
      amountCents: $(21_000),
      submittedAt: "2026-10-02T03:00:00Z",
    });
    const inZone = (timeZone: string) => {
      const ctx = analysisContext(new Date(`${TODAY}T12:00:00Z`), { timeZone });
      const r = computeForecastAccuracy(prepare(ds, ctx)).find((x) => x.scope === "company" && x.isDefault);
      return r ? source(r.payload, 30, "submissions") : null;
    };
    expect(inZone("America/Los_Angeles")?.madeOn).toBe("2026-10-01");
    expect(inZone("America/Los_Angeles")?.forecastCents).toBe($(21_000));
    expect(inZone("UTC")?.forecastCents).toBeNull();
  });

  it("reports MAPE 0 and balanced bias when the snapshots matched every month's bookings", () => {
    const ds = base();
    const snapshots: ForecastSnapshot[] = [];
    // a year of growing bookings, so the run rate lags and the snapshots beat it
    const months = TREND_MONTHS;
    months.forEach((m, i) => {
      const amount = $(1_000 * (i + 1));
      bookMonths(ds, { [m]: 1_000 * (i + 1) });
      snapshots.push({
        takenOn: `${months[i - 1] ?? "2025-10"}-01`,
        period: m,
        scope: "company",
        method: "ensemble",
        amountCents: amount,
      });
    });
    ds.snapshots = snapshots;
    const r = result(ds, "company", "2026-10");
    expect(r.headline.source).toBe("snapshots");
    expect(r.headline.leadReason).toBe("the bot's own forecast, from its daily snapshots");
    expect(r.headline.mape).toBe(0);
    expect(r.headline.meetsTarget).toBe(true);
    expect(r.headline.biasDirection).toBe("balanced");
    expect(r.headline.periodsAveraged).toBe(12);
    expect(r.headline.history.sufficient).toBe(true);
  });

  it("says a scope has too little history instead of printing a headline figure", () => {
    // October's data reaches back to August, and only October had bookings: 1 of 3 months, 3 deals won
    const r = result(october(), "company", "2026-10");
    expect(r.headline.source).toBe("backtest");
    expect(r.headline.mape).toBeNull();
    expect(r.headline.meetsTarget).toBeNull();
    expect(r.headline.compared).toEqual([]);
    expect(r.headline.history).toEqual({
      periodsWithBookings: 1,
      wonDeals: 3,
      sufficient: false,
      reason:
        "too little history for a meaningful figure: 1 of 3 months had bookings (6 needed); 3 deals won over them, fewer than 10 a month, so a single deal moves a month's bookings by a tenth or more",
    });
    expect(r.headline.reason).toBe(r.headline.history.reason);
    // the trend keeps the figure for the detail: APE = (24,000 − 23,000) / 23,000
    const t = r.trend.series.find((x) => x.source === "backtest" && x.horizonDays === 30);
    expect(t?.mape).toBeCloseTo(1_000 / 23_000, 12);
    expect(r.trend.periods[0]).toBe("2026-08"); // the first month the data reaches
  });

  it("lists a period with zero actuals and leaves its APE undefined", () => {
    const ds = base();
    ds.deals.push(
      deal({
        ownerId: 1,
        stage: "Closed Lost",
        amountCents: $(4_000),
        createdDate: "2026-08-01",
        closeDate: "2026-10-20",
      }),
    );
    const r = result(ds, "company", "2026-10");
    expect(r.actualCents).toBe(0);
    const b = source(r, 30, "backtest");
    expect(b.ape).toBeNull();
    expect(b.apeReason).toMatch(/zero/);
    const t = r.trend.series.find((s) => s.source === "backtest" && s.horizonDays === 30);
    expect(t?.zeroActualPeriods).toContain("2026-10");
    expect(t?.mape).toBeNull();
    expect(r.headline.meetsTarget).toBeNull();
    assertClean(r);
  });

  it("stores the previous month as default and the previous quarter, for every scope", () => {
    const out = forecastAccuracy.compute(prepared(october(), TODAY)).results;
    // scopes: company, team:East, team:West, rep:Ana, rep:Bo → 5 × 2 results
    expect(out).toHaveLength(10);
    expect(out.filter((r) => r.isDefault).map((r) => r.period)).toEqual(Array(5).fill("2026-10"));
    const q = out.find((r) => r.scope === "company" && r.period === "2026-Q3")?.payload;
    expect(q?.trend.periodKind).toBe("quarter");
    // Q3 ends 09-30; t30 = 08-31: D3 open in Proposal closing 10-25, outside Q3 → F = 0, A = 0
    expect(q && source(q, 30, "backtest").forecastCents).toBe(0);
    for (const r of out) assertClean(r.payload);
  });

  it("gives defined answers for an empty dataset and a single open deal", () => {
    const empty = forecastAccuracy.compute(prepared(dataset(), TODAY)).results;
    expect(empty.map((r) => r.scope)).toEqual(["company", "company"]);
    for (const r of empty) {
      assertClean(r.payload);
      expect(r.payload.actualCents).toBe(0);
      expect(r.payload.headline.mape).toBeNull();
      expect(r.payload.variance.varianceCents).toBe(0);
    }
    const single = dataset({ reps: [rep({ id: 1, name: "Solo" })], deals: [deal({ ownerId: 1 })] });
    for (const r of forecastAccuracy.compute(prepared(single, TODAY)).results) assertClean(r.payload);
  });

  it("renders a readable text table", () => {
    const r = result(october(), "company", "2026-10");
    const text = forecastAccuracy.renderText(r, { scope: "company", period: "2026-10", currency: "USD" });
    expect(text).toContain("Actual bookings: $23,000");
    expect(text).toContain("$24,000");
    expect(text).toContain("30-day MAPE: n/a");
    expect(text).toContain("too little history for a meaningful figure: 1 of 3 months had bookings");
    expect(text).toMatch(/backtest\s+30d\s+4\.3%/);
    expect(text).toContain("pulled in or new");
  });

  it("computes the backtest once per refresh", () => {
    const p = prepared(october(), TODAY);
    expect(p.backtest).toBe(p.backtest);
  });
});

describe("naive run rate, skill and horizons", () => {
  it("forecasts the mean of the three full months before the cutoff, and 3 × that for a quarter", () => {
    const r = result(steady(), "company", "2026-10");
    const n30 = source(r, 30, "naive");
    expect([n30.forecastCents, n30.madeOn, n30.horizonDays]).toEqual([$(13_000), "2026-10-01", 30]);
    expect(n30.errorCents).toBe($(1_000)); // October booked $12,000
    expect(source(r, 60, "naive").forecastCents).toBe($(12_000));
    expect(source(r, 90, "naive").forecastCents).toBe($(12_000));
    // Q3 at 30 days: cutoff 09-01, so June, July, August: 3 × (10,000 + 16,000 + 10,000) / 3
    const q3 = result(steady(), "company", "2026-Q3");
    expect(q3.actualCents).toBe($(39_000));
    expect(source(q3, 30, "naive").forecastCents).toBe($(36_000));
    expect(r.trend.series.filter((t) => t.source === "naive").map((t) => t.horizonDays)).toEqual([
      30, 60, 90,
    ]);
    assertClean(r);
  });

  it("has no run rate before three months of data", () => {
    // the data starts 2025-08-10: November 2025's 30-day run rate (August–October) is there,
    // a 90-day one (cutoff 2025-09-02: June–August) is not
    const r = result(steady(), "company", "2026-10");
    const nov = (h: number) =>
      r.trend.series.find((t) => t.source === "naive" && t.horizonDays === h)?.points[0];
    expect(nov(30)).toMatchObject({ period: "2025-11", forecastCents: $(10_000) });
    expect(nov(90)).toMatchObject({ period: "2025-11", forecastCents: null });
  });

  it("divides our MAPE by the run rate's over the periods both forecast", () => {
    // ours 150/100 (APE 0.5), 100/200 (0.5); naive 125/100 (0.25), 100/200 (0.5); a third period
    // without a naive forecast is left out of both: ratio = 0.5 / 0.375
    const pts = (fs: (number | null)[]) =>
      fs.map((f, i) => ({ period: `p${i}`, forecastCents: f, actualCents: [100, 200, 300][i] as number }));
    const s = skillRatio(pts([150, 100, 0]), pts([125, 100, null]));
    expect(s).toEqual({
      ourMape: 0.5,
      naiveMape: 0.375,
      ratio: 0.5 / 0.375,
      periodsCompared: 2,
      reason: null,
    });
    expect(skillRatio(pts([150, 100]), pts([100, 200])).reason).toMatch(/exact/);
    expect(skillRatio(pts([null]), pts([100])).periodsCompared).toBe(0);
  });

  it("stores the skill ratio per horizon, hand-computed over the trend", () => {
    const r = result(steady(), "company", "2026-10");
    // ours: the backtested ensemble's own trend (its figures are hand-computed in backtest.test.ts).
    // Naive at 30 days: exact but for July 6/16, August 2/10 (May–July mean 12,000),
    // September 1/13 (June–August 12,000), October 1/12
    const naiveMape = (6 / 16 + 2 / 10 + 1 / 13 + 1 / 12) / 12;
    const ours = r.trend.series.find((t) => t.source === "backtest" && t.horizonDays === 30)?.mape as number;
    const s30 = r.skill.find((s) => s.horizonDays === 30);
    expect(s30?.periodKind).toBe("month");
    expect(s30?.ourMape).toBeCloseTo(ours, 12);
    expect(ours).toBeGreaterThan(naiveMape);
    expect(s30?.naiveMape).toBeCloseTo(naiveMape, 12);
    expect(s30?.ratio).toBeCloseTo(ours / naiveMape, 9);
    expect(s30?.periodsCompared).toBe(12);
    expect(s30?.beatsNaive).toBe(false);
    expect(r.skill.map((s) => s.horizonDays)).toEqual([30, 60, 90]);
  });

  it("leads with the submitted calls where our method does not beat the run rate, and says so", () => {
    const ds = steady();
    // a call 10% over every month's bookings, made at 16:00 on the first of the month
    const booked = (m: string) => ({ "2026-07": 16_000, "2026-09": 13_000, "2026-10": 12_000 })[m] ?? 10_000;
    for (const m of TREND_MONTHS)
      ds.submissions.push({
        submittedBy: "vp",
        scope: "company",
        period: m,
        amountCents: $(booked(m) * 1.1),
        submittedAt: `${m}-01T16:00:00Z`,
      });
    const r = result(ds, "company", "2026-10");
    expect(r.headline.source).toBe("submissions");
    expect(r.headline.mape).toBeCloseTo(0.1, 12);
    const ours = r.trend.series.find((t) => t.source === "backtest" && t.horizonDays === 30)?.mape as number;
    expect(r.headline.leadReason).toBe(
      `our method does not beat the run rate at 30 days for this scope (MAPE ${Math.round(ours * 100)}% against 6%), so the submitted calls lead`,
    );
    expect(r.headline.compared.map((c) => [c.source, c.mape])).toEqual([
      ["backtest", ours],
      ["naive", expect.closeTo((6 / 16 + 2 / 10 + 1 / 13 + 1 / 12) / 12, 12)],
    ]);
    // without submitted calls, the run rate leads
    const alone = result(steady(), "company", "2026-10");
    expect(alone.headline.source).toBe("naive");
    expect(alone.headline.leadReason).toMatch(/so the run rate leads$/);
  });

  it("counts a submission made on 2 December as December's 30-day forecast", () => {
    const ds = october();
    const submit = (submittedAt: string, dollars: number) => ({
      submittedBy: "vp",
      scope: "company",
      period: "2026-12",
      amountCents: $(dollars),
      submittedAt,
    });
    ds.submissions.push(
      submit("2026-12-02", 30_000), // the start of 2 December: 30 days before 1 January 00:00
      submit("2026-12-02T10:00:00Z", 31_000), // 29 days 14 hours out: too late for 30 days
      submit("2026-11-01T16:00:00Z", 28_000), // 60 days 8 hours out
    );
    const r = result(ds, "company", "2026-12", "2027-01-15");
    const s30 = source(r, 30, "submissions");
    expect([s30.forecastCents, s30.madeOn, s30.horizonDays]).toEqual([$(30_000), "2026-12-02", 30]);
    const s60 = source(r, 60, "submissions");
    expect([s60.forecastCents, s60.horizonDays]).toEqual([$(28_000), 60]);
    expect(source(r, 90, "submissions").forecastCents).toBeNull();
    // the backtest and the run rate are made as of the end of 1 December: 30 days out too
    expect(source(r, 30, "backtest").horizonDays).toBe(30);
    expect(source(r, 30, "naive").horizonDays).toBe(30);
    expect(horizonDaysOf({ madeOn: "2026-12-02", startOfDay: false }, "2026-12-31")).toBe(29);
    expect(horizonDaysOf({ madeOn: "2026-12-01", startOfDay: false }, "2026-12-31")).toBe(30);
  });

  it("counts days out to the local midnight that ends the period in the workspace zone", () => {
    const ds = october();
    // 2026-12-02T07:30Z is 23:30 on 1 December in Los Angeles: 30 days out there, 29 in UTC
    ds.submissions.push({
      submittedBy: "vp",
      scope: "company",
      period: "2026-12",
      amountCents: $(30_000),
      submittedAt: "2026-12-02T07:30:00Z",
    });
    const s30 = (timeZone: string) => {
      const ctx = analysisContext(new Date("2027-01-15T12:00:00Z"), { timeZone });
      const r = computeForecastAccuracy(prepare(ds, ctx)).find((x) => x.scope === "company" && x.isDefault);
      return r ? source(r.payload, 30, "submissions") : null;
    };
    expect(s30("America/Los_Angeles")).toMatchObject({ forecastCents: $(30_000), horizonDays: 30 });
    expect(s30("UTC")?.forecastCents).toBeNull();
  });

  it("says a rep winning a handful of deals a month has too little history", () => {
    const ds = steady();
    // Bo wins 5 deals a month: 60 over the 12 trend months, fewer than 10 a month
    const bo: Record<string, number> = {};
    for (const m of TREND_MONTHS) bo[m] = 5_000;
    bookMonths(ds, bo, 2, 5);
    const r = result(ds, "rep:Bo", "2026-10");
    expect(r.headline.history).toMatchObject({ periodsWithBookings: 12, wonDeals: 60, sufficient: false });
    expect(r.headline.mape).toBeNull();
    expect(r.headline.reason).toBe(
      "too little history for a meaningful figure: 60 deals won over them, fewer than 10 a month, so a single deal moves a month's bookings by a tenth or more",
    );
    // Ana's 10 a month are enough
    expect(result(ds, "rep:Ana", "2026-10").headline.history.sufficient).toBe(true);
  });
});

describe("localMidnightMs", () => {
  it("starts a UTC date at its ISO midnight, and a zoned one at local midnight", () => {
    expect(localMidnightMs("2024-05-02", "UTC")).toBe(Date.UTC(2024, 4, 2));
    expect(localMidnightMs("2024-02-29", "UTC")).toBe(Date.UTC(2024, 1, 29));
    // New York is UTC−4 in May
    expect(localMidnightMs("2024-05-02", "America/New_York")).toBe(Date.UTC(2024, 4, 2, 4));
  });

  it("gives NaN for a date that does not exist, as Luxon does", () => {
    expect(localMidnightMs("2023-02-29", "UTC")).toBeNaN();
    expect(localMidnightMs("2024-13-01", "UTC")).toBeNaN();
  });

  it("tells a forecast made at the start of a day from one made later", () => {
    expect(madeAt("2024-05-02", "UTC")).toEqual({
      madeOn: "2024-05-02",
      startOfDay: true,
      atMs: Date.UTC(2024, 4, 2),
    });
    expect(madeAt("2024-05-02T00:00:00Z", "UTC").startOfDay).toBe(true);
    expect(madeAt("2024-05-02T16:46:00Z", "UTC")).toEqual({
      madeOn: "2024-05-02",
      startOfDay: false,
      atMs: Date.UTC(2024, 4, 2, 16, 46),
    });
  });
});
