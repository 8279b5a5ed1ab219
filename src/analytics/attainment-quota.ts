/**
 * Quota of a rep for any month, quarter or fiscal year, from the imported monthly and quarterly
 * quotas. Refinement of metrics.md (which leaves the grain open): a month without its own quota
 * gets its share of the quarter's (split in thirds to the cent, the three shares summing to the
 * quarter); a quarter without its own quota is the sum of its months'; a year is the sum of its
 * quarters.
 */
import { type Period, parsePeriod, periodOf, shiftPeriod } from "../domain/period";
import type { Prepared } from "./prepare";

export type QuotaLookup = (repId: number, period: Period) => number;

const cache = new WeakMap<Prepared, QuotaLookup>();

export function attainmentQuotaLookup(prepared: Prepared): QuotaLookup {
  const cached = cache.get(prepared);
  if (cached) return cached;
  const fiscal = prepared.ctx.fiscalStartMonth;
  const byRep = new Map<number, Map<string, number>>();
  for (const q of prepared.dataset.quotas) {
    const key = parsePeriod(q.period, fiscal)?.key;
    if (!key) continue;
    let m = byRep.get(q.repId);
    if (!m) {
      m = new Map();
      byRep.set(q.repId, m);
    }
    m.set(key, (m.get(key) ?? 0) + q.amountCents);
  }
  const quarterOf = (repId: number, quarter: Period): number => {
    const own = byRep.get(repId)?.get(quarter.key);
    if (own !== undefined) return own;
    let sum = 0;
    for (let i = 0; i < 3; i++)
      sum += byRep.get(repId)?.get(shiftPeriod(periodOf(quarter.start, "month"), i).key) ?? 0;
    return sum;
  };
  const lookup: QuotaLookup = (repId, period) => {
    const quotas = byRep.get(repId);
    if (!quotas) return 0;
    if (period.kind === "quarter") return quarterOf(repId, period);
    if (period.kind === "year") {
      let sum = 0;
      for (let i = 0; i < 4; i++)
        sum += quarterOf(repId, shiftPeriod(periodOf(period.start, "quarter", fiscal), i, fiscal));
      return sum;
    }
    const own = quotas.get(period.key);
    if (own !== undefined) return own;
    const quarter = periodOf(period.start, "quarter", fiscal);
    const q = quotas.get(quarter.key);
    if (q === undefined) return 0;
    const i = Number(period.start.slice(5, 7)) - Number(quarter.start.slice(5, 7));
    const index = (i + 12) % 12;
    return Math.round((q * (index + 1)) / 3) - Math.round((q * index) / 3);
  };
  cache.set(prepared, lookup);
  return lookup;
}
