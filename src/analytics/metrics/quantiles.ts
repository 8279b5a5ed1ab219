/** Median and quantiles: the one definition every analysis uses. */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return medianOfSorted([...values].sort((a, b) => a - b));
}

/**
 * The median of values already in ascending order (the middle value, or the mean of the two
 * middle values for an even count); null when empty.
 */
export function medianOfSorted(sorted: ArrayLike<number>): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Quantile by linear interpolation between closest ranks (q in [0, 1]); null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}
