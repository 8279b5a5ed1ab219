/**
 * Pipeline generation (metrics.md): amount and count of deals created per week (Monday to Sunday)
 * and per month, each against the trailing average of the 3 periods before it. Counting is split
 * from the rows so that per-rep counts can be summed into any scope without rescanning deals.
 */
import type { GenerationRow } from "../../domain/analyses/pipeline";
import type { Deal } from "../../domain/crm";
import { addDays, daysBetween, monthPeriod } from "../../domain/period";

export const GENERATION_WEEKS = 8;
export const GENERATION_MONTHS = 6;
export const GENERATION_TRAILING = 3;

interface Span {
  start: string;
  end: string;
}

/** The weeks and months counted for a given today, trailing periods first. */
export interface GenerationFrame {
  today: string;
  weeks: Span[];
  months: Span[];
}

/** Deals and amounts per week and month of a frame, index-aligned with it. */
export interface GenerationCounts {
  weekDeals: number[];
  weekCents: number[];
  monthDeals: number[];
  monthCents: number[];
}

/** The Monday on or before a date. */
export function pipelineWeekStart(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((dow + 6) % 7));
}

/** The 8 weeks ending with the current one and the 6 months ending with the current one, each with 3 more before. */
export function pipelineGenerationFrame(today: string): GenerationFrame {
  const weekCount = GENERATION_WEEKS + GENERATION_TRAILING;
  const firstWeek = addDays(pipelineWeekStart(today), -7 * (weekCount - 1));
  const weeks = Array.from({ length: weekCount }, (_, i) => ({
    start: addDays(firstWeek, 7 * i),
    end: addDays(firstWeek, 7 * i + 6),
  }));
  const monthCount = GENERATION_MONTHS + GENERATION_TRAILING;
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const months = Array.from({ length: monthCount }, (_, i) => {
    const index = y * 12 + (m - 1) - (monthCount - 1 - i);
    const p = monthPeriod(Math.floor(index / 12), (index % 12) + 1);
    return { start: p.start, end: p.end };
  });
  return { today, weeks, months };
}

export function emptyGenerationCounts(frame: GenerationFrame): GenerationCounts {
  return {
    weekDeals: frame.weeks.map(() => 0),
    weekCents: frame.weeks.map(() => 0),
    monthDeals: frame.months.map(() => 0),
    monthCents: frame.months.map(() => 0),
  };
}

/**
 * Adds a deal's creation to counts of the frame. Each distinct created date's week and month are
 * worked out once (a few thousand dates across 1M deals), not by date arithmetic per deal.
 */
export function generationCounter(frame: GenerationFrame): (counts: GenerationCounts, deal: Deal) => void {
  const known = new Map<string, GenerationIndexes>();
  return (counts, deal) => {
    let at = known.get(deal.createdDate);
    if (at === undefined) {
      at = generationIndexes(frame, deal.createdDate);
      known.set(deal.createdDate, at);
    }
    addGeneration(counts, deal, at);
  };
}

/** The week and month index of a created date in a frame; null outside it. */
interface GenerationIndexes {
  week: number | null;
  month: number | null;
}

function generationIndexes(frame: GenerationFrame, c: string): GenerationIndexes {
  const firstWeek = (frame.weeks[0] as Span).start;
  const firstMonth = (frame.months[0] as Span).start;
  return {
    week:
      c >= firstWeek && c <= (frame.weeks[frame.weeks.length - 1] as Span).end
        ? Math.floor(daysBetween(firstWeek, c) / 7)
        : null,
    month:
      c >= firstMonth && c <= (frame.months[frame.months.length - 1] as Span).end
        ? (Number(c.slice(0, 4)) - Number(firstMonth.slice(0, 4))) * 12 +
          Number(c.slice(5, 7)) -
          Number(firstMonth.slice(5, 7))
        : null,
  };
}

function addGeneration(counts: GenerationCounts, deal: Deal, at: GenerationIndexes): void {
  const { week: i, month: j } = at;
  if (i !== null) {
    counts.weekDeals[i] = (counts.weekDeals[i] ?? 0) + 1;
    counts.weekCents[i] = (counts.weekCents[i] ?? 0) + deal.amountCents;
  }
  if (j !== null) {
    counts.monthDeals[j] = (counts.monthDeals[j] ?? 0) + 1;
    counts.monthCents[j] = (counts.monthCents[j] ?? 0) + deal.amountCents;
  }
}

/** Adds counts into a running total. */
export function addGenerationCounts(total: GenerationCounts, more: GenerationCounts): void {
  for (const key of ["weekDeals", "weekCents", "monthDeals", "monthCents"] as const) {
    const t = total[key];
    more[key].forEach((v, i) => {
      t[i] = (t[i] ?? 0) + v;
    });
  }
}

function rows(spans: Span[], deals: number[], cents: number[], today: string): GenerationRow[] {
  return spans.slice(GENERATION_TRAILING).map((b, k) => {
    const i = k + GENERATION_TRAILING;
    let prevDeals = 0;
    let prevCents = 0;
    for (let j = i - GENERATION_TRAILING; j < i; j++) {
      prevDeals += deals[j] ?? 0;
      prevCents += cents[j] ?? 0;
    }
    const avgAmount = Math.round(prevCents / GENERATION_TRAILING);
    const amountCents = cents[i] ?? 0;
    return {
      start: b.start,
      end: b.end,
      complete: today > b.end,
      deals: deals[i] ?? 0,
      amountCents,
      trailingAverageDeals: prevDeals / GENERATION_TRAILING,
      trailingAverageAmountCents: avgAmount,
      amountVsTrailing: avgAmount > 0 ? amountCents / avgAmount : null,
    };
  });
}

export function generationRows(
  frame: GenerationFrame,
  counts: GenerationCounts,
): { weekly: GenerationRow[]; monthly: GenerationRow[] } {
  return {
    weekly: rows(frame.weeks, counts.weekDeals, counts.weekCents, frame.today),
    monthly: rows(frame.months, counts.monthDeals, counts.monthCents, frame.today),
  };
}
