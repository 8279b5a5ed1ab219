/**
 * Stage history as flat typed arrays, built once per refresh and shared by year-review (stays),
 * revenue-focus (funnel) and deal-risk (stage age). With millions of history rows, walking row
 * objects and their date and stage strings once per analysis costs more than the analyses' own
 * arithmetic; here each row is read once, in load order, into a day number and a stage id.
 *
 * Deal i of dataset.deals owns rows first[i] … first[i + 1] − 1, oldest first (the order of
 * Prepared.stageHistoryOf). Stage ids number Prepared.stageOrder first (id = funnel index),
 * then any other stage name in order of first appearance.
 */
import type { Deal, StageChange } from "../../domain/crm";
import { dayNumber } from "../metrics/day-number";

export interface StageHistoryFacts {
  /** per deal (dataset.deals order), the index of its first row; length deals + 1 */
  first: Int32Array;
  /** per row, the day number the stage was entered (NaN for an unreadable date, as dayNumber gives) */
  enteredDay: Float64Array;
  /** per row, the stage id */
  stage: Int32Array;
  /** stage names by id */
  stageNames: string[];
  /** per deal, the furthest funnel stage its history or current stage shows; −1 for none */
  furthest: Int8Array | Int32Array;
  /**
   * per deal, the day it last entered its current stage by the history; NO_DAY when the history
   * does not show it entering that stage
   */
  currentStageEnteredDay: Float64Array;
  /**
   * whether row r here is row r of dataset.stageHistory (both sorted by deal, no row of a deal not
   * loaded), so that `first` also gives each deal's rows there
   */
  sameRowsAsDataset: boolean;
}

export const NO_DAY = Number.NEGATIVE_INFINITY;

/**
 * The facts from the dataset's deals and stage history. Prepare builds them once, before the stage
 * win rates (which read their `furthest`, sparing a second walk over every row), and keeps them as
 * Prepared.stageHistoryFacts. `stageHistoryOf` gives a deal's rows by position when the lists are
 * out of order.
 */
export function buildStageHistoryFacts(
  deals: readonly Deal[],
  stageHistory: readonly StageChange[],
  order: readonly string[],
  stageHistoryOf: (position: number) => StageChange[] | undefined,
): StageHistoryFacts {
  const ids = new Map<string, number>(order.map((s, i) => [s, i]));
  const stageNames = [...order];
  const stageId = (name: string) => {
    let id = ids.get(name);
    if (id === undefined) {
      id = stageNames.length;
      stageNames.push(name);
      ids.set(name, id);
    }
    return id;
  };
  const funnelStages = order.length;

  const n = deals.length;
  const rows = stageHistory.length;
  const first = new Int32Array(n + 1);
  const enteredDay = new Float64Array(rows);
  const stage = new Int32Array(rows);
  const furthest = funnelStages < 127 ? new Int8Array(n) : new Int32Array(n);
  const currentStageEnteredDay = new Float64Array(n);

  let w = 0;
  const take = (i: number, d: Deal, h: StageChange) => {
    const s = stageId(h.stage);
    stage[w] = s;
    enteredDay[w] = dayNumber(h.enteredAt);
    if (s < funnelStages && s > (furthest[i] as number)) furthest[i] = s;
    if (h.stage === d.stage) currentStageEnteredDay[i] = enteredDay[w] as number;
    w++;
  };
  const start = (i: number, d: Deal) => {
    first[i] = w;
    const own = ids.get(d.stage);
    furthest[i] = own !== undefined && own < funnelStages ? own : -1;
    currentStageEnteredDay[i] = NO_DAY;
  };
  /**
   * Both lists come sorted by deal id from the store, so deals and their rows are met in step (a
   * merge walk, no lookup per deal). The order is checked on the way; false when it does not hold.
   */
  const mergeWalk = (): boolean => {
    let r = 0;
    let lastRowId = "";
    for (let i = 0; i < n; i++) {
      const d = deals[i] as Deal;
      if (i > 0 && !((deals[i - 1] as Deal).id < d.id)) return false;
      start(i, d);
      // rows of deals that are not loaded (none, with the foreign key) are passed over
      while (r < rows && (stageHistory[r] as StageChange).opportunityId < d.id) {
        const id = (stageHistory[r] as StageChange).opportunityId;
        if (id < lastRowId) return false;
        lastRowId = id;
        r++;
      }
      if (r < rows && (stageHistory[r] as StageChange).opportunityId === d.id) {
        if (d.id < lastRowId) return false;
        lastRowId = d.id;
        while (r < rows && (stageHistory[r] as StageChange).opportunityId === d.id)
          take(i, d, stageHistory[r++] as StageChange);
      }
    }
    for (; r < rows; r++) {
      const id = (stageHistory[r] as StageChange).opportunityId;
      if (id < lastRowId) return false;
      lastRowId = id;
    }
    return true;
  };
  const walked = mergeWalk();
  if (!walked) {
    w = 0;
    for (let i = 0; i < n; i++) {
      const d = deals[i] as Deal;
      start(i, d);
      for (const h of stageHistoryOf(i) ?? []) take(i, d, h);
    }
  }
  first[n] = w;

  const facts: StageHistoryFacts = {
    sameRowsAsDataset: walked && w === rows,
    first,
    enteredDay: w === rows ? enteredDay : enteredDay.slice(0, w),
    stage: w === rows ? stage : stage.slice(0, w),
    stageNames,
    furthest,
    currentStageEnteredDay,
  };
  return facts;
}
