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
import { daysBetween } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import type { Prepared } from "../prepare/prepare";
import {
  type Backtest,
  bookingsOf,
  type MethodMapes,
  methodMapes,
  newBusinessAt,
  type ScopeBacktest,
  scopeBacktestOf,
} from "./backtest";
import { HORIZONS, periodsOfKind, SLIP_FACTOR, trendLength } from "./calendar";
import { type CloseRates, MIN_DEALS_FOR_CLOSE_RATE } from "./close-rates";
import {
  BUCKET_MONTHS,
  type ForecastInputs,
  type ForecastSlot,
  gatherForecastInputs,
  type OwnerForecastInputs,
} from "./forecast-inputs";
import { renderForecastText } from "./forecast-render";
import { ensemble, type MethodEstimate, type PeriodBookings, runRate } from "./methods";
import type { MonteCarloResult } from "./monte-carlo";
import { monteCarloByScope, type ScopeSlotDraws } from "./monte-carlo-scopes";
import { streamSeed } from "./prng";
import { quotaTarget } from "./quota-target";

export function computeForecast(prepared: Prepared): {
  results: AnalysisResult<ForecastResult>[];
  snapshots: ForecastSnapshot[];
} {
  const bt = prepared.backtest;
  const inputs = gatherForecastInputs(prepared, bt);
  const draws = Math.max(1, Math.floor(prepared.ctx.settings.monteCarloDraws));
  const seed = prepared.ctx.settings.monteCarloSeed;
  const datas = prepared.scopes.map((scope) => scopeBacktestOf(bt, scope));
  const slotInputs = datas.map((data) =>
    inputs.slots.map((slot) => slotInputsOf(prepared, bt, inputs, data, slot, seed)),
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
    const data = datas[si] as ScopeBacktest;
    inputs.slots.forEach((slot, i) => {
      const mapes = methodMapes(bt, data, slot.period.kind, slot.horizonIndex, prepared.ctx.today);
      const payload = forecastFor(
        prepared,
        bt,
        inputs,
        { data, scope, slot, mapes },
        slotInputs[si]?.[i] as SlotInputs,
        monteCarlo[si]?.[i] as MonteCarloResult,
      );
      if (slot.stored)
        results.push({ scope: data.key, period: slot.period.key, isDefault: slot.isDefault, payload });
      if (slot.period.kind === "month") snapshots.push(...snapshotsOf(prepared, data.key, slot, payload));
    });
  });
  return { results, snapshots };
}

/** The day's snapshots of a month slot: the ensemble and each method. */
function snapshotsOf(prepared: Prepared, scope: string, slot: ForecastSlot, payload: ForecastResult) {
  const methods: [string, number | null][] = [
    ["ensemble", payload.ensemble.pointCents],
    ["stage_weighted", payload.methods.stageWeighted.amountCents],
    ["run_rate", payload.methods.runRate.amountCents],
    ["monte_carlo", payload.methods.monteCarlo.p50Cents],
  ];
  const out: ForecastSnapshot[] = [];
  for (const [method, amountCents] of methods)
    if (amountCents !== null)
      out.push({ takenOn: prepared.ctx.today, period: slot.period.key, scope, method, amountCents });
  return out;
}

/** A scope's sums for a slot and the new-business pool its Monte Carlo draws from. */
interface SlotInputs {
  sums: ReturnType<typeof slotSums>;
  pool: PeriodBookings[];
  /** days left over the slot's horizon (at most 1): the share of the pool the period still has */
  scale: number;
  /** the pool scaled by it */
  scaled: number[];
  /** the seed of the scope and period's new-business picks */
  seed: number;
}

function slotInputsOf(
  prepared: Prepared,
  bt: Backtest,
  inputs: ForecastInputs,
  data: ScopeBacktest,
  slot: ForecastSlot,
  seed: number,
): SlotInputs {
  const today = prepared.ctx.today;
  const pool = newBusinessAt(bt, data, slot.period.kind, slot.horizonIndex, today);
  // the pool is what came in after a cutoff at the slot's horizon; scaled to the days left
  const daysLeft = Math.max(0, daysBetween(today, slot.period.end));
  const scale = Math.min(1, daysLeft / (HORIZONS[slot.horizonIndex] as number));
  return {
    sums: slotSums(inputs, data.owners, slot),
    pool,
    scale,
    scaled: pool.map((p) => Math.round(p.bookingsCents * scale)),
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
function assumptionLabels(slot: ForecastSlot, x: SlotInputs, mc: MonteCarloResult): string[] {
  const labels = [
    `In-period close rates: of the amount open at each stage ${HORIZONS[slot.horizonIndex]} days before the end of each of the last ${trendLength(slot.period.kind)} ${slot.period.kind}s, the share won within that ${slot.period.kind} (the stage's CRM probability below ${MIN_DEALS_FOR_CLOSE_RATE} deals).`,
    `Slip factor ×${SLIP_FACTOR} on the close rate of deals pushed before or older in their stage than the stage's 90th percentile (Monte Carlo).`,
    `New business (stage-weighted and Monte Carlo): the bookings of one of the last ${x.pool.length} periods from deals not in its pipeline ${HORIZONS[slot.horizonIndex]} days before its end (created later, or then expected in another period), averaged, × ${x.scale.toFixed(2)} for the days left.`,
  ];
  if (mc.approximatedDeals > 0)
    labels.push(
      `${mc.exactDeals} deals (each rep's largest of each month) are drawn one by one; the other ${mc.approximatedDeals} together by a normal approximation with the same mean and variance.`,
    );
  if (slot.inProgress) labels.push("Every method includes bookings already won this period.");
  return labels;
}

/** The three methods' figures for a slot: stage-weighted, run rate (floored at won to date), Monte Carlo. */
function methodsOf(
  bt: Backtest,
  data: ScopeBacktest,
  slot: ForecastSlot,
  x: SlotInputs,
  mc: MonteCarloResult,
) {
  const s = x.sums;
  const periods = periodsOfKind(bt.cal, slot.period.kind);
  const current = slot.period.kind === "month" ? bt.cal.currentMonth : bt.cal.currentQuarter;
  const rr = runRate(
    periods,
    bookingsOf(data, slot.period.kind),
    slot.calIndex,
    current - 1,
    bt.firstDataDate,
  );
  const runRateCents = rr.amountCents === null ? null : Math.max(rr.amountCents, s.wonToDate);
  const scaledMean = x.scaled.length ? Math.round(x.scaled.reduce((a, b) => a + b, 0) / x.scaled.length) : 0;
  return {
    stageWeighted: {
      // the pipeline's close rates count only deals expected in the period: the inflow is added
      amountCents: s.wonToDate + s.weightedOpen + scaledMean,
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
        remainingFraction: x.scale,
        samples: x.pool,
        meanCents: scaledMean,
        reason: x.pool.length === 0 ? "no completed period with data: no new business drawn" : null,
      },
    },
  } satisfies ForecastResult["methods"];
}

interface SlotOf {
  data: ScopeBacktest;
  scope: Scope;
  slot: ForecastSlot;
  mapes: MethodMapes;
}

function forecastFor(
  prepared: Prepared,
  bt: Backtest,
  inputs: ForecastInputs,
  { data, scope, slot, mapes }: SlotOf,
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
  const rates = inputs.slotRates[inputs.slots.indexOf(slot)] as CloseRates;
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
      stageWinRates: bt.stages.stages.map((stage, i) => ({
        stage,
        rate: rates.rate[i] as number,
        source: rates.learned[i] ? ("observed" as const) : ("crm_probability" as const),
        reached: rates.deals[i] as number,
      })),
      slipFactor: SLIP_FACTOR,
      stageAgeP90Days: [...inputs.stageAgeP90].map(([stage, days]) => ({ stage, days })),
      draws: mc.draws,
      seed: x.seed,
      labels: assumptionLabels(slot, x, mc),
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
