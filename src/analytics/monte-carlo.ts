/**
 * Monte Carlo of a period's bookings (metrics.md, "Next-period forecast", method 3):
 *   draw = bookings already won + Σ over open deals (amount if it closes, drawn with its win probability)
 *          + new business created and won within the period (bootstrapped from past periods).
 * Seeded (mulberry32), so reruns on the same data agree.
 *
 * Cost control, documented: the largest `maxExactDeals` deals are drawn one by one; the rest of a
 * scope's deals (many small ones, whose sum is close to normal by the central limit theorem) are
 * drawn as one normal variable with the same mean Σ p·a and variance Σ p(1 − p)·a², clamped to
 * [0, Σ a]. Work is draws × (exact deals + 2) per scope and period; quantiles use selection, not sorting.
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

export function runMonteCarlo(input: MonteCarloInput): MonteCarloResult {
  const n = input.amounts.length;
  const draws = Math.max(1, Math.floor(input.draws));
  const exact = exactDealIndexes(input.amounts, Math.max(0, Math.floor(input.maxExactDeals)));
  const isExact = new Uint8Array(n);
  for (const i of exact) isExact[i] = 1;
  // Certain deals (p = 1) are added outright and impossible ones skipped; the rest compare a signed
  // 32-bit draw with a signed threshold, which keeps the hot loop in small-integer arithmetic.
  let certain = 0;
  const drawn: number[] = [];
  for (const i of exact) {
    const p = clamp01(input.probabilities[i] as number);
    if (p >= 1) certain += input.amounts[i] as number;
    else if (p > 0) drawn.push(i);
  }
  const exactAmounts = new Float64Array(drawn.length);
  const thresholds = new Int32Array(drawn.length);
  for (let k = 0; k < drawn.length; k++) {
    const i = drawn[k] as number;
    exactAmounts[k] = input.amounts[i] as number;
    thresholds[k] = Math.floor(clamp01(input.probabilities[i] as number) * 4294967296) - 2147483648;
  }
  let restMean = 0;
  let restVar = 0;
  let restMax = 0;
  for (let i = 0; i < n; i++) {
    if (isExact[i]) continue;
    const a = input.amounts[i] as number;
    const p = clamp01(input.probabilities[i] as number);
    restMean += p * a;
    restVar += p * (1 - p) * a * a;
    restMax += a;
  }
  const restSd = Math.sqrt(restVar);
  const pool = input.newBusinessSamples;
  const rng = new Mulberry32(input.seed);
  const out = new Float64Array(draws);
  const m = exactAmounts.length;
  let sum = 0;
  // mulberry32 inlined in the hot loop (same sequence as Mulberry32.nextUint32): a method call per
  // deal per draw costs several times the arithmetic.
  let state = rng.state;
  for (let d = 0; d < draws; d++) {
    let s = input.fixedCents + certain;
    for (let k = 0; k < m; k++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      // (u >>> 0) < p·2^32  ⇔  (u ^ 2^31) < p·2^32 − 2^31 as signed integers
      if ((t ^ (t >>> 14) ^ 0x80000000) < (thresholds[k] as number)) s += exactAmounts[k] as number;
    }
    rng.state = state;
    if (restMax > 0) {
      const r = restSd > 0 ? restMean + restSd * rng.nextGaussian() : restMean;
      s += r < 0 ? 0 : Math.min(r, restMax);
    }
    if (pool.length > 0) s += pool[rng.nextUint32() % pool.length] as number;
    state = rng.state;
    out[d] = s;
    sum += s;
  }
  const [p10, p50, p90] = quantilesInPlace(out, [0.1, 0.5, 0.9]) as [number, number, number];
  return {
    p10Cents: Math.round(p10),
    p50Cents: Math.round(p50),
    p90Cents: Math.round(p90),
    meanCents: Math.round(sum / draws),
    draws,
    exactDeals: exact.length,
    approximatedDeals: n - exact.length,
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
    const next = selectKth(a.subarray(lo + 1), 0);
    return low + (next - low) * (pos - lo);
  });
}

export function quantileInPlace(a: Float64Array, q: number): number {
  return quantilesInPlace(a, [q])[0] as number;
}
