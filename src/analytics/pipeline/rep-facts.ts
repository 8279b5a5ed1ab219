/**
 * What the pipeline analysis needs from each rep's deals, gathered in one pass over all deals so
 * that a scope's figures are sums over its reps rather than a rescan per scope (matters at 1M deals).
 */

import type { Deal, Rep } from "../../domain/crm";
import { addDays, type Period } from "../../domain/period";
import { medianOfSorted } from "../metrics/quantiles";
import { cycleDays } from "../metrics/sales-cycle";
import type { Prepared } from "../prepare/prepare";
import {
  addGenerationCounts,
  emptyGenerationCounts,
  type GenerationCounts,
  type GenerationFrame,
  generationCounter,
  pipelineGenerationFrame,
} from "./generation";
import { emptyOpenSums, type OpenSums, openDealCounter } from "./open-sums";

export interface PipelineRepFacts {
  /** open deals, whatever their close date */
  openDeals: number;
  /** deals closed in the trailing 12 months (close date in (today − 365, today]) */
  won: number;
  lost: number;
  wonCents: number;
  /** days created → close of each won deal in the window (negative spans count as 0) */
  cycleDays: number[];
  generation: GenerationCounts;
  /** the open deals closing in each of PipelineFacts.periods, summed (open-sums.ts) */
  open: OpenSums[];
}

export interface PipelineFacts {
  windowStart: string;
  frame: GenerationFrame;
  /** the periods whose open pipeline is summed */
  periods: readonly Period[];
  byRep: Map<number, PipelineRepFacts>;
}

/**
 * Per rep, what the pipeline's scopes sum: built once per pipeline computation, in one pass over
 * the deals (each pass over 1M deal objects costs ~0.1 s of memory reads alone).
 */
export function pipelineFacts(prepared: Prepared, periods: readonly Period[]): PipelineFacts {
  const today = prepared.ctx.today;
  // Trailing 12 months, as for stage win rates: close date in (today − 365, today].
  const windowStart = addDays(today, -364);
  const frame = pipelineGenerationFrame(today);
  const byRep = new Map<number, PipelineRepFacts>();
  for (const rep of prepared.dataset.reps) {
    byRep.set(rep.id, {
      openDeals: 0,
      won: 0,
      lost: 0,
      wonCents: 0,
      cycleDays: [],
      generation: emptyGenerationCounts(frame),
      open: periods.map(emptyOpenSums),
    });
  }
  const countOpen = openDealCounter(prepared, periods);
  const countGeneration = generationCounter(frame);
  const deals = prepared.dataset.deals;
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    const f = byRep.get(d.ownerId);
    if (!f) continue;
    countGeneration(f.generation, d);
    if (!d.isClosed) {
      f.openDeals++;
      countOpen(f.open, d, i);
    } else if (d.closeDate >= windowStart && d.closeDate <= today) {
      if (d.isWon) {
        f.won++;
        f.wonCents += d.amountCents;
        f.cycleDays.push(cycleDays(d));
      } else f.lost++;
    }
  }
  return { windowStart, frame, periods, byRep };
}

export interface PipelineScopeSums {
  openDeals: number;
  won: number;
  lost: number;
  wonCents: number;
  cycleDays: Float64Array;
  generation: GenerationCounts;
}

export function pipelineSumFacts(facts: PipelineFacts, reps: readonly Rep[]): PipelineScopeSums {
  let openDeals = 0;
  let won = 0;
  let lost = 0;
  let wonCents = 0;
  let cycles = 0;
  const generation = emptyGenerationCounts(facts.frame);
  for (const r of reps) {
    const f = facts.byRep.get(r.id);
    if (!f) continue;
    openDeals += f.openDeals;
    won += f.won;
    lost += f.lost;
    wonCents += f.wonCents;
    cycles += f.cycleDays.length;
    addGenerationCounts(generation, f.generation);
  }
  const cycleDays = new Float64Array(cycles);
  let i = 0;
  for (const r of reps) for (const c of facts.byRep.get(r.id)?.cycleDays ?? []) cycleDays[i++] = c;
  return { openDeals, won, lost, wonCents, cycleDays, generation };
}

/** Median of a numeric array (sorted in place); null when empty. */
export function pipelineMedian(values: Float64Array): number | null {
  return medianOfSorted(values.sort());
}
