/**
 * A rep's quota for any month, quarter or fiscal year, from the imported monthly and quarterly
 * quotas: the one reading of quotas every analysis shares. Refinement of metrics.md (which leaves
 * the grain open):
 * - a month without its own quota gets its share of the quarter's, split in thirds to the cent
 *   (cumulative rounding, so the three shares sum to the quarter exactly);
 * - a quarter without its own quota is the sum of its months';
 * - a year is the sum of its quarters.
 * undefined when no quota row covers the period, so callers can tell "no quota" from zero.
 * Built once per refresh (Prepared.quotaOf), memoized per rep and period: analyses ask again for
 * every scope.
 */

import type { Quota } from "../../domain/crm";
import { type Period, parsePeriod, periodOf, shiftPeriod } from "../../domain/period";

export type QuotaOf = (repId: number, period: Period) => number | undefined;

export function quotaLookup(quotaRows: readonly Quota[], fiscal: number): QuotaOf {
  const byRep = new Map<number, Map<string, number>>();
  for (const q of quotaRows) {
    const key = parsePeriod(q.period, fiscal)?.key;
    if (!key) continue;
    let m = byRep.get(q.repId);
    if (!m) {
      m = new Map();
      byRep.set(q.repId, m);
    }
    m.set(key, (m.get(key) ?? 0) + q.amountCents);
  }

  const sumOf = (parts: (number | undefined)[]): number | undefined => {
    let sum: number | undefined;
    for (const part of parts) if (part !== undefined) sum = (sum ?? 0) + part;
    return sum;
  };
  const parts = (period: Period, kind: "month" | "quarter", n: number): Period[] => {
    const first = periodOf(period.start, kind, fiscal);
    return Array.from({ length: n }, (_, i) => shiftPeriod(first, i, fiscal));
  };
  const quarterOf = (quotas: Map<string, number>, quarter: Period): number | undefined =>
    quotas.get(quarter.key) ?? sumOf(parts(quarter, "month", 3).map((m) => quotas.get(m.key)));
  const monthOf = (quotas: Map<string, number>, month: Period): number | undefined => {
    const own = quotas.get(month.key);
    if (own !== undefined) return own;
    const quarter = periodOf(month.start, "quarter", fiscal);
    const q = quotas.get(quarter.key);
    if (q === undefined) return undefined;
    const index = (Number(month.start.slice(5, 7)) - Number(quarter.start.slice(5, 7)) + 12) % 12;
    return Math.round((q * (index + 1)) / 3) - Math.round((q * index) / 3);
  };

  const memo = new Map<string, number | undefined>();
  const lookup: QuotaOf = (repId, period) => {
    const quotas = byRep.get(repId);
    if (!quotas) return undefined;
    const key = `${repId}|${period.key}`;
    if (memo.has(key)) return memo.get(key);
    const value =
      period.kind === "month"
        ? monthOf(quotas, period)
        : period.kind === "quarter"
          ? quarterOf(quotas, period)
          : sumOf(parts(period, "quarter", 4).map((q) => quarterOf(quotas, q)));
    memo.set(key, value);
    return value;
  };
  return lookup;
}
