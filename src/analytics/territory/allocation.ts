/** Quota allocation primitives for quarterly planning (metrics.md, "Quarterly planning"). Pure. */
import type { Period } from "../../domain/period";

/**
 * Share of a full quota a rep hired on `hireDate` carries in `period`: the mean over the period's
 * months of the ramp for that month, where the hire month is month 1 (schedule[0]), the next
 * month 2 and so on, 1 after the schedule, and 0 before the hire month. No hire date: fully ramped.
 */
export function rampFactor(hireDate: string | null, period: Period, schedule: readonly number[]): number {
  if (!hireDate) return 1;
  const monthIndex = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  const hired = monthIndex(hireDate);
  const first = monthIndex(period.start);
  const last = monthIndex(period.end);
  let sum = 0;
  for (let m = first; m <= last; m++) {
    const monthOfTenure = m - hired + 1;
    sum += monthOfTenure < 1 ? 0 : (schedule[monthOfTenure - 1] ?? 1);
  }
  return sum / (last - first + 1);
}

/**
 * Splits integer cents in proportion to non-negative weights, by largest remainder so the parts
 * sum exactly to the total. All-zero weights split equally.
 */
export function allocateProportional(totalCents: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const sum = weights.reduce((a, b) => a + Math.max(0, b), 0);
  const shares = weights.map((w) => (sum > 0 ? (totalCents * Math.max(0, w)) / sum : totalCents / n));
  const parts = shares.map((s) => Math.floor(s));
  let rest = totalCents - parts.reduce((a, b) => a + b, 0);
  const order = shares
    .map((s, i) => ({ i, frac: s - Math.floor(s) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % n, rest--) {
    const i = (order[k] as { i: number }).i;
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

/** The proposed quota held within ±cap of the current one (a rep with no current quota is not capped). */
export function capChange(proposedCents: number, currentCents: number | null, cap: number): number {
  if (currentCents === null || currentCents <= 0) return proposedCents;
  const low = Math.round(currentCents * (1 - cap));
  const high = Math.round(currentCents * (1 + cap));
  return Math.min(high, Math.max(low, proposedCents));
}

/** (max − min) / base; null when the base is not positive or there is no scenario. */
export function scenarioVariance(totals: readonly number[], base: number): number | null {
  if (totals.length === 0 || base <= 0) return null;
  return (Math.max(...totals) - Math.min(...totals)) / base;
}
