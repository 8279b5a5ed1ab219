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
import { boxMullerInto, MULBERRY32_STEP, Mulberry32, mulberry32Output, mulberry32StateAfter } from "./prng";

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
 * added outright and impossible ones skipped; the rest of the group (the deals not drawn one by
 * one) is its normal approximation, clamped.
 *
 * The numbers are those of one mulberry32 stream read draw by draw (per draw: one number per exact
 * deal, in order, then a Box–Muller pair on every other draw), but not read in that order: each
 * draw's first state is computed directly (prng.ts), then deal by deal every draw at once. Each
 * draw's sum still adds its deals in the same order; only the work is arranged so that no step
 * waits for the one before (one running state and one running sum per group made every deal-draw
 * wait on the last).
 */
export function drawDealsInto(
  out: Float64Array,
  amounts: Float64Array,
  probabilities: Float64Array,
  seed: number,
  maxExactDeals: number,
): DealDrawCounts {
  const n = amounts.length;
  const exact = exactDealIndexes(amounts, Math.max(0, Math.floor(maxExactDeals)));
  const { certain, exactAmounts, thresholds } = exactPart(amounts, probabilities, exact);
  const rest = restPart(amounts, probabilities, exact);
  const normal = rest.max > 0 && rest.sd > 0;
  const m = exactAmounts.length;
  const draws = out.length;
  const { starts, sums } = drawScratch(draws);
  firstStatesInto(starts, draws, new Mulberry32(seed).state, normal ? m + 2 : m, m);
  sums.fill(certain, 0, draws);
  for (let k = 0; k < m; k++)
    addDealInto(
      sums,
      starts,
      draws,
      Math.imul(k + 1, MULBERRY32_STEP),
      exactAmounts[k] as number,
      thresholds[k] as number,
    );
  if (rest.max > 0) addRestInto(sums, draws, rest, normal ? starts : null, m);
  for (let d = 0; d < draws; d++) out[d] = (out[d] as number) + (sums[d] as number);
  return { exactDeals: exact.length, approximatedDeals: n - exact.length };
}

// The loops are small functions of their own: one long function of several loops, run a few
// hundred times, was compiled loop by loop on the fly and thrown out again and again.

/** Each draw's first state: `even` numbers drawn in each even draw before it, `odd` in each odd one. */
function firstStatesInto(starts: Int32Array, draws: number, state: number, even: number, odd: number): void {
  let st = state;
  for (let d = 0; d < draws; d++) {
    starts[d] = st;
    st = mulberry32StateAfter(st, d % 2 === 0 ? even : odd);
  }
}

/** One exact deal in every draw: its number is `offset` past the draw's first state. */
function addDealInto(
  sums: Float64Array,
  starts: Int32Array,
  draws: number,
  offset: number,
  amount: number,
  threshold: number,
): void {
  for (let d = 0; d < draws; d++) {
    // mulberry32Output inlined: a call per deal per draw costs several times the arithmetic.
    const st = ((starts[d] as number) + offset) | 0;
    let t = Math.imul(st ^ (st >>> 15), st | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    // u in [0, 2^31): (u − threshold) >> 31 is −1 when the deal closes, else 0; a mask, so the
    // loop has no branch to mispredict (half the time for a coin-flip deal)
    const closes = (((t ^ (t >>> 14)) >>> 1) - threshold) >> 31;
    sums[d] = (sums[d] as number) - closes * amount;
  }
}

/** The exact deals' certain total, and those to draw: amounts and closing thresholds p·2^31. */
function exactPart(amounts: Float64Array, probabilities: Float64Array, exact: readonly number[]) {
  let certain = 0;
  const drawn: number[] = [];
  for (const i of exact) {
    const p = clamp01(probabilities[i] as number);
    if (p >= 1) certain += amounts[i] as number;
    else if (p > 0) drawn.push(i);
  }
  const exactAmounts = new Float64Array(drawn.length);
  const thresholds = new Int32Array(drawn.length);
  drawn.forEach((i, k) => {
    exactAmounts[k] = amounts[i] as number;
    thresholds[k] = Math.floor(clamp01(probabilities[i] as number) * 2147483648); // < 2^31 as p < 1
  });
  return { certain, exactAmounts, thresholds };
}

interface RestPart {
  mean: number;
  sd: number;
  max: number;
}

/** Mean Σ p·a, sd √Σ p(1 − p)·a² and most Σ a of the deals not drawn one by one. */
function restPart(amounts: Float64Array, probabilities: Float64Array, exact: readonly number[]): RestPart {
  const isExact = new Uint8Array(amounts.length);
  for (const i of exact) isExact[i] = 1;
  let mean = 0;
  let variance = 0;
  let max = 0;
  for (let i = 0; i < amounts.length; i++) {
    if (isExact[i]) continue;
    const a = amounts[i] as number;
    const p = clamp01(probabilities[i] as number);
    mean += p * a;
    variance += p * (1 - p) * a * a;
    max += a;
  }
  return { mean, sd: Math.sqrt(variance), max };
}

/**
 * Adds each draw's normal approximation of the rest, clamped to [0, max]. `starts`: each draw's
 * first state, whose pair (on even draws) follows its m exact-deal numbers; null when the sd is 0.
 */
function addRestInto(
  sums: Float64Array,
  draws: number,
  rest: RestPart,
  starts: Int32Array | null,
  m: number,
): void {
  const pair = new Float64Array(2);
  for (let d = 0; d < draws; d++) {
    let r = rest.mean;
    if (starts !== null) {
      if (d % 2 === 0) {
        const st = starts[d] as number;
        const first = mulberry32Output(mulberry32StateAfter(st, m + 1));
        boxMullerInto(first, mulberry32Output(mulberry32StateAfter(st, m + 2)), pair, 0);
      }
      r = rest.mean + rest.sd * (pair[d % 2] as number);
    }
    sums[d] = (sums[d] as number) + (r < 0 ? 0 : Math.min(r, rest.max));
  }
}

/** Per-draw working arrays, kept between groups (the forecast draws a few hundred groups). */
let drawArrays = { starts: new Int32Array(0), sums: new Float64Array(0) };

function drawScratch(draws: number): typeof drawArrays {
  if (drawArrays.starts.length < draws)
    drawArrays = { starts: new Int32Array(draws), sums: new Float64Array(draws) };
  return drawArrays;
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
  const sum = sumOf(out);
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

/**
 * The draws' sum, in draw order. A function of its own so that summarizeDraws has no loop: a loop
 * gets compiled while still running, and that early code (made before the first result was built,
 * with the result's fields still small integers) was reused and thrown out on every call.
 */
function sumOf(out: Float64Array): number {
  let sum = 0;
  for (let d = 0; d < out.length; d++) sum += out[d] as number;
  return sum;
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
 * without sorting. Large arrays go through a histogram: each value's bucket ⌊(v − min)·B/(max − min)⌋
 * never decreases as v grows (each floating-point step is monotone), so a rank's value is the rank
 * within its bucket, and only the few buckets holding a wanted rank are copied out and selected in.
 * The values picked are the same array elements as a full sort would give. May reorder `a`.
 */
export function quantilesInPlace(a: Float64Array, qs: readonly number[]): number[] {
  const n = a.length;
  if (n === 0) return qs.map(() => 0);
  const ranks: number[] = [];
  for (const q of qs) {
    const lo = Math.floor((n - 1) * q);
    ranks.push(lo, Math.min(lo + 1, n - 1));
  }
  const at = n < HISTOGRAM_MIN_VALUES ? valuesAtRanksBySelection(a, ranks) : valuesAtRanks(a, ranks);
  return qs.map((q, i) => {
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    const low = at[2 * i] as number;
    if (pos === lo || lo + 1 >= n) return low;
    const next = at[2 * i + 1] as number;
    return low + (next - low) * (pos - lo);
  });
}

/** Below this many values a histogram costs more than selecting in the whole array. */
const HISTOGRAM_MIN_VALUES = 256;
const HISTOGRAM_BUCKETS = 2048;

/** The values at the given ranks (0-based, ascending order), each by selection in `a`; reorders `a`. */
function valuesAtRanksBySelection(a: Float64Array, ranks: readonly number[]): number[] {
  return ranks.map((r) => selectKth(a, r));
}

/**
 * The histogram's working arrays, kept between calls: the forecast reads quantiles of a few hundred
 * draw arrays of the same length, and allocating them per call cost more than the reads.
 */
let scratch = {
  bucket: new Uint16Array(0),
  count: new Int32Array(HISTOGRAM_BUCKETS),
  below: new Int32Array(HISTOGRAM_BUCKETS + 1),
  segment: new Int32Array(HISTOGRAM_BUCKETS),
  fill: new Int32Array(HISTOGRAM_BUCKETS),
  range: new Float64Array(2),
};

/**
 * The values at the given ranks (0-based, ascending order), by histogram (see quantilesInPlace).
 * Each loop is a small function of its own: one long function of several loops, run a few hundred
 * times, was compiled loop by loop on the fly and thrown out again and again.
 */
function valuesAtRanks(a: Float64Array, ranks: readonly number[]): number[] {
  const n = a.length;
  if (scratch.bucket.length < n) scratch = { ...scratch, bucket: new Uint16Array(n) };
  const { bucket, count, below, segment, fill, range } = scratch;
  rangeInto(a, range);
  const min = range[0] as number;
  const max = range[1] as number;
  const scale = HISTOGRAM_BUCKETS / (max - min);
  // all equal (or a range too odd to bucket): plain selection
  if (!(max > min) || !Number.isFinite(scale)) return valuesAtRanksBySelection(a, ranks);
  countBuckets(a, min, scale, bucket, count);
  below[0] = 0;
  for (let b = 0; b < HISTOGRAM_BUCKETS; b++) below[b + 1] = (below[b] as number) + (count[b] as number);
  // each wanted bucket gets a segment of `picked`; the ranks (nearly) ascend, so one walk finds them
  const bucketOf = new Int32Array(ranks.length);
  segment.fill(-1);
  let size = 0;
  let walk = 0;
  for (let i = 0; i < ranks.length; i++) {
    const r = ranks[i] as number;
    if ((below[walk] as number) > r) walk = 0;
    while ((below[walk + 1] as number) <= r) walk++;
    bucketOf[i] = walk;
    if ((segment[walk] as number) < 0) {
      segment[walk] = size;
      size += count[walk] as number;
    }
  }
  const picked = new Float64Array(size);
  fill.set(segment);
  pickBuckets(a, bucket, fill, picked);
  const out: number[] = [];
  for (let i = 0; i < ranks.length; i++) {
    const b = bucketOf[i] as number;
    const from = segment[b] as number;
    const values = picked.subarray(from, from + (count[b] as number));
    out.push(selectKth(values, (ranks[i] as number) - (below[b] as number)));
  }
  return out;
}

/** range[0] = min, range[1] = max of a non-empty array. */
function rangeInto(a: Float64Array, range: Float64Array): void {
  let min = a[0] as number;
  let max = min;
  for (let d = 1; d < a.length; d++) {
    const v = a[d] as number;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  range[0] = min;
  range[1] = max;
}

/** Each value's bucket, and the values per bucket. */
function countBuckets(a: Float64Array, min: number, scale: number, bucket: Uint16Array, count: Int32Array) {
  const last = HISTOGRAM_BUCKETS - 1;
  count.fill(0);
  for (let d = 0; d < a.length; d++) {
    const b = Math.min(Math.floor(((a[d] as number) - min) * scale), last);
    bucket[d] = b;
    count[b] = (count[b] as number) + 1;
  }
}

/** Copies the values of the wanted buckets (fill[b] ≥ 0: where the next one goes) into `picked`. */
function pickBuckets(a: Float64Array, bucket: Uint16Array, fill: Int32Array, picked: Float64Array): void {
  for (let d = 0; d < a.length; d++) {
    const b = bucket[d] as number;
    const w = fill[b] as number;
    if (w < 0) continue;
    picked[w] = a[d] as number;
    fill[b] = w + 1;
  }
}
