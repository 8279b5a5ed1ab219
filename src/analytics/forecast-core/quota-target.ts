/**
 * Gap to goal (metrics.md, "Next-period forecast"): target = sum of the quotas of the scope's reps
 * for P; gap = target − base; pipeline needed = max(gap, 0) / stage-1 win rate.
 * A quarter without quarterly quotas sums its monthly ones; a month with only a quarterly quota
 * takes a third of it (a refinement: quotas are imported at either grain).
 */
import type { ForecastResult } from "../../domain/analyses/forecast";
import type { Scope } from "../../domain/crm";
import { type Period, periodOf, shiftPeriod } from "../../domain/period";
import type { Prepared } from "../prepare";

const quotaCache = new WeakMap<Prepared, Map<number, Map<string, number>>>();

function quotasByRep(prepared: Prepared): Map<number, Map<string, number>> {
  let index = quotaCache.get(prepared);
  if (!index) {
    index = new Map();
    for (const q of prepared.dataset.quotas) {
      let m = index.get(q.repId);
      if (!m) {
        m = new Map();
        index.set(q.repId, m);
      }
      m.set(q.period.toUpperCase(), (m.get(q.period.toUpperCase()) ?? 0) + q.amountCents);
    }
    quotaCache.set(prepared, index);
  }
  return index;
}

/** A rep's quota for a period, or null when none is recorded at either grain. */
export function repQuota(
  quotas: Map<string, number> | undefined,
  period: Period,
  fiscalStartMonth: number,
): number | null {
  if (!quotas) return null;
  const exact = quotas.get(period.key);
  if (exact !== undefined) return exact;
  if (period.kind === "quarter") {
    let sum = 0;
    let found = false;
    const first = periodOf(period.start, "month", fiscalStartMonth);
    for (let i = 0; i < 3; i++) {
      const m = quotas.get(shiftPeriod(first, i, fiscalStartMonth).key);
      if (m !== undefined) {
        sum += m;
        found = true;
      }
    }
    return found ? sum : null;
  }
  if (period.kind === "month") {
    const q = quotas.get(periodOf(period.start, "quarter", fiscalStartMonth).key);
    return q === undefined ? null : Math.round(q / 3);
  }
  return null;
}

export function quotaTarget(
  prepared: Prepared,
  scope: Scope,
  period: Period,
  baseCents: number,
): ForecastResult["goal"] {
  const index = quotasByRep(prepared);
  const reps = scope.kind === "company" ? prepared.dataset.reps : prepared.repsIn(scope);
  let target = 0;
  let found = false;
  for (const r of reps) {
    const q = repQuota(index.get(r.id), period, prepared.ctx.fiscalStartMonth);
    if (q !== null) {
      target += q;
      found = true;
    }
  }
  const first = prepared.stageWinRates[0] ?? null;
  const firstStage = first?.stage ?? null;
  const firstStageWinRate = first?.rate ?? null;
  if (!found)
    return {
      targetCents: null,
      gapCents: null,
      pipelineNeededCents: null,
      firstStage,
      firstStageWinRate,
      reason: `no quota for ${period.key} for this scope's reps`,
    };
  const gap = target - baseCents;
  const needed =
    firstStageWinRate !== null && firstStageWinRate > 0
      ? Math.round(Math.max(gap, 0) / firstStageWinRate)
      : null;
  return {
    targetCents: target,
    gapCents: gap,
    pipelineNeededCents: needed,
    firstStage,
    firstStageWinRate,
    reason:
      needed !== null
        ? null
        : firstStage === null
          ? "no open stage known, so no stage-1 win rate"
          : `stage-1 (${firstStage}) win rate is zero`,
  };
}
