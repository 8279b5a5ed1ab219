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
import type { Deal, HistoryColumns, StageChange } from "../../domain/crm";
import { dayNumber } from "../metrics/day-number";
import { instantDays } from "../metrics/instant-days";

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

/** Fills the facts deal by deal, row by row, in deal order. */
class FactsWriter {
  readonly ids: Map<string, number>;
  readonly stageNames: string[];
  readonly funnelStages: number;
  readonly first: Int32Array;
  readonly enteredDay: Float64Array;
  readonly stage: Int32Array;
  readonly furthest: Int8Array | Int32Array;
  readonly currentStageEnteredDay: Float64Array;
  /** rows written so far */
  w = 0;

  constructor(order: readonly string[], deals: number, rows: number) {
    this.ids = new Map<string, number>(order.map((s, i) => [s, i]));
    this.stageNames = [...order];
    this.funnelStages = order.length;
    this.first = new Int32Array(deals + 1);
    this.enteredDay = new Float64Array(rows);
    this.stage = new Int32Array(rows);
    this.furthest = order.length < 127 ? new Int8Array(deals) : new Int32Array(deals);
    this.currentStageEnteredDay = new Float64Array(deals);
  }

  stageId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.stageNames.length;
      this.stageNames.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  /** deal i's rows start here */
  start(i: number, d: Deal): void {
    this.first[i] = this.w;
    const own = this.ids.get(d.stage);
    this.furthest[i] = own !== undefined && own < this.funnelStages ? own : -1;
    this.currentStageEnteredDay[i] = NO_DAY;
  }

  /** one row of deal i */
  take(i: number, d: Deal, h: StageChange): void {
    this.takeStage(i, this.stageId(h.stage), dayNumber(h.enteredAt), h.stage === d.stage);
  }

  /** one row of deal i: stage id s entered on `day`; `current` when s is the deal's current stage */
  takeStage(i: number, s: number, day: number, current: boolean): void {
    const w = this.w;
    this.stage[w] = s;
    this.enteredDay[w] = day;
    if (s < this.funnelStages && s > (this.furthest[i] as number)) this.furthest[i] = s;
    if (current) this.currentStageEnteredDay[i] = day;
    this.w = w + 1;
  }
}

/**
 * The facts from stage history columns (Dataset.historyColumns.stage), row by row in their order:
 * each distinct stage name is looked up once and each distinct instant's day computed once.
 */
export function stageHistoryFactsOfColumns(
  deals: readonly Deal[],
  columns: HistoryColumns,
  order: readonly string[],
): StageHistoryFacts {
  const { first, value, values, at } = columns;
  const out = new FactsWriter(order, deals.length, value.length);
  // ids are given in order of first appearance in the rows, as the row-object walk gives them
  const stageOfValue = new Int32Array(values.length).fill(-1);
  const dayOfInstant = instantDays(columns);
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    out.start(i, d);
    const end = first[i + 1] as number;
    for (let r = first[i] as number; r < end; r++) {
      const v = value[r] as number;
      let s = stageOfValue[v] as number;
      if (s < 0) {
        s = out.stageId(values[v] as string);
        stageOfValue[v] = s;
      }
      out.takeStage(i, s, dayOfInstant[at[r] as number] as number, values[v] === d.stage);
    }
  }
  out.first[deals.length] = out.w;
  return {
    sameRowsAsDataset: true,
    first: out.first,
    enteredDay: out.enteredDay,
    stage: out.stage,
    stageNames: out.stageNames,
    furthest: out.furthest,
    currentStageEnteredDay: out.currentStageEnteredDay,
  };
}

/**
 * Both lists come sorted by deal id from the store, so deals and their rows are met in step (a
 * merge walk, no lookup per deal). The order is checked on the way; false when it does not hold.
 */
function mergeWalk(deals: readonly Deal[], stageHistory: readonly StageChange[], out: FactsWriter): boolean {
  const n = deals.length;
  const rows = stageHistory.length;
  let r = 0;
  let lastRowId = "";
  for (let i = 0; i < n; i++) {
    const d = deals[i] as Deal;
    if (i > 0 && !((deals[i - 1] as Deal).id < d.id)) return false;
    out.start(i, d);
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
        out.take(i, d, stageHistory[r++] as StageChange);
    }
  }
  for (; r < rows; r++) {
    const id = (stageHistory[r] as StageChange).opportunityId;
    if (id < lastRowId) return false;
    lastRowId = id;
  }
  return true;
}

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
  const n = deals.length;
  const rows = stageHistory.length;
  const out = new FactsWriter(order, n, rows);
  const walked = mergeWalk(deals, stageHistory, out);
  if (!walked) {
    out.w = 0;
    for (let i = 0; i < n; i++) {
      const d = deals[i] as Deal;
      out.start(i, d);
      for (const h of stageHistoryOf(i) ?? []) out.take(i, d, h);
    }
  }
  const w = out.w;
  out.first[n] = w;
  return {
    sameRowsAsDataset: walked && w === rows,
    first: out.first,
    enteredDay: w === rows ? out.enteredDay : out.enteredDay.slice(0, w),
    stage: w === rows ? out.stage : out.stage.slice(0, w),
    stageNames: out.stageNames,
    furthest: out.furthest,
    currentStageEnteredDay: out.currentStageEnteredDay,
  };
}
