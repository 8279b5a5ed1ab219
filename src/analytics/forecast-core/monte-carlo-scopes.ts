/**
 * The forecast's Monte Carlo for every scope and forecast period at once (metrics.md, "Next-period
 * forecast", method 3). Each rep's open deals of each month of the current and next quarter are
 * drawn once per draw ("a group"); a scope's draw for a period is the sum of its reps' groups for
 * the months in that period, plus bookings won to date and a new-business pick of its own. So a deal
 * has one outcome per draw in every scope and period it belongs to (the company's draw is the sum
 * of its reps' draws, a quarter's the sum of its months'), and the work is draws × deals once rather
 * than once per scope and period.
 *
 * Exact deals: at most MONTE_CARLO_WORK_BUDGET / draws are drawn one by one, shared out evenly over
 * the groups (a group with fewer deals leaves its share to the others, and every group gets at
 * least MIN_EXACT_DEALS); the rest of a group is drawn by its normal approximation (monte-carlo.ts).
 */

import type { MonteCarloResult } from "../monte-carlo";
import { addNewBusinessInto, type DealDrawCounts, drawDealsInto, summarizeDraws } from "../monte-carlo";
import { streamSeed } from "../prng";
import { BUCKET_MONTHS, type ForecastInputs } from "./forecast-inputs";

/** Deal-draws (draws × deals drawn one by one) the Monte Carlo may spend over all groups. */
export const MONTE_CARLO_WORK_BUDGET = 20_000_000;
export const MIN_EXACT_DEALS = 16;

export interface ScopeSlotDraws {
  /** owner ids the scope covers; null = every owner (the company) */
  owners: readonly number[] | null;
  /** per slot: won to date, the new-business pool (already scaled) and the seed of its picks */
  slots: { fixedCents: number; newBusinessSamples: readonly number[]; seed: number }[];
}

/** The groups' seeds derive from the configured seed, the owner and the month. */
export function groupSeed(seed: number, ownerId: number, month: string): number {
  return streamSeed(seed, `owner:${ownerId}|${month}`);
}

/**
 * Results[scope][slot] for the scopes given. `slotMonths[slot]` lists the buckets (months of the
 * current and next quarter) each slot covers; `bucketKeys` names them for the seeds.
 */
export function monteCarloByScope(
  inputs: ForecastInputs,
  scopes: readonly ScopeSlotDraws[],
  slotBuckets: readonly (readonly number[])[],
  bucketKeys: readonly string[],
  draws: number,
  seed: number,
): MonteCarloResult[][] {
  const nSlots = slotBuckets.length;
  const owners = [...inputs.byOwner.keys()];
  const cap = exactCap(inputs, draws);

  // Each owner's draws per slot: its groups added into the slots holding their month.
  const slotsOfBucket: number[][] = Array.from({ length: BUCKET_MONTHS }, () => []);
  slotBuckets.forEach((buckets, slot) => {
    for (const b of buckets) slotsOfBucket[b]?.push(slot);
  });
  const ownerDraws = new Map<number, (Float64Array | null)[]>();
  const ownerCounts = new Map<number, DealDrawCounts[]>();
  const group = new Float64Array(draws);
  for (const ownerId of owners) {
    const o = inputs.byOwner.get(ownerId);
    if (!o) continue;
    const perSlot: (Float64Array | null)[] = new Array(nSlots).fill(null);
    const counts: DealDrawCounts[] = Array.from({ length: nSlots }, () => ({
      exactDeals: 0,
      approximatedDeals: 0,
    }));
    for (let b = 0; b < BUCKET_MONTHS; b++) {
      const amounts = o.bucketAmounts[b] as number[];
      if (amounts.length === 0 || (slotsOfBucket[b] as number[]).length === 0) continue;
      group.fill(0);
      const c = drawDealsInto(
        group,
        Float64Array.from(amounts),
        Float64Array.from(o.bucketProbabilities[b] as number[]),
        groupSeed(seed, ownerId, bucketKeys[b] as string),
        cap,
      );
      for (const slot of slotsOfBucket[b] as number[]) {
        let into = perSlot[slot];
        if (!into) {
          into = new Float64Array(draws);
          perSlot[slot] = into;
        }
        addInto(into, group);
        const n = counts[slot] as DealDrawCounts;
        n.exactDeals += c.exactDeals;
        n.approximatedDeals += c.approximatedDeals;
      }
    }
    ownerDraws.set(ownerId, perSlot);
    ownerCounts.set(ownerId, counts);
  }

  const out = new Float64Array(draws);
  return scopes.map((scope) =>
    scope.slots.map((slot, i) => {
      out.fill(0);
      const counts: DealDrawCounts = { exactDeals: 0, approximatedDeals: 0 };
      for (const ownerId of scope.owners ?? owners) {
        const d = ownerDraws.get(ownerId)?.[i];
        if (d) addInto(out, d);
        const c = ownerCounts.get(ownerId)?.[i];
        if (c) {
          counts.exactDeals += c.exactDeals;
          counts.approximatedDeals += c.approximatedDeals;
        }
      }
      addNewBusinessInto(out, slot.newBusinessSamples, slot.seed);
      return summarizeDraws(out, slot.fixedCents, counts);
    }),
  );
}

function addInto(into: Float64Array, from: Float64Array): void {
  for (let d = 0; d < into.length; d++) into[d] = (into[d] as number) + (from[d] as number);
}

/**
 * The most exact deals per group such that all groups together stay within the work budget
 * (at least MIN_EXACT_DEALS; unbounded when every deal fits).
 */
export function exactCap(inputs: ForecastInputs, draws: number): number {
  const sizes: number[] = [];
  for (const o of inputs.byOwner.values())
    for (const a of o.bucketAmounts) if (a.length > 0) sizes.push(a.length);
  const budget = Math.floor(MONTE_CARLO_WORK_BUDGET / Math.max(1, draws));
  const within = (cap: number) => sizes.reduce((s, n) => s + Math.min(n, cap), 0) <= budget;
  const largest = sizes.reduce((m, n) => Math.max(m, n), 0);
  if (within(largest)) return largest;
  let lo = 0; // within
  let hi = largest; // not within
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (within(mid)) lo = mid;
    else hi = mid;
  }
  return Math.max(MIN_EXACT_DEALS, lo);
}
