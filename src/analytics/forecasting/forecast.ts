/**
 * Next-period forecast (metrics.md, "Next-period forecast"): per scope, for the current month
 * (default), next month, current quarter and next quarter — the stage-weighted, run-rate and Monte
 * Carlo methods, P10/P50/P90 scenarios, the ensemble point weighted by inverse backtested MAPE, and
 * the gap to goal. Also the day's snapshots (each method and the ensemble) for the current month
 * and the two after it, which forecast accuracy reads back later.
 */
import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type { ForecastResult } from "../../domain/analyses/forecast";
import type { ForecastSnapshot, Scope } from "../../domain/crm";
import { scopeKey } from "../../domain/crm";
import { daysBetween, type Period } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import type { Prepared } from "../prepare/prepare";
import { summarizeAccuracy } from "./accuracy-stats";
import { type Backtest, backtestFor, HORIZONS, SLIP_FACTOR, sumOwners } from "./backtest";
import { periodDays, periodsOfKind } from "./calendar";
import {
  BUCKET_MONTHS,
  type ForecastInputs,
  type ForecastSlot,
  gatherForecastInputs,
  type OwnerForecastInputs,
} from "./forecast-inputs";
import { renderForecastText } from "./forecast-render";
import { ensemble, type MethodEstimate, newBusinessPool, runRate } from "./methods";
import type { MonteCarloResult } from "./monte-carlo";
import { monteCarloByScope, type ScopeSlotDraws } from "./monte-carlo-scopes";
import { streamSeed } from "./prng";
import { quotaTarget } from "./quota-target";

interface ScopeData {
  key: string;
  owners: number[] | null;
  bookings: { month: Float64Array; quarter: Float64Array };
  createdWon: { month: Float64Array; quarter: Float64Array };
  forecast: Float64Array;
  forecastSlipped: Float64Array;
}

export function computeForecast(prepared: Prepared): {
  results: AnalysisResult<ForecastResult>[];
  snapshots: ForecastSnapshot[];
} {
  const bt = backtestFor(prepared);
  const inputs = gatherForecastInputs(prepared, bt.cal);
  const draws = Math.max(1, Math.floor(prepared.ctx.settings.monteCarloDraws));
  const seed = prepared.ctx.settings.monteCarloSeed;
  const datas = prepared.scopes.map((scope) => scopeData(prepared, bt, scope));
  const slotInputs = datas.map((data) =>
    inputs.slots.map((slot) => slotInputsOf(bt, inputs, data, slot, seed)),
  );
  const { slotBuckets, bucketKeys } = bucketsOfSlots(bt, inputs);
  const monteCarlo = monteCarloByScope(
    inputs,
    datas.map(
      (data, i): ScopeSlotDraws => ({
        owners: data.owners,
        slots: (slotInputs[i] as SlotInputs[]).map((x) => ({
          fixedCents: x.sums.wonToDate,
          newBusinessSamples: x.scaled,
          seed: x.seed,
        })),
      }),
    ),
    slotBuckets,
    bucketKeys,
    draws,
    seed,
  );
  const results: AnalysisResult<ForecastResult>[] = [];
  const snapshots: ForecastSnapshot[] = [];
  prepared.scopes.forEach((scope, si) => {
    const data = datas[si] as ScopeData;
    const mapeCache = new Map<
      string,
      Record<"stage_weighted" | "run_rate" | "monte_carlo", number | null> & { periods: string[] }
    >();
    inputs.slots.forEach((slot, i) => {
      const cacheKey = `${slot.period.kind}|${slot.horizonIndex}`;
      let mapes = mapeCache.get(cacheKey);
      if (!mapes) {
        mapes = backtestMapes(bt, data, slot.period.kind, slot.horizonIndex);
        mapeCache.set(cacheKey, mapes);
      }
      const payload = forecastFor(
        prepared,
        bt,
        inputs,
        data,
        scope,
        slot,
        mapes,
        slotInputs[si]?.[i] as SlotInputs,
        monteCarlo[si]?.[i] as MonteCarloResult,
      );
      if (slot.stored)
        results.push({ scope: data.key, period: slot.period.key, isDefault: slot.isDefault, payload });
      if (slot.period.kind === "month") {
        const methods: [string, number | null][] = [
          ["ensemble", payload.ensemble.pointCents],
          ["stage_weighted", payload.methods.stageWeighted.amountCents],
          ["run_rate", payload.methods.runRate.amountCents],
          ["monte_carlo", payload.methods.monteCarlo.p50Cents],
        ];
        for (const [method, amountCents] of methods)
          if (amountCents !== null)
            snapshots.push({
              takenOn: prepared.ctx.today,
              period: slot.period.key,
              scope: data.key,
              method,
              amountCents,
            });
      }
    });
  });
  return { results, snapshots };
}

function scopeData(prepared: Prepared, bt: Backtest, scope: Scope): ScopeData {
  const owners = scope.kind === "company" ? null : prepared.repsIn(scope).map((r) => r.id);
  const nm = bt.cal.months.length;
  const nq = bt.cal.quarters.length;
  const nf = bt.evals.length * HORIZONS.length;
  return {
    key: scopeKey(scope),
    owners,
    bookings: {
      month: sumOwners(bt, owners, (s) => s.bookingsMonth, nm),
      quarter: sumOwners(bt, owners, (s) => s.bookingsQuarter, nq),
    },
    createdWon: {
      month: sumOwners(bt, owners, (s) => s.createdWonMonth, nm),
      quarter: sumOwners(bt, owners, (s) => s.createdWonQuarter, nq),
    },
    forecast: sumOwners(bt, owners, (s) => s.forecast, nf),
    forecastSlipped: sumOwners(bt, owners, (s) => s.forecastSlipped, nf),
  };
}

function kindArrays(data: ScopeData, kind: Period["kind"]) {
  return kind === "quarter"
    ? { bookings: data.bookings.quarter, createdWon: data.createdWon.quarter }
    : { bookings: data.bookings.month, createdWon: data.createdWon.month };
}

/** Each method's MAPE over the completed periods of the trend, backtested at the slot's horizon. */
function backtestMapes(bt: Backtest, data: ScopeData, kind: Period["kind"], horizonIndex: number) {
  const periods = periodsOfKind(bt.cal, kind);
  const { bookings, createdWon } = kindArrays(data, kind);
  const h = HORIZONS[horizonIndex] as number;
  const points = { stage_weighted: [] as P[], run_rate: [] as P[], monte_carlo: [] as P[] };
  type P = { period: string; forecastCents: number | null; actualCents: number };
  const used: string[] = [];
  bt.evals.forEach((ev, e) => {
    if (ev.period.kind !== kind) return;
    if (bt.firstDataDate === null || ev.period.end < bt.firstDataDate) return;
    const i = bt.cal.byKey.get(ev.period.key)?.index ?? -1;
    const actual = bookings[i] ?? 0;
    used.push(ev.period.key);
    const k = e * HORIZONS.length + horizonIndex;
    points.stage_weighted.push({
      period: ev.period.key,
      forecastCents: data.forecast[k] ?? 0,
      actualCents: actual,
    });
    const rr = runRate(periods, bookings, i, i - 1, bt.firstDataDate).amountCents;
    points.run_rate.push({ period: ev.period.key, forecastCents: rr, actualCents: actual });
    const pool = newBusinessPool(periods, createdWon, i - 1, bt.firstDataDate);
    const poolMean = pool.length ? pool.reduce((s, p) => s + p.bookingsCents, 0) / pool.length : 0;
    const share = Math.min(1, h / periodDays(ev.period));
    points.monte_carlo.push({
      period: ev.period.key,
      forecastCents: Math.round((data.forecastSlipped[k] ?? 0) + poolMean * share),
      actualCents: actual,
    });
  });
  return {
    stage_weighted: summarizeAccuracy(points.stage_weighted).mape,
    run_rate: summarizeAccuracy(points.run_rate).mape,
    monte_carlo: summarizeAccuracy(points.monte_carlo).mape,
    periods: used,
  };
}

/** A scope's sums for a slot and the new-business pool its Monte Carlo draws from. */
interface SlotInputs {
  sums: ReturnType<typeof slotSums>;
  pool: ReturnType<typeof newBusinessPool>;
  /** the pool scaled to the part of the period left */
  scaled: number[];
  /** the seed of the scope and period's new-business picks */
  seed: number;
}

function slotInputsOf(
  bt: Backtest,
  inputs: ForecastInputs,
  data: ScopeData,
  slot: ForecastSlot,
  seed: number,
): SlotInputs {
  const periods = periodsOfKind(bt.cal, slot.period.kind);
  const { createdWon } = kindArrays(data, slot.period.kind);
  const current = slot.period.kind === "month" ? bt.cal.currentMonth : bt.cal.currentQuarter;
  const pool = newBusinessPool(periods, createdWon, current - 1, bt.firstDataDate);
  return {
    sums: slotSums(inputs, data.owners, slot),
    pool,
    scaled: pool.map((p) => Math.round(p.bookingsCents * slot.remainingFraction)),
    seed: streamSeed(seed, `${data.key}|${slot.period.key}`),
  };
}

/** The month buckets (forecast-inputs) each slot covers, and each bucket's month key. */
function bucketsOfSlots(bt: Backtest, inputs: ForecastInputs) {
  const first = inputs.firstBucketMonth;
  const bucketKeys = Array.from({ length: BUCKET_MONTHS }, (_, b) => bt.cal.months[first + b]?.key ?? "");
  const slotBuckets = inputs.slots.map((slot) => {
    const buckets: number[] = [];
    for (let b = 0; b < BUCKET_MONTHS; b++) {
      const mi = first + b;
      if (slot.period.kind === "month" ? mi === slot.calIndex : bt.cal.quarterOfMonth[mi] === slot.calIndex)
        buckets.push(b);
    }
    return buckets;
  });
  return { slotBuckets, bucketKeys };
}

/**
 * What a reader is told the forecast assumes. The draws and seeds are not among them: they are
 * in the payload (`--json`) and the detail view (`rituals analyze forecast`).
 */
function assumptionLabels(slot: ForecastSlot, pool: readonly unknown[], mc: MonteCarloResult): string[] {
  const labels = [
    "Stage win rates: share of deals closed in the trailing 12 months that reached the stage and were won (CRM probability below 20 deals).",
    `Slip factor ×${SLIP_FACTOR} on the win rate of deals pushed before or older in their stage than the stage's 90th percentile.`,
    `New business: the created-and-won bookings of one of the last ${pool.length} periods, × ${slot.remainingFraction.toFixed(2)} of the period remaining.`,
  ];
  if (mc.approximatedDeals > 0)
    labels.push(
      `${mc.exactDeals} deals (each rep's largest of each month) are drawn one by one; the other ${mc.approximatedDeals} together by a normal approximation with the same mean and variance.`,
    );
  if (slot.inProgress) labels.push("Every method includes bookings already won this period.");
  return labels;
}

/** The three methods' figures for a slot: stage-weighted, run rate (floored at won to date), Monte Carlo. */
function methodsOf(bt: Backtest, data: ScopeData, slot: ForecastSlot, x: SlotInputs, mc: MonteCarloResult) {
  const s = x.sums;
  const periods = periodsOfKind(bt.cal, slot.period.kind);
  const { bookings } = kindArrays(data, slot.period.kind);
  const current = slot.period.kind === "month" ? bt.cal.currentMonth : bt.cal.currentQuarter;
  const rr = runRate(periods, bookings, slot.calIndex, current - 1, bt.firstDataDate);
  const runRateCents = rr.amountCents === null ? null : Math.max(rr.amountCents, s.wonToDate);
  const scaledMean = x.scaled.length ? Math.round(x.scaled.reduce((a, b) => a + b, 0) / x.scaled.length) : 0;
  return {
    stageWeighted: {
      amountCents: s.wonToDate + s.weightedOpen,
      weightedOpenCents: s.weightedOpen,
      openDeals: s.openCount,
      openAmountCents: s.openAmount,
    },
    runRate: {
      amountCents: runRateCents,
      reason: rr.reason,
      meanCents: rr.meanCents,
      basePeriods: rr.basePeriods,
      seasonal: rr.seasonal,
      flooredAtWonToDate: rr.amountCents !== null && rr.amountCents < s.wonToDate,
    },
    monteCarlo: {
      ...mc,
      seed: x.seed,
      openDeals: s.openCount,
      slowedDeals: s.slowed,
      newBusiness: {
        remainingFraction: slot.remainingFraction,
        samples: x.pool,
        meanCents: scaledMean,
        reason: x.pool.length === 0 ? "no completed period with data: no new business drawn" : null,
      },
    },
  } satisfies ForecastResult["methods"];
}

function forecastFor(
  prepared: Prepared,
  bt: Backtest,
  inputs: ForecastInputs,
  data: ScopeData,
  scope: Scope,
  slot: ForecastSlot,
  mapes: Record<"stage_weighted" | "run_rate" | "monte_carlo", number | null> & { periods: string[] },
  x: SlotInputs,
  mc: MonteCarloResult,
): ForecastResult {
  const { ctx } = prepared;
  const methods = methodsOf(bt, data, slot, x, mc);
  const estimates: MethodEstimate[] = [
    {
      method: "stage_weighted",
      valueCents: methods.stageWeighted.amountCents,
      backtestMape: mapes.stage_weighted,
    },
    { method: "run_rate", valueCents: methods.runRate.amountCents, backtestMape: mapes.run_rate },
    { method: "monte_carlo", valueCents: mc.p50Cents, backtestMape: mapes.monte_carlo },
  ];
  return {
    scope: data.key,
    period: { key: slot.period.key, kind: slot.period.kind, start: slot.period.start, end: slot.period.end },
    asOf: ctx.asOf,
    inProgress: slot.inProgress,
    daysToPeriodEnd: daysBetween(ctx.today, slot.period.end),
    wonToDateCents: x.sums.wonToDate,
    methods,
    scenarios: { conservativeCents: mc.p10Cents, baseCents: mc.p50Cents, upsideCents: mc.p90Cents },
    ensemble: {
      ...ensemble(estimates),
      backtestHorizonDays: HORIZONS[slot.horizonIndex] as number,
      backtestPeriods: mapes.periods,
    },
    goal: quotaTarget(prepared, scope, slot.period, mc.p50Cents),
    assumptions: {
      stageWinRates: prepared.stageWinRates.map((r) => ({
        stage: r.stage,
        rate: r.rate,
        source: r.source,
        reached: r.reached,
      })),
      slipFactor: SLIP_FACTOR,
      stageAgeP90Days: [...inputs.stageAgeP90].map(([stage, days]) => ({ stage, days })),
      draws: mc.draws,
      seed: x.seed,
      labels: assumptionLabels(slot, x.pool, mc),
    },
  };
}

/** A scope's sums for one slot: its reps' sums put together. */
function slotSums(inputs: ForecastInputs, owners: readonly number[] | null, slot: ForecastSlot) {
  const i = inputs.slots.indexOf(slot);
  let wonToDate = 0;
  let weightedOpen = 0;
  let openCount = 0;
  let openAmount = 0;
  let slowed = 0;
  const add = (o: OwnerForecastInputs | undefined) => {
    if (!o) return;
    wonToDate += o.wonToDate[i] as number;
    weightedOpen += o.weightedOpen[i] as number;
    openCount += o.openCount[i] as number;
    openAmount += o.openAmount[i] as number;
    slowed += o.slowed[i] as number;
  };
  if (owners === null) for (const o of inputs.byOwner.values()) add(o);
  else for (const id of owners) add(inputs.byOwner.get(id));
  return { wonToDate, weightedOpen, openCount, openAmount, slowed };
}

export const forecast: AnalysisDefinition<ForecastResult> = {
  ...ANALYSIS_SPECS.forecast,
  compute: computeForecast,
  renderText: renderForecastText,
};
