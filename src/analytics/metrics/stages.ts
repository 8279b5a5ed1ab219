/**
 * The funnel's stages (metrics.md, "Deals"): which stage names are closed or won, the open stages
 * in funnel order, and stage win rates. Pure functions.
 */
import type { Deal, HistoryColumns, StageChange } from "../../domain/crm";
import { addDays } from "../../domain/period";

/** A stage name that means the deal is closed (won or lost) rather than a step of the open funnel. */
export function isClosedStageName(stage: string): boolean {
  return /(won|lost)\s*$/i.test(stage.trim());
}

/** A closed stage name that means won ("Closed Won"). */
export function isWonStageName(stage: string): boolean {
  return /won\s*$/i.test(stage.trim());
}

/**
 * isClosedStageName remembered per distinct stage name, for loops that ask it for each of 1M deals
 * and 3.9M history rows: a Map lookup of a shared string costs far less than the expression.
 */
export function closedStageNames(): (stage: string) => boolean {
  const known = new Map<string, boolean>();
  return (stage) => {
    let closed = known.get(stage);
    if (closed === undefined) {
      closed = isClosedStageName(stage);
      known.set(stage, closed);
    }
    return closed;
  };
}

/**
 * The open stages in funnel order. Taken from the average CRM probability of deals seen in each stage
 * (lower first) and, for ties or stages without probabilities, from the average position at which
 * stages are entered in stage history.
 */
export function stageOrder(
  deals: readonly Deal[],
  history: readonly StageChange[] | HistoryColumns,
): string[] {
  // One record per distinct stage, found with one Map lookup per deal and per history row: at
  // 3.9M history rows, a closed-stage lookup, a Set insert and a get-then-set per row cost ~0.1 s.
  const facts = new Map<string, StageOrderFacts>();
  const factsOf = (stage: string): StageOrderFacts => {
    let f = facts.get(stage);
    if (f === undefined) {
      f = { closed: isClosedStageName(stage), seen: false, probSum: 0, probN: 0, posSum: 0, posN: 0 };
      facts.set(stage, f);
    }
    return f;
  };
  const stages: string[] = [];
  const see = (stage: string, f: StageOrderFacts) => {
    if (!f.seen) {
      f.seen = true;
      stages.push(stage);
    }
  };
  for (const d of deals) {
    const f = factsOf(d.stage);
    if (f.closed) continue;
    see(d.stage, f);
    if (d.probability !== null) {
      f.probSum += d.probability;
      f.probN++;
    }
  }
  /** an open stage entered as the deal's index-th open stage: counts once, so the index moves on */
  const seeAt = (stage: string, f: StageOrderFacts, index: number): number => {
    if (f.closed) return index;
    see(stage, f);
    f.posSum += index;
    f.posN++;
    return index + 1;
  };
  if (Array.isArray(history)) {
    let current = "";
    let index = 0;
    for (const h of history as readonly StageChange[]) {
      if (h.opportunityId !== current) {
        current = h.opportunityId;
        index = 0;
      }
      index = seeAt(h.stage, factsOf(h.stage), index);
    }
  } else {
    // the same rows in the same order (deal by deal), one lookup per distinct stage instead of per row
    const { first, value, values } = history as HistoryColumns;
    const factsOfValue = values.map((v) => factsOf(v));
    for (let i = 0; i < deals.length; i++) {
      const end = first[i + 1] as number;
      let index = 0;
      for (let r = first[i] as number; r < end; r++) {
        const v = value[r] as number;
        index = seeAt(values[v] as string, factsOfValue[v] as StageOrderFacts, index);
      }
    }
  }
  const prob = (k: string) => {
    const f = facts.get(k) as StageOrderFacts;
    return f.probN > 0 ? f.probSum / f.probN : null;
  };
  const position = (k: string) => {
    const f = facts.get(k) as StageOrderFacts;
    return f.posN > 0 ? f.posSum / f.posN : null;
  };
  return stages.sort((a, b) => {
    const pa = prob(a);
    const pb = prob(b);
    if (pa !== null && pb !== null && pa !== pb) return pa - pb;
    const qa = position(a) ?? Number.POSITIVE_INFINITY;
    const qb = position(b) ?? Number.POSITIVE_INFINITY;
    if (qa !== qb) return qa - qb;
    return a.localeCompare(b);
  });
}

interface StageOrderFacts {
  closed: boolean;
  /** counted among the open stages (in order of first sight) */
  seen: boolean;
  probSum: number;
  probN: number;
  posSum: number;
  posN: number;
}

export interface StageWinRate {
  stage: string;
  /** deals closed in the trailing 12 months that ever reached this stage */
  reached: number;
  won: number;
  /** the rate used: observed when reached ≥ 20, else the CRM probability fallback */
  rate: number;
  source: "observed" | "crm_probability";
}

export const MIN_DEALS_FOR_OBSERVED_RATE = 20;

/**
 * Stage win rate = share of deals that ever reached the stage which ended Closed Won, over deals
 * closed in the 12 months up to `today`. A deal "reached" a stage when its history shows it, or
 * when it reached a later stage; a won deal reached every stage; a lost deal with no history
 * counts as having reached only the first stage. Fewer than 20 such deals: the mean CRM
 * probability of deals in that stage, or the stage's place in the funnel when there is none.
 */
export function stageWinRates(
  deals: readonly Deal[],
  history: readonly StageChange[],
  today: string,
  order: readonly string[] = stageOrder(deals, history),
  /**
   * per deal, the furthest funnel stage (index in `order`) its history shows, or −1; when given
   * (prepare has it from the stage history facts) the history is not walked again. It may also
   * count the deal's current stage: the rate takes that into account anyway.
   */
  furthestByDeal?: ArrayLike<number>,
): StageWinRate[] {
  const from = addDays(today, -365);
  const index = new Map(order.map((s, i) => [s, i]));
  const furthest = furthestByDeal ?? furthestStages(deals, history, index);
  const reached = new Array<number>(order.length).fill(0);
  const won = new Array<number>(order.length).fill(0);
  for (let k = 0; k < deals.length; k++) {
    const d = deals[k] as Deal;
    if (!d.isClosed || d.closeDate <= from || d.closeDate > today) continue;
    const last = d.isWon ? order.length - 1 : Math.max(furthest[k] as number, 0, index.get(d.stage) ?? 0);
    for (let i = 0; i <= last; i++) {
      reached[i] = (reached[i] as number) + 1;
      if (d.isWon) won[i] = (won[i] as number) + 1;
    }
  }
  const probSum = new Map<string, { sum: number; n: number }>();
  const isClosed = closedStageNames();
  for (const d of deals) {
    if (d.probability === null || isClosed(d.stage)) continue;
    const e = probSum.get(d.stage) ?? { sum: 0, n: 0 };
    e.sum += d.probability;
    e.n++;
    probSum.set(d.stage, e);
  }
  return order.map((stage, i) => {
    const r = reached[i] as number;
    const w = won[i] as number;
    if (r >= MIN_DEALS_FOR_OBSERVED_RATE)
      return { stage, reached: r, won: w, rate: w / r, source: "observed" };
    const p = probSum.get(stage);
    const fallback = p && p.n > 0 ? p.sum / p.n / 100 : (i + 1) / (order.length + 1);
    return { stage, reached: r, won: w, rate: fallback, source: "crm_probability" };
  });
}

/**
 * Per deal (by position), the furthest funnel position its stage history shows, -1 for none.
 * Deals and history both come sorted by deal id from the store, so they are walked in step; a
 * Map of 1M deal ids cost ~0.4 s at 1M deals. Out of order (as tests may build them), rows are
 * gathered per deal id in a Map instead.
 */
function furthestStages(
  deals: readonly Deal[],
  history: readonly StageChange[],
  index: ReadonlyMap<string, number>,
): Int32Array {
  const furthest = new Int32Array(deals.length).fill(-1);
  let sorted = true;
  for (let k = 1; k < deals.length && sorted; k++) sorted = (deals[k - 1] as Deal).id < (deals[k] as Deal).id;
  let k = 0;
  let runId = "";
  for (let r = 0; r < history.length && sorted; r++) {
    const h = history[r] as StageChange;
    if (h.opportunityId !== runId) {
      if (h.opportunityId < runId) sorted = false;
      runId = h.opportunityId;
      while (k < deals.length && (deals[k] as Deal).id < runId) k++;
    }
    if (k === deals.length || (deals[k] as Deal).id !== runId) continue;
    const i = index.get(h.stage);
    if (i !== undefined && i > (furthest[k] as number)) furthest[k] = i;
  }
  if (sorted) return furthest;
  const byId = new Map<string, number>();
  for (const h of history) {
    const i = index.get(h.stage);
    if (i !== undefined && i > (byId.get(h.opportunityId) ?? -1)) byId.set(h.opportunityId, i);
  }
  for (let d = 0; d < deals.length; d++) furthest[d] = byId.get((deals[d] as Deal).id) ?? -1;
  return furthest;
}

/** Lookup with a default for stages the table does not know (e.g. a stage first seen today). */
export function stageRateLookup(
  rates: readonly StageWinRate[],
): (stage: string, probability: number | null) => number {
  const byStage = new Map(rates.map((r) => [r.stage, r.rate]));
  return (stage, probability) => byStage.get(stage) ?? (probability !== null ? probability / 100 : 0);
}
