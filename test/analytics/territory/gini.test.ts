import { describe, expect, it } from "vitest";
import { fairness, gini } from "../../../src/analytics/territory/gini";

describe("gini", () => {
  it("is 0 for equal values and 0.75 when one of four holds everything", () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    // Σ|xi − xj| over ordered pairs = 6; 2 n² mean = 2 × 16 × 0.25 = 8 → 0.75
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75, 12);
    expect(gini([1, 0, 0, 0])).toBeCloseTo(0.75, 12);
  });

  it("matches the mean-absolute-difference definition", () => {
    // [1, 2, 3]: Σ|xi − xj| = 2 × (1 + 2 + 1) = 8; 2 n² mean = 2 × 9 × 2 = 36 → 0.2222
    expect(gini([3, 1, 2])).toBeCloseTo(8 / 36, 12);
    const xs = [0.5, 0.875, 1, 2.4, 0.1];
    let diff = 0;
    for (const a of xs) for (const b of xs) diff += Math.abs(a - b);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(gini(xs)).toBeCloseTo(diff / (2 * xs.length * xs.length * mean), 12);
  });

  it("is undefined for no values or a zero total, and 0 for a single value", () => {
    expect(gini([])).toBeNull();
    expect(gini([0, 0])).toBeNull();
    expect(gini([5])).toBe(0);
  });

  it("turns into a fairness score of 1 − Gini", () => {
    expect(fairness([1, 1, 1, 1])).toBe(1);
    expect(fairness([0, 0, 0, 1])).toBeCloseTo(0.25, 12);
    expect(fairness([])).toBeNull();
  });
});
