/**
 * The open pipeline of each rep in each period the pipeline reports (deals, amounts, stages, age
 * and pushes), summed in one pass over the deals, so that a scope's figures are sums over its reps.
 * At 1M deals, filtering and walking every scope's open deals once per period (each deal five
 * scopes deep, four periods) and looking its facts up by id cost ~1.5 s; this ~0.2 s.
 *
 * Sums over reps equal those over the scope's deals: counts and cents are integers, as are the
 * ages (whole days). Stages are listed in order of first appearance, which concatenating the
 * reps' lists in the scope's rep order keeps; the pushed deals are ranked by a total order, and
 * the top of a union is among the tops of its parts.
 */
import type { PipelineResult } from "../../domain/analyses/pipeline";
import type { Deal } from "../../domain/crm";
import { daysBetween, type Period } from "../../domain/period";
import { stageAgesByPosition } from "../metrics/stage-age";
import type { Prepared } from "../prepare/prepare";
import { NO_DAY } from "../prepare/stage-history";
import { pipelineCloseDates, pipelinePushCount } from "./history";

export const PIPELINE_AGE_BUCKETS: readonly { label: string; fromDays: number; toDays: number | null }[] = [
  { label: "0–30 days", fromDays: 0, toDays: 30 },
  { label: "31–60 days", fromDays: 31, toDays: 60 },
  { label: "61–90 days", fromDays: 61, toDays: 90 },
  { label: "91–180 days", fromDays: 91, toDays: 180 },
  { label: "over 180 days", fromDays: 181, toDays: null },
];

export const PIPELINE_TOP_PUSHED = 10;

export type PushedDeal = PipelineResult["pushed"]["top"][number];

/** Open deals closing in one period, of one rep or summed over a scope's reps. */
export interface OpenSums {
  deals: number;
  cents: number;
  /** deals and amount by stage, in order of first appearance */
  byStage: Map<string, { deals: number; amountCents: number }>;
  /** by PIPELINE_AGE_BUCKETS index */
  bucketDeals: number[];
  bucketCents: number[];
  /** Σ age in days */
  ageSum: number;
  /** deals with a known stage age, and Σ of it, by stage in order of first appearance */
  stageAges: Map<string, { deals: number; sum: number }>;
  withHistory: number;
  closeHistoryDeals: number;
  pushedDeals: number;
  pushedCents: number;
  /** the first PIPELINE_TOP_PUSHED pushed deals by pushedOrder */
  top: PushedDeal[];
}

export function emptyOpenSums(): OpenSums {
  return {
    deals: 0,
    cents: 0,
    byStage: new Map(),
    bucketDeals: PIPELINE_AGE_BUCKETS.map(() => 0),
    bucketCents: PIPELINE_AGE_BUCKETS.map(() => 0),
    ageSum: 0,
    stageAges: new Map(),
    withHistory: 0,
    closeHistoryDeals: 0,
    pushedDeals: 0,
    pushedCents: 0,
    top: [],
  };
}

/** Largest amount first, then by deal id: the order of the listed pushed deals. */
export function pushedOrder(a: PushedDeal, b: PushedDeal): number {
  return b.amountCents - a.amountCents || a.dealId.localeCompare(b.dealId);
}

/**
 * Offers a pushed deal to `top`, kept the first PIPELINE_TOP_PUSHED by pushedOrder with each deal
 * after any it ties with. The row is made only for a deal that gets in: most do not.
 */
function offerPushed(top: PushedDeal[], amountCents: number, make: () => PushedDeal): void {
  const last = top[top.length - 1];
  if (top.length === PIPELINE_TOP_PUSHED && amountCents < (last as PushedDeal).amountCents) return;
  const x = make();
  if (top.length === PIPELINE_TOP_PUSHED && pushedOrder(x, last as PushedDeal) >= 0) return;
  let at = top.length;
  while (at > 0 && pushedOrder(x, top[at - 1] as PushedDeal) < 0) at--;
  top.splice(at, 0, x);
  if (top.length > PIPELINE_TOP_PUSHED) top.pop();
}

/** What an open deal adds to a period's sums, whatever the period but the push grain. */
interface OpenDealFacts {
  ageDays: number;
  ageBucket: number;
  stageAgeDays: number | null;
  hasCloseDateHistory: boolean;
  firstCloseDate: string;
  monthPushes: number;
  quarterPushes: number;
}

function addDeal(prepared: Prepared, s: OpenSums, d: Deal, f: OpenDealFacts, quarter: boolean): void {
  s.deals++;
  s.cents += d.amountCents;
  const e = s.byStage.get(d.stage);
  if (e) {
    e.deals++;
    e.amountCents += d.amountCents;
  } else s.byStage.set(d.stage, { deals: 1, amountCents: d.amountCents });
  s.ageSum += f.ageDays;
  if (f.ageBucket >= 0) {
    s.bucketDeals[f.ageBucket] = (s.bucketDeals[f.ageBucket] as number) + 1;
    s.bucketCents[f.ageBucket] = (s.bucketCents[f.ageBucket] as number) + d.amountCents;
  }
  if (f.stageAgeDays !== null) {
    s.withHistory++;
    const a = s.stageAges.get(d.stage);
    if (a) {
      a.deals++;
      a.sum += f.stageAgeDays;
    } else s.stageAges.set(d.stage, { deals: 1, sum: f.stageAgeDays });
  }
  if (f.hasCloseDateHistory) s.closeHistoryDeals++;
  const pushes = quarter ? f.quarterPushes : f.monthPushes;
  if (pushes > 0) {
    s.pushedDeals++;
    s.pushedCents += d.amountCents;
    offerPushed(s.top, d.amountCents, () => ({
      dealId: d.id,
      name: d.name,
      owner: prepared.repsById.get(d.ownerId)?.name ?? null,
      stage: d.stage,
      amountCents: d.amountCents,
      firstCloseDate: f.firstCloseDate,
      closeDate: d.closeDate,
      pushes,
    }));
  }
}

/**
 * Adds an open deal (at position i of dataset.deals) to the sums of each of `periods` its close date
 * falls in, index-aligned. Called once per open deal of a rep, from the pipeline's one pass over
 * the deals (rep-facts.ts).
 */
export function openDealCounter(
  prepared: Prepared,
  periods: readonly Period[],
): (sums: OpenSums[], d: Deal, i: number) => void {
  const { today, fiscalStartMonth } = prepared.ctx;
  const stageAge = stageAgesByPosition(prepared.stageHistoryFacts.currentStageEnteredDay, NO_DAY, today);
  return (sums, d, i) => {
    let facts: OpenDealFacts | undefined;
    for (let k = 0; k < periods.length; k++) {
      const period = periods[k] as Period;
      if (d.closeDate < period.start || d.closeDate > period.end) continue;
      if (facts === undefined) {
        const ageDays = Math.max(0, daysBetween(d.createdDate, today));
        const history = prepared.closeDateHistoryOf(i);
        const dates = pipelineCloseDates(d, history);
        facts = {
          ageDays,
          ageBucket: PIPELINE_AGE_BUCKETS.findIndex(
            (b) => ageDays >= b.fromDays && (b.toDays === null || ageDays <= b.toDays),
          ),
          stageAgeDays: stageAge(i),
          hasCloseDateHistory: history !== undefined,
          firstCloseDate: dates[0] as string,
          monthPushes: pipelinePushCount(dates, "month", fiscalStartMonth),
          quarterPushes: pipelinePushCount(dates, "quarter", fiscalStartMonth),
        };
      }
      addDeal(prepared, sums[k] as OpenSums, d, facts, period.kind === "quarter");
    }
  };
}

/**
 * The sums of a scope's reps for one period, in the reps' order (see the module comment). The sums
 * are only read: a scope of one rep (40 of the sample's 53 scopes) gets that rep's own, whose top
 * pushed deals offerPushed already keeps in order.
 */
export function sumOpenSums(parts: readonly OpenSums[]): OpenSums {
  if (parts.length === 1) return parts[0] as OpenSums;
  const total = emptyOpenSums();
  const top: PushedDeal[] = [];
  for (const s of parts) {
    total.deals += s.deals;
    total.cents += s.cents;
    for (const [stage, e] of s.byStage) {
      const t = total.byStage.get(stage);
      if (t) {
        t.deals += e.deals;
        t.amountCents += e.amountCents;
      } else total.byStage.set(stage, { ...e });
    }
    for (let b = 0; b < PIPELINE_AGE_BUCKETS.length; b++) {
      total.bucketDeals[b] = (total.bucketDeals[b] as number) + (s.bucketDeals[b] as number);
      total.bucketCents[b] = (total.bucketCents[b] as number) + (s.bucketCents[b] as number);
    }
    total.ageSum += s.ageSum;
    for (const [stage, e] of s.stageAges) {
      const t = total.stageAges.get(stage);
      if (t) {
        t.deals += e.deals;
        t.sum += e.sum;
      } else total.stageAges.set(stage, { ...e });
    }
    total.withHistory += s.withHistory;
    total.closeHistoryDeals += s.closeHistoryDeals;
    total.pushedDeals += s.pushedDeals;
    total.pushedCents += s.pushedCents;
    for (const x of s.top) top.push(x);
  }
  total.top = top.sort(pushedOrder).slice(0, PIPELINE_TOP_PUSHED);
  return total;
}
