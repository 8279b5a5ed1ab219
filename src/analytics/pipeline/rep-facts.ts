/**
 * What the pipeline analysis needs from each rep's deals, gathered in one pass over all deals so
 * that a scope's figures are sums over its reps rather than a rescan per scope (matters at 1M deals).
 */

import type { Deal, Rep } from "../../domain/crm";
import { addDays } from "../../domain/period";
import { medianOfSorted } from "../metrics/quantiles";
import { cycleDays } from "../metrics/sales-cycle";
import type { Prepared } from "../prepare/prepare";
import {
  addGenerationCounts,
  countGeneration,
  emptyGenerationCounts,
  type GenerationCounts,
  type GenerationFrame,
  pipelineGenerationFrame,
} from "./generation";

export interface PipelineRepFacts {
  open: Deal[];
  /** deals closed in the trailing 12 months (close date in (today − 365, today]) */
  won: number;
  lost: number;
  wonCents: number;
  /** days created → close of each won deal in the window (negative spans count as 0) */
  cycleDays: number[];
  generation: GenerationCounts;
}

export interface PipelineFacts {
  windowStart: string;
  frame: GenerationFrame;
  byRep: Map<number, PipelineRepFacts>;
}

/** Per rep, what the pipeline's scopes sum: built once per pipeline computation. */
export function pipelineFacts(prepared: Prepared): PipelineFacts {
  const today = prepared.ctx.today;
  // Trailing 12 months, as for stage win rates: close date in (today − 365, today].
  const windowStart = addDays(today, -364);
  const frame = pipelineGenerationFrame(today);
  const byRep = new Map<number, PipelineRepFacts>();
  for (const rep of prepared.dataset.reps) {
    byRep.set(rep.id, {
      open: [],
      won: 0,
      lost: 0,
      wonCents: 0,
      cycleDays: [],
      generation: emptyGenerationCounts(frame),
    });
  }
  for (const d of prepared.dataset.deals) {
    const f = byRep.get(d.ownerId);
    if (!f) continue;
    countGeneration(frame, f.generation, d);
    if (!d.isClosed) f.open.push(d);
    else if (d.closeDate >= windowStart && d.closeDate <= today) {
      if (d.isWon) {
        f.won++;
        f.wonCents += d.amountCents;
        f.cycleDays.push(cycleDays(d));
      } else f.lost++;
    }
  }
  return { windowStart, frame, byRep };
}

export interface PipelineScopeSums {
  open: Deal[];
  won: number;
  lost: number;
  wonCents: number;
  cycleDays: Float64Array;
  generation: GenerationCounts;
}

export function pipelineSumFacts(facts: PipelineFacts, reps: readonly Rep[]): PipelineScopeSums {
  const open: Deal[] = [];
  let won = 0;
  let lost = 0;
  let wonCents = 0;
  let cycles = 0;
  const generation = emptyGenerationCounts(facts.frame);
  for (const r of reps) {
    const f = facts.byRep.get(r.id);
    if (!f) continue;
    for (const d of f.open) open.push(d);
    won += f.won;
    lost += f.lost;
    wonCents += f.wonCents;
    cycles += f.cycleDays.length;
    addGenerationCounts(generation, f.generation);
  }
  const cycleDays = new Float64Array(cycles);
  let i = 0;
  for (const r of reps) for (const c of facts.byRep.get(r.id)?.cycleDays ?? []) cycleDays[i++] = c;
  return { open, won, lost, wonCents, cycleDays, generation };
}

/** Median of a numeric array (sorted in place); null when empty. */
export function pipelineMedian(values: Float64Array): number | null {
  return medianOfSorted(values.sort());
}
