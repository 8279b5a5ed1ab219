/**
 * Pipeline generation (metrics.md): amount and count of deals created per week (Monday to Sunday)
 * and per month, each against the trailing average of the 3 periods before it.
 */
import type { GenerationRow } from "../domain/analyses/pipeline";
import type { Deal } from "../domain/crm";
import { addDays, daysBetween, monthPeriod } from "../domain/period";

export const GENERATION_WEEKS = 8;
export const GENERATION_MONTHS = 6;
export const GENERATION_TRAILING = 3;

interface Bucket {
  start: string;
  end: string;
  deals: number;
  amountCents: number;
}

function rows(buckets: Bucket[], today: string): GenerationRow[] {
  return buckets.slice(GENERATION_TRAILING).map((b, i) => {
    const previous = buckets.slice(i, i + GENERATION_TRAILING);
    const avgDeals = previous.reduce((s, p) => s + p.deals, 0) / GENERATION_TRAILING;
    const avgAmount = Math.round(previous.reduce((s, p) => s + p.amountCents, 0) / GENERATION_TRAILING);
    return {
      start: b.start,
      end: b.end,
      complete: today > b.end,
      deals: b.deals,
      amountCents: b.amountCents,
      trailingAverageDeals: avgDeals,
      trailingAverageAmountCents: avgAmount,
      amountVsTrailing: avgAmount > 0 ? b.amountCents / avgAmount : null,
    };
  });
}

/** The Monday on or before a date. */
export function pipelineWeekStart(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((dow + 6) % 7));
}

/** Weekly rows for the 8 weeks ending with the current one, monthly rows for the 6 months ending with the current one. */
export function pipelineGeneration(
  deals: readonly Deal[],
  today: string,
): { weekly: GenerationRow[]; monthly: GenerationRow[] } {
  const weekCount = GENERATION_WEEKS + GENERATION_TRAILING;
  const firstWeek = addDays(pipelineWeekStart(today), -7 * (weekCount - 1));
  const weeks: Bucket[] = Array.from({ length: weekCount }, (_, i) => ({
    start: addDays(firstWeek, 7 * i),
    end: addDays(firstWeek, 7 * i + 6),
    deals: 0,
    amountCents: 0,
  }));
  const monthCount = GENERATION_MONTHS + GENERATION_TRAILING;
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const months: Bucket[] = Array.from({ length: monthCount }, (_, i) => {
    const index = y * 12 + (m - 1) - (monthCount - 1 - i);
    const p = monthPeriod(Math.floor(index / 12), (index % 12) + 1);
    return { start: p.start, end: p.end, deals: 0, amountCents: 0 };
  });
  const firstMonth = (months[0] as Bucket).start;
  const firstMonthIndex = Number(firstMonth.slice(0, 4)) * 12 + Number(firstMonth.slice(5, 7)) - 1;
  const lastWeekEnd = (weeks[weekCount - 1] as Bucket).end;
  const lastMonthEnd = (months[monthCount - 1] as Bucket).end;
  for (const d of deals) {
    const c = d.createdDate;
    if (c >= firstWeek && c <= lastWeekEnd) {
      const w = weeks[Math.floor(daysBetween(firstWeek, c) / 7)];
      if (w) {
        w.deals++;
        w.amountCents += d.amountCents;
      }
    }
    if (c >= firstMonth && c <= lastMonthEnd) {
      const mo = months[Number(c.slice(0, 4)) * 12 + Number(c.slice(5, 7)) - 1 - firstMonthIndex];
      if (mo) {
        mo.deals++;
        mo.amountCents += d.amountCents;
      }
    }
  }
  return { weekly: rows(weeks, today), monthly: rows(months, today) };
}
