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

import { BUCKET_MONTHS, type ForecastInputs, type OwnerForecastInputs } from "./forecast-inputs";
import type { MonteCarloResult } from "./monte-carlo";
import { addNewBusinessInto, type DealDrawCounts, drawDealsInto, summarizeDraws } from "./monte-carlo";
import { streamSeed } from "./prng";

/** Deal-draws (draws × deals drawn one by one) the Monte Carlo may spend over all groups. */
export const MONTE_CARLO_WORK_BUDGET = 20_000_000;
export const MIN_EXACT_DEALS = 8;

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

/** Draws and deal counts per slot, for one owner or one scope's accumulator. */
interface SlotDraws {
  draws: Float64Array[];
  counts: DealDrawCounts[];
}

function emptySlotDraws(nSlots: number, draws: number): SlotDraws {
  return {
    draws: Array.from({ length: nSlots }, () => new Float64Array(draws)),
    counts: Array.from({ length: nSlots }, () => noDeals()),
  };
}

/**
 * Which scopes an owner's draws go to. A scope of one owner (a rep) is finished from that owner's
 * draws; a scope of several gets accumulators. Memory is thus one owner's draws plus those of the
 * few team/region/segment scopes, however many reps there are.
 */
interface ScopeRoutes {
  /** owner → scopes of that owner alone */
  single: Map<number, number[]>;
  /** owner → scopes of several owners holding it */
  multi: Map<number, number[]>;
  /** scopes of every owner */
  allOwners: number[];
  /** scopes with an accumulator: every scope but those of one owner */
  multiScopes: number[];
}

function routeScopes(scopes: readonly ScopeSlotDraws[]): ScopeRoutes {
  const routes: ScopeRoutes = { single: new Map(), multi: new Map(), allOwners: [], multiScopes: [] };
  scopes.forEach((scope, si) => {
    if (scope.owners === null) routes.allOwners.push(si);
    else if (scope.owners.length === 1) pushTo(routes.single, scope.owners[0] as number, si);
    else for (const id of scope.owners) pushTo(routes.multi, id, si);
    if (scope.owners === null || scope.owners.length !== 1) routes.multiScopes.push(si);
  });
  return routes;
}

/** One owner's draws per slot: each bucket's deals drawn once (a group), added to every slot covering it. */
function drawOwnerInto(
  own: SlotDraws,
  group: Float64Array,
  o: OwnerForecastInputs,
  ownerId: number,
  slotsOfBucket: readonly number[][],
  bucketKeys: readonly string[],
  seed: number,
  cap: number,
): void {
  for (let slot = 0; slot < own.draws.length; slot++) {
    (own.draws[slot] as Float64Array).fill(0);
    (own.counts[slot] as DealDrawCounts).exactDeals = 0;
    (own.counts[slot] as DealDrawCounts).approximatedDeals = 0;
  }
  for (let b = 0; b < BUCKET_MONTHS; b++) {
    const amounts = o.bucketAmounts[b] as number[];
    const slots = slotsOfBucket[b] as number[];
    if (amounts.length === 0 || slots.length === 0) continue;
    group.fill(0);
    const c = drawDealsInto(
      group,
      Float64Array.from(amounts),
      Float64Array.from(o.bucketProbabilities[b] as number[]),
      groupSeed(seed, ownerId, bucketKeys[b] as string),
      cap,
    );
    for (const slot of slots) {
      addInto(own.draws[slot] as Float64Array, group);
      addCounts(own.counts[slot] as DealDrawCounts, c);
    }
  }
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
  const cap = exactCap(inputs, draws);
  const slotsOfBucket: number[][] = Array.from({ length: BUCKET_MONTHS }, () => []);
  slotBuckets.forEach((buckets, slot) => {
    for (const b of buckets) slotsOfBucket[b]?.push(slot);
  });
  const { single, multi, allOwners, multiScopes } = routeScopes(scopes);
  const results: MonteCarloResult[][] = scopes.map(() => []);
  const acc = new Map<number, SlotDraws>();
  const accOf = (si: number) => {
    let a = acc.get(si);
    if (!a) {
      a = emptySlotDraws(nSlots, draws);
      acc.set(si, a);
    }
    return a;
  };
  for (const si of multiScopes) accOf(si);

  const group = new Float64Array(draws);
  const own = emptySlotDraws(nSlots, draws);
  const work = new Float64Array(draws);
  for (const [ownerId, o] of inputs.byOwner) {
    drawOwnerInto(own, group, o, ownerId, slotsOfBucket, bucketKeys, seed, cap);
    const into = [...allOwners, ...(multi.get(ownerId) ?? [])];
    for (const si of into) {
      const a = accOf(si);
      for (let slot = 0; slot < nSlots; slot++) {
        addInto(a.draws[slot] as Float64Array, own.draws[slot] as Float64Array);
        addCounts(a.counts[slot] as DealDrawCounts, own.counts[slot] as DealDrawCounts);
      }
    }
    for (const si of single.get(ownerId) ?? []) {
      results[si] = (scopes[si] as ScopeSlotDraws).slots.map((slot, i) => {
        work.set(own.draws[i] as Float64Array);
        addNewBusinessInto(work, slot.newBusinessSamples, slot.seed);
        return summarizeDraws(work, slot.fixedCents, copyCounts(own.counts[i] as DealDrawCounts));
      });
    }
  }
  scopes.forEach((scope, si) => {
    const a = acc.get(si);
    if (a === undefined && (results[si] as MonteCarloResult[]).length > 0) return;
    results[si] = scope.slots.map((slot, i) => {
      const out = a ? (a.draws[i] as Float64Array) : work.fill(0);
      addNewBusinessInto(out, slot.newBusinessSamples, slot.seed);
      return summarizeDraws(out, slot.fixedCents, a ? (a.counts[i] as DealDrawCounts) : noDeals());
    });
  });
  return results;
}

/**
 * A copy of the same shape as noDeals makes: the copies an object spread made failed the shape
 * check in summarizeDraws, which was thrown out of optimized code on nearly every call.
 */
function copyCounts(c: DealDrawCounts): DealDrawCounts {
  return { exactDeals: c.exactDeals, approximatedDeals: c.approximatedDeals };
}

function noDeals(): DealDrawCounts {
  return { exactDeals: 0, approximatedDeals: 0 };
}

function pushTo(m: Map<number, number[]>, k: number, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function addCounts(into: DealDrawCounts, c: DealDrawCounts): void {
  into.exactDeals += c.exactDeals;
  into.approximatedDeals += c.approximatedDeals;
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
