import { describe, expect, it } from "vitest";
import { buildCalendar, monthOfDate, quarterOfDate } from "../../../src/analytics/forecasting/calendar";
import {
  exactDealIndexes,
  quantilesInPlace,
  runMonteCarlo,
} from "../../../src/analytics/forecasting/monte-carlo";
import { hashString, Mulberry32, streamSeed } from "../../../src/analytics/forecasting/prng";
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

describe("quantiles by selection", () => {
  it("agree with deal-stats' sorted quantile", () => {
    const r = new Mulberry32(9);
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const values = Array.from({ length: n }, () => Math.floor(r.next() * 50)); // many ties
      const got = quantilesInPlace(Float64Array.from(values), [0.1, 0.5, 0.9]);
      expect(got).toEqual([quantile(values, 0.1), quantile(values, 0.5), quantile(values, 0.9)]);
    }
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
