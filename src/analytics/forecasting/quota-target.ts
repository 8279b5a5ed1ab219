/**
 * Gap to goal (metrics.md, "Next-period forecast"): target = sum of the quotas of the scope's reps
 * for P; gap = target − base; pipeline needed = max(gap, 0) / stage-1 win rate.
 * Quotas at either grain are read by the shared quota lookup (quota-lookup.ts).
 */
import type { ForecastResult } from "../../domain/analyses/forecast";
import type { Scope } from "../../domain/crm";
import type { Period } from "../../domain/period";
import type { Prepared } from "../prepare/prepare";

export function quotaTarget(
  prepared: Prepared,
  scope: Scope,
  period: Period,
  baseCents: number,
): ForecastResult["goal"] {
  const quotaOf = prepared.quotaOf;
  const reps = scope.kind === "company" ? prepared.dataset.reps : prepared.repsIn(scope);
  let target = 0;
  let found = false;
  for (const r of reps) {
    const q = quotaOf(r.id, period);
    if (q !== undefined) {
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
