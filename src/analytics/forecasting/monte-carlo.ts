/**
 * Monte Carlo of a period's bookings (metrics.md, "Next-period forecast", method 3):
 *   draw = bookings already won + Σ over open deals (amount if it closes, drawn with its win probability)
 *          + new business created and won within the period (bootstrapped from past periods).
 * Seeded (mulberry32), so reruns on the same data agree.
 *
 * The draws are built from parts that add up: drawDealsInto adds one group of deals' outcomes to
 * every draw, addNewBusinessInto adds a bootstrap sample to every draw, summarizeDraws reads the
 * quantiles. The forecast draws each rep's deals of each month once and adds them into every scope
 * and period that contains them (monte-carlo-scopes.ts); runMonteCarlo is one group.
 *
 * Cost control, documented: the largest `maxExactDeals` deals of a group are drawn one by one; the
 * rest (many small ones, whose sum is close to normal by the central limit theorem) are drawn as one
 * normal variable with the same mean Σ p·a and variance Σ p(1 − p)·a², clamped to [0, Σ a]. Work is
 * draws × (exact deals + 1) per group; quantiles use selection, not sorting.
 */
import { Mulberry32 } from "./prng";

export interface MonteCarloInput {
  /** already booked in the period (the in-progress period's won-to-date) */
  fixedCents: number;
  amounts: Float64Array;
  /** win probability of each deal in the period, 0..1 */
  probabilities: Float64Array;
  /** bootstrap pool of new business, one value per past period (already scaled); may be empty */
  newBusinessSamples: readonly number[];
  draws: number;
  seed: number;
  maxExactDeals: number;
}

export interface MonteCarloResult {
  p10Cents: number;
  p50Cents: number;
  p90Cents: number;
  meanCents: number;
  draws: number;
  exactDeals: number;
  approximatedDeals: number;
}

/** How a group's deals were drawn. */
export interface DealDrawCounts {
  exactDeals: number;
  approximatedDeals: number;
}

/** The stream of new-business picks differs from the deals' stream of the same seed. */
const NEW_BUSINESS_STREAM = 0x5bd1e995;

export function runMonteCarlo(input: MonteCarloInput): MonteCarloResult {
  const draws = Math.max(1, Math.floor(input.draws));
  const out = new Float64Array(draws);
  const counts = drawDealsInto(out, input.amounts, input.probabilities, input.seed, input.maxExactDeals);
  addNewBusinessInto(out, input.newBusinessSamples, input.seed ^ NEW_BUSINESS_STREAM);
  return summarizeDraws(out, input.fixedCents, counts);
}

/**
 * Adds to out[d] the amount of the group's deals that close in draw d. Certain deals (p = 1) are
 * added outright and impossible ones skipped. An exact deal closes when a 31-bit uniform is below
 * p·2^31: the sign of their difference is a mask, so the hot loop has no branch to mispredict
 * (half the time for a coin-flip deal) and stays in small-integer arithmetic.
 */
export function drawDealsInto(
  out: Float64Array,
  amounts: Float64Array,
  probabilities: Float64Array,
  seed: number,
  maxExactDeals: number,
): DealDrawCounts {
  const n = amounts.length;
  const draws = out.length;
  const exact = exactDealIndexes(amounts, Math.max(0, Math.floor(maxExactDeals)));
  const isExact = new Uint8Array(n);
  for (const i of exact) isExact[i] = 1;
  let certain = 0;
  const drawn: number[] = [];
  for (const i of exact) {
    const p = clamp01(probabilities[i] as number);
    if (p >= 1) certain += amounts[i] as number;
    else if (p > 0) drawn.push(i);
  }
  const m = drawn.length;
  const exactAmounts = new Float64Array(m);
  const thresholds = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const i = drawn[k] as number;
    exactAmounts[k] = amounts[i] as number;
    thresholds[k] = Math.floor(clamp01(probabilities[i] as number) * 2147483648); // < 2^31 as p < 1
  }
  let restMean = 0;
  let restVar = 0;
  let restMax = 0;
  for (let i = 0; i < n; i++) {
    if (isExact[i]) continue;
    const a = amounts[i] as number;
    const p = clamp01(probabilities[i] as number);
    restMean += p * a;
    restVar += p * (1 - p) * a * a;
    restMax += a;
  }
  const restSd = Math.sqrt(restVar);
  const rng = new Mulberry32(seed);
  // mulberry32 inlined in the hot loop (same sequence as Mulberry32.nextUint32): a method call per
  // deal per draw costs several times the arithmetic.
  let state = rng.state;
  for (let d = 0; d < draws; d++) {
    let s = certain;
    for (let k = 0; k < m; k++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      // u in [0, 2^31): (u − threshold) >> 31 is −1 when the deal closes, else 0
      const closes = (((t ^ (t >>> 14)) >>> 1) - (thresholds[k] as number)) >> 31;
      s -= closes * (exactAmounts[k] as number);
    }
    if (restMax > 0) {
      rng.state = state;
      const r = restSd > 0 ? restMean + restSd * rng.nextGaussian() : restMean;
      s += r < 0 ? 0 : Math.min(r, restMax);
      state = rng.state;
    }
    out[d] = (out[d] as number) + s;
  }
  return { exactDeals: exact.length, approximatedDeals: n - exact.length };
}

/**
 * Adds to every draw one value of the bootstrap pool, picked uniformly: index = ⌊u · n / 2^32⌋ for a
 * 32-bit uniform u (a multiplication rather than a floating-point remainder).
 */
export function addNewBusinessInto(out: Float64Array, pool: readonly number[], seed: number): void {
  const n = pool.length;
  if (n === 0) return;
  const values = Float64Array.from(pool);
  const scale = n / 4294967296;
  let state = seed | 0;
  for (let d = 0; d < out.length; d++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[d] = (out[d] as number) + (values[Math.floor(((t ^ (t >>> 14)) >>> 0) * scale)] as number);
  }
}

/** P10/P50/P90 and mean of the draws plus the fixed part; reorders `out`. */
export function summarizeDraws(
  out: Float64Array,
  fixedCents: number,
  counts: DealDrawCounts,
): MonteCarloResult {
  let sum = 0;
  for (let d = 0; d < out.length; d++) sum += out[d] as number;
  const [p10, p50, p90] = quantilesInPlace(out, [0.1, 0.5, 0.9]) as [number, number, number];
  const draws = out.length;
  return {
    p10Cents: Math.round(fixedCents + p10),
    p50Cents: Math.round(fixedCents + p50),
    p90Cents: Math.round(fixedCents + p90),
    meanCents: Math.round(fixedCents + sum / draws),
    draws,
    exactDeals: counts.exactDeals,
    approximatedDeals: counts.approximatedDeals,
  };
}

function clamp01(p: number): number {
  return p > 1 ? 1 : Math.max(p, 0);
}

/** Indexes of the `k` largest amounts (ties broken by position), without sorting everything. */
export function exactDealIndexes(amounts: Float64Array, k: number): number[] {
  const n = amounts.length;
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  if (k === 0) return [];
  const copy = Float64Array.from(amounts);
  const threshold = selectKth(copy, n - k); // the k-th largest value
  const out: number[] = [];
  for (let i = 0; i < n && out.length < k; i++) if ((amounts[i] as number) > threshold) out.push(i);
  for (let i = 0; i < n && out.length < k; i++) if (amounts[i] === threshold) out.push(i);
  return out;
}

/** The k-th smallest value (0-based) of `a`, reordering `a` in place (Hoare quickselect). */
export function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/**
 * Quantiles (ascending qs) by linear interpolation between closest ranks, as deal-stats' quantile,
 * by selection rather than sorting: once rank r is selected everything after it is ≥ it, so the
 * next rank and the next quantile are searched only to its right.
 */
export function quantilesInPlace(a: Float64Array, qs: readonly number[]): number[] {
  const n = a.length;
  if (n === 0) return qs.map(() => 0);
  let from = 0;
  return qs.map((q) => {
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    const low = selectKth(a.subarray(from), lo - from);
    from = lo;
    if (pos === lo || lo + 1 >= n) return low;
    // everything after rank lo is ≥ it: the next rank is their minimum
    let next = a[lo + 1] as number;
    for (let i = lo + 2; i < n; i++) if ((a[i] as number) < next) next = a[i] as number;
    return low + (next - low) * (pos - lo);
  });
}
