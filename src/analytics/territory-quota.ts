/**
 * A rep's quota for a quarter or fiscal year from imported monthly or quarterly quotas: a quarter's
 * own quota when imported, else the sum of its months'; a year is the sum of its quarters.
 * undefined when no quota row covers the period (so callers can tell "no quota" from zero).
 */
import { type Period, parsePeriod, periodOf, shiftPeriod } from "../domain/period";
import type { Prepared } from "./prepare";

export type RepQuota = (repId: number, period: Period) => number | undefined;

const cache = new WeakMap<Prepared, RepQuota>();

export function repQuotaLookup(p: Prepared): RepQuota {
  const cached = cache.get(p);
  if (cached) return cached;
  const fiscal = p.ctx.fiscalStartMonth;
  const byRep = new Map<number, Map<string, number>>();
  for (const q of p.dataset.quotas) {
    const key = parsePeriod(q.period, fiscal)?.key;
    if (!key) continue;
    let m = byRep.get(q.repId);
    if (!m) {
      m = new Map();
      byRep.set(q.repId, m);
    }
    m.set(key, (m.get(key) ?? 0) + q.amountCents);
  }
  const quarter = (quotas: Map<string, number>, period: Period): number | undefined => {
    const own = quotas.get(period.key);
    if (own !== undefined) return own;
    let sum: number | undefined;
    for (let i = 0; i < 3; i++) {
      const m = quotas.get(shiftPeriod(periodOf(period.start, "month", fiscal), i, fiscal).key);
      if (m !== undefined) sum = (sum ?? 0) + m;
    }
    return sum;
  };
  // a quarter or year is summed from its parts once per rep: analyses ask again for every scope
  const memo = new Map<string, number | undefined>();
  const lookup: RepQuota = (repId, period) => {
    const quotas = byRep.get(repId);
    if (!quotas) return undefined;
    if (period.kind === "month") return quotas.get(period.key);
    const key = `${repId}|${period.key}`;
    if (memo.has(key)) return memo.get(key);
    const value = sumOf(quotas, period);
    memo.set(key, value);
    return value;
  };
  const sumOf = (quotas: Map<string, number>, period: Period): number | undefined => {
    if (period.kind === "quarter") return quarter(quotas, period);
    let sum: number | undefined;
    for (let i = 0; i < 4; i++) {
      const q = quarter(quotas, shiftPeriod(periodOf(period.start, "quarter", fiscal), i, fiscal));
      if (q !== undefined) sum = (sum ?? 0) + q;
    }
    return sum;
  };
  cache.set(p, lookup);
  return lookup;
}
