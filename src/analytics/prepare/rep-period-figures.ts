/**
 * Per-rep figures for a period, computed in one pass over the deals (read as columns), so that every scope's
 * figures are sums over its reps (roll-ups then add up to totals exactly). Attainment and
 * pipeline coverage both read them (Prepared.repPeriodFigures), memoized per period.
 */
import type { Dataset, Deal } from "../../domain/crm";
import type { Period } from "../../domain/period";
import type { QuotaOf } from "./quotas";

export interface RepPeriodFigures {
  bookingsCents: number;
  wonDeals: number;
  quotaCents: number;
  openDeals: number;
  openCents: number;
  /** Σ open amount × stage win rate, rounded to the cent per rep */
  weightedCents: number;
}

/** Figures of every rep for a period, by rep id. Each call may return the same map: do not change it. */
export type RepPeriodFiguresOf = (period: Period) => Map<number, RepPeriodFigures>;

/** Open deals count only while the period has not ended (as of `today`). */
export function repPeriodFiguresLookup(
  dataset: Dataset,
  today: string,
  quotaOf: QuotaOf,
  stageRate: (stage: string, probability: number | null) => number,
): RepPeriodFiguresOf {
  const byPeriod = new Map<string, Map<number, RepPeriodFigures>>();
  let columns: DealColumns | undefined;
  return (period) => {
    const cached = byPeriod.get(period.key);
    if (cached) return cached;
    columns ??= dealColumns(dataset, stageRate);
    const figures = repPeriodFigures(dataset, columns, today, quotaOf, period);
    byPeriod.set(period.key, figures);
    return figures;
  };
}

/**
 * What the period figures read of each deal, as columns built once for every period asked for
 * (nine in a refresh): a pass over typed arrays costs a few ms where one over 1M deal objects,
 * their close-date strings and a Map lookup per deal cost ~30 ms.
 */
interface DealColumns {
  /** per deal, its owner's index in dataset.reps (the last rep of its id); −1 for an unknown owner */
  owner: Int32Array;
  /** per deal, the rank of its close date among `closeDates` */
  closeRank: Int32Array;
  /** the distinct close dates, in ascending string order (the order `<` compares them in) */
  closeDates: string[];
  /** per deal: WON, OPEN (not won, not closed) or neither */
  kind: Uint8Array;
  amountCents: Float64Array;
  /** per open deal, amount × stage win rate */
  weighted: Float64Array;
}

const WON = 1;
const OPEN = 2;

function dealColumns(
  dataset: Dataset,
  stageRate: (stage: string, probability: number | null) => number,
): DealColumns {
  const repIndex = new Map(dataset.reps.map((r, i) => [r.id, i]));
  const { deals } = dataset;
  const n = deals.length;
  const owner = new Int32Array(n);
  const closeId = new Int32Array(n);
  const kind = new Uint8Array(n);
  const amountCents = new Float64Array(n);
  const weighted = new Float64Array(n);
  const ids = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const d = deals[i] as Deal;
    owner[i] = repIndex.get(d.ownerId) ?? -1;
    let id = ids.get(d.closeDate);
    if (id === undefined) {
      id = ids.size;
      ids.set(d.closeDate, id);
    }
    closeId[i] = id;
    amountCents[i] = d.amountCents;
    if (d.isWon) kind[i] = WON;
    else if (!d.isClosed) {
      kind[i] = OPEN;
      weighted[i] = d.amountCents * stageRate(d.stage, d.probability);
    }
  }
  const closeDates = [...ids.keys()].sort();
  const rankOf = new Int32Array(closeDates.length);
  closeDates.forEach((date, rank) => {
    rankOf[ids.get(date) as number] = rank;
  });
  // the ids become ranks in place
  for (let i = 0; i < n; i++) closeId[i] = rankOf[closeId[i] as number] as number;
  return { owner, closeRank: closeId, closeDates, kind, amountCents, weighted };
}

/** How many of the ascending `sorted` are below `value` (strictly, or with `orEqual` up to it). */
function countBelow(sorted: readonly string[], value: string, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = sorted[mid] as string;
    if (x < value || (orEqual && x === value)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function repPeriodFigures(
  dataset: Dataset,
  columns: DealColumns,
  today: string,
  quotaOf: QuotaOf,
  period: Period,
): Map<number, RepPeriodFigures> {
  const complete = today > period.end;
  const figures = new Map<number, RepPeriodFigures>();
  for (const rep of dataset.reps) {
    figures.set(rep.id, {
      bookingsCents: 0,
      wonDeals: 0,
      quotaCents: quotaOf(rep.id, period) ?? 0,
      openDeals: 0,
      openCents: 0,
      weightedCents: 0,
    });
  }
  // by owner index, the figures (those of the rep's id) and the unrounded weighted sum
  const byIndex = dataset.reps.map((r) => figures.get(r.id) as RepPeriodFigures);
  const weighted = new Float64Array(byIndex.length);
  const hasWeighted = new Uint8Array(byIndex.length);
  const { owner, closeRank, kind, amountCents } = columns;
  // in the period: close date ≥ start and ≤ end, as ranks
  const from = countBelow(columns.closeDates, period.start, false);
  const to = countBelow(columns.closeDates, period.end, true);
  for (let i = 0; i < owner.length; i++) {
    const rank = closeRank[i] as number;
    const o = owner[i] as number;
    if (rank < from || rank >= to || o < 0) continue;
    const f = byIndex[o] as RepPeriodFigures;
    const k = kind[i];
    if (k === WON) {
      f.bookingsCents += amountCents[i] as number;
      f.wonDeals++;
    } else if (k === OPEN && !complete) {
      f.openDeals++;
      f.openCents += amountCents[i] as number;
      weighted[o] = (weighted[o] as number) + (columns.weighted[i] as number);
      hasWeighted[o] = 1;
    }
  }
  for (let o = 0; o < byIndex.length; o++)
    if (hasWeighted[o] === 1)
      (byIndex[o] as RepPeriodFigures).weightedCents = Math.round(weighted[o] as number);
  return figures;
}
