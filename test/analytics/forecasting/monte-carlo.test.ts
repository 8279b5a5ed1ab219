import { describe, expect, it } from "vitest";
import { buildCalendar, monthOfDate, quarterOfDate } from "../../../src/analytics/forecasting/calendar";
import {
  drawDealsInto,
  exactDealIndexes,
  quantilesInPlace,
  runMonteCarlo,
} from "../../../src/analytics/forecasting/monte-carlo";
import {
  boxMullerInto,
  hashString,
  MULBERRY32_STEP,
  Mulberry32,
  mulberry32Output,
  mulberry32StateAfter,
  streamSeed,
} from "../../../src/analytics/forecasting/prng";
import { quantile } from "../../../src/analytics/metrics/quantiles";

const base = {
  fixedCents: 0,
  newBusinessSamples: [] as number[],
  draws: 10_000,
  seed: 1,
  maxExactDeals: 512,
};

describe("seeded generator", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const a = new Mulberry32(7);
    const b = new Mulberry32(7);
    const c = new Mulberry32(8);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it("derives a different stream for each scope and period", () => {
    expect(streamSeed(1, "company|2026-11")).toBe(streamSeed(1, "company|2026-11"));
    expect(streamSeed(1, "company|2026-11")).not.toBe(streamSeed(1, "team:West|2026-11"));
    expect(streamSeed(1, "company|2026-11")).not.toBe(streamSeed(2, "company|2026-11"));
    expect(hashString("")).toBe(0x811c9dc5);
  });

  it("draws uniforms in [0, 1) and standard normals", () => {
    const r = new Mulberry32(3);
    let sum = 0;
    let sumSq = 0;
    let min = 1;
    let max = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      min = Math.min(min, u);
      max = Math.max(max, u);
      const z = r.nextGaussian();
      sum += z;
      sumSq += z * z;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(Math.abs(sum / n)).toBeLessThan(0.05); // sd of the mean is 1/√20000 ≈ 0.007
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.05);
  });
});

describe("reading the stream out of order", () => {
  it("finds any step's state and number directly", () => {
    const r = new Mulberry32(0xdeadbeef);
    const seq = Array.from({ length: 6 }, () => r.nextUint32());
    const s0 = new Mulberry32(0xdeadbeef).state;
    for (let k = 0; k < 6; k++) expect(mulberry32Output(mulberry32StateAfter(s0, k + 1))).toBe(seq[k]);
    expect(mulberry32StateAfter(7, 2)).toBe((7 + 2 * MULBERRY32_STEP) | 0);
  });

  it("Box–Muller on two numbers gives the generator's next two normals", () => {
    const r = new Mulberry32(42);
    const copy = new Mulberry32(42);
    const pair = new Float64Array(2);
    boxMullerInto(copy.nextUint32(), copy.nextUint32(), pair, 0);
    expect([r.nextGaussian(), r.nextGaussian()]).toEqual([pair[0], pair[1]]);
    // u = 1 − 0 = 1 gives radius 0: both normals are (minus) zero
    boxMullerInto(0, 12345, pair, 0);
    expect([Math.abs(pair[0] as number), Math.abs(pair[1] as number)]).toEqual([0, 0]);
  });

  it("draws a group exactly as drawing it draw by draw, deal by deal from one generator would", () => {
    const amounts = Float64Array.from([900, 50, 700, 20, 30, 400, 10, 5]);
    const probabilities = Float64Array.from([0.5, 0.9, 1, 0.3, 0.2, 0.05, 0, 0.6]);
    for (const maxExact of [0, 3, 8]) {
      const got = new Float64Array(101).fill(1);
      drawDealsInto(got, amounts, probabilities, 77, maxExact);
      expect(got).toEqual(drawnOneByOne(amounts, probabilities, 77, maxExact, 101));
    }
  });
});

/** The group's draws the plain way: one generator, draw after draw (the definition drawDealsInto keeps). */
function drawnOneByOne(
  amounts: Float64Array,
  probabilities: Float64Array,
  seed: number,
  maxExact: number,
  draws: number,
): Float64Array {
  const exact = exactDealIndexes(amounts, maxExact);
  const rest = amounts.map((_, i) => (exact.includes(i) ? 0 : 1));
  let mean = 0;
  let variance = 0;
  let max = 0;
  rest.forEach((isRest, i) => {
    if (!isRest) return;
    const p = probabilities[i] as number;
    const a = amounts[i] as number;
    mean += p * a;
    variance += p * (1 - p) * a * a;
    max += a;
  });
  const sd = Math.sqrt(variance);
  const certain = exact.filter((i) => (probabilities[i] as number) >= 1);
  const drawn = exact.filter((i) => (probabilities[i] as number) > 0 && (probabilities[i] as number) < 1);
  const rng = new Mulberry32(seed);
  const out = new Float64Array(draws).fill(1);
  for (let d = 0; d < draws; d++) {
    let s = certain.reduce((sum, i) => sum + (amounts[i] as number), 0);
    for (const i of drawn) {
      const u = rng.nextUint32() >>> 1;
      if (u < Math.floor((probabilities[i] as number) * 2147483648)) s += amounts[i] as number;
    }
    if (max > 0) {
      const r = sd > 0 ? mean + sd * rng.nextGaussian() : mean;
      s += r < 0 ? 0 : Math.min(r, max);
    }
    out[d] = (out[d] as number) + s;
  }
  return out;
}

describe("quantiles by selection", () => {
  it("agree with deal-stats' sorted quantile", () => {
    const r = new Mulberry32(9);
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Array.from({ length: n }, () => Math.floor(r.next() * 50)); // many ties
      const got = quantilesInPlace(Float64Array.from(values), [0.1, 0.5, 0.9]);
      expect(got).toEqual([quantile(values, 0.1), quantile(values, 0.5), quantile(values, 0.9)]);
    }
  });

  it("agree with it on draws long enough for the histogram, skewed, tied or all equal", () => {
    const r = new Mulberry32(11);
    const cases = [
      Array.from({ length: 10_000 }, () => Math.floor(r.next() * 1_000) * 37.5), // ties, spread out
      Array.from({ length: 3_001 }, (_, i) => (i === 7 ? 1e12 : r.next() * 100)), // one far outlier
      Array.from({ length: 500 }, (_, i) => (i % 3 === 0 ? -250 : 4_000 + r.next())), // two clusters
      new Array<number>(300).fill(42),
    ];
    for (const values of cases) {
      const qs = [0.1, 0.5, 0.9];
      const got = quantilesInPlace(Float64Array.from(values), qs);
      expect(got).toEqual(qs.map((q) => quantile(values, q)));
    }
    const values = [5, 1, 4, 2, 3, ...new Array<number>(300).fill(10)];
    // repeated and out-of-step quantiles: ranks 0, 0, 1 and 2 (pos 1.216), 304
    const got = quantilesInPlace(Float64Array.from(values), [0, 0, 0.004, 1]);
    expect(got).toEqual([1, 1, quantile(values, 0.004), 10]);
    expect(got[2]).toBeCloseTo(2.216, 12);
  });

  it("picks the largest deals to draw exactly", () => {
    const amounts = Float64Array.from([5, 1, 9, 9, 3, 7]);
    expect(exactDealIndexes(amounts, 3).sort()).toEqual([2, 3, 5]);
    expect(exactDealIndexes(amounts, 10)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(exactDealIndexes(amounts, 0)).toEqual([]);
  });
});

describe("runMonteCarlo", () => {
  it("a single 50% deal: P10 = 0, P90 = its amount, mean near half", () => {
    const r = runMonteCarlo({
      ...base,
      amounts: Float64Array.from([10_000]),
      probabilities: Float64Array.from([0.5]),
    });
    expect(r.p10Cents).toBe(0);
    expect(r.p90Cents).toBe(10_000);
    // sd of the mean = 5,000 / √10,000 = 50
    expect(Math.abs(r.meanCents - 5_000)).toBeLessThan(300);
  });

  it("certain and impossible deals and the fixed part are exact", () => {
    const r = runMonteCarlo({
      ...base,
      fixedCents: 700,
      amounts: Float64Array.from([1_000, 2_000]),
      probabilities: Float64Array.from([1, 0]),
    });
    expect([r.p10Cents, r.p50Cents, r.p90Cents, r.meanCents]).toEqual([1_700, 1_700, 1_700, 1_700]);
  });

  it("adds new business drawn from the bootstrap pool", () => {
    const r = runMonteCarlo({
      ...base,
      amounts: new Float64Array(0),
      probabilities: new Float64Array(0),
      newBusinessSamples: [100, 300],
    });
    expect([r.p10Cents, r.p90Cents]).toEqual([100, 300]);
    expect(Math.abs(r.meanCents - 200)).toBeLessThan(10); // sd of the mean = 100 / 100 = 1
  });

  it("approximates the small deals by a normal with the same mean", () => {
    // 1,000 deals of 100 at p = 0.3: mean 30,000, sd √(1000 × 0.21) × 100 ≈ 1,449
    const amounts = new Float64Array(1_000).fill(100);
    const probabilities = new Float64Array(1_000).fill(0.3);
    const exact = runMonteCarlo({ ...base, amounts, probabilities, maxExactDeals: 1_000 });
    const approx = runMonteCarlo({ ...base, amounts, probabilities, maxExactDeals: 10 });
    expect(approx.exactDeals).toBe(10);
    expect(approx.approximatedDeals).toBe(990);
    for (const r of [exact, approx]) {
      expect(Math.abs(r.meanCents - 30_000)).toBeLessThan(150);
      expect(Math.abs(r.p50Cents - 30_000)).toBeLessThan(200);
      // P90 − P50 ≈ 1.2816 × 1,449 ≈ 1,857
      expect(Math.abs(r.p90Cents - r.p50Cents - 1_857)).toBeLessThan(250);
    }
  });

  it("is reproducible for a seed and P10 ≤ P50 ≤ P90", () => {
    const input = {
      ...base,
      amounts: Float64Array.from([500, 1_500, 2_500, 40_000]),
      probabilities: Float64Array.from([0.9, 0.2, 0.6, 0.1]),
      newBusinessSamples: [0, 250],
    };
    const a = runMonteCarlo(input);
    expect(runMonteCarlo(input)).toEqual(a);
    expect(runMonteCarlo({ ...input, seed: 2 })).not.toEqual(a);
    expect(a.p10Cents).toBeLessThanOrEqual(a.p50Cents);
    expect(a.p50Cents).toBeLessThanOrEqual(a.p90Cents);
  });
});

describe("calendar lookups", () => {
  it("maps dates and datetimes to month and quarter indexes of the window", () => {
    const cal = buildCalendar("2026-11-15", 1);
    expect(cal.months[monthOfDate(cal, "2026-11-30")]?.key).toBe("2026-11");
    expect(cal.months[monthOfDate(cal, "2025-02-01T23:00:00Z")]?.key).toBe("2025-02");
    expect(cal.quarters[quarterOfDate(cal, "2026-08-15")]?.key).toBe("2026-Q3");
    expect(monthOfDate(cal, "2019-01-01")).toBe(-1);
    expect(monthOfDate(cal, "not a date")).toBe(-1);
  });
});
