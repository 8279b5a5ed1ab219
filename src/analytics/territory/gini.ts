/**
 * Gini coefficient of non-negative values: 0 when all are equal, approaching 1 when one holds
 * everything ([0, 0, 0, 1] → 0.75). Sorted-rank form of Σ|xi − xj| / (2 n² mean), O(n log n).
 * null for no values or a zero total (the coefficient is undefined there).
 */
export function gini(values: readonly number[]): number | null {
  const n = values.length;
  if (n === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i] as number;
    total += v;
    weighted += (i + 1) * v;
  }
  if (total <= 0) return null;
  const g = (2 * weighted) / (n * total) - (n + 1) / n;
  return Math.max(0, Math.min(1, g));
}

/** Fairness score = 1 − Gini (metrics.md, quarterly planning); null when the Gini is undefined. */
export function fairness(values: readonly number[]): number | null {
  const g = gini(values);
  return g === null ? null : 1 - g;
}
