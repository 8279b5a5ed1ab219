/**
 * Simulates each opportunity's whole life (stages, close-date pushes, outcome), then cuts it at the
 * as-of instant: what happened before is the CRM record and its history; what would happen after
 * (the latent outcome) stays hidden except to size the managers' forecast submissions.
 */
import type { SampleAccount } from "./accounts";
import { isoOf, monthEnd, monthKeyOf, monthStart, quarterEnd, toWeekday, weekday } from "./calendar";
import { DEAL_KINDS, NEXT_STEPS, PRODUCTS } from "./names";
import type { Org, SampleRep, Segment } from "./org";
import type { Rng } from "./prng";
import { DEFAULT_PROFILE, type SampleProfile, sampleProfile } from "./profiles";
import { LOST_INDEX, STAGE_PROBABILITY, stageName, WON_INDEX } from "./stages";

/** A snapshot of the deal as of `at` (minutes since the epoch): its stage index and close day. */
export interface DealSnapshot {
  at: number;
  stage: number;
  closeDay: number;
}

export interface SampleDeal {
  id: string;
  name: string;
  account: SampleAccount;
  rep: SampleRep;
  stage: number;
  amountCents: number;
  probability: number;
  product: string;
  createdDay: number;
  closeDay: number;
  nextStep: string;
  lastActivityDay: number;
  isClosed: boolean;
  isWon: boolean;
  history: DealSnapshot[];
  /** the outcome the simulation decided, including for deals still open at as-of */
  willWin: boolean;
  finalCloseDay: number;
}

interface SegmentParams {
  medianAmount: number;
  winRate: number;
  cycleMedianDays: number;
  /** relative number of deals a ramped rep of this segment works */
  volume: number;
}

export const SEGMENT_PARAMS: Record<Segment, SegmentParams> = {
  Enterprise: { medianAmount: 42_000, winRate: 0.25, cycleMedianDays: 70, volume: 0.75 },
  "Mid-Market": { medianAmount: 11_000, winRate: 0.3, cycleMedianDays: 38, volume: 1.3 },
};
export const AMOUNT_SIGMA = 0.85;

export function dealId(index: number): string {
  return `OPP-${String(index + 1).padStart(7, "0")}`;
}

/** Share of a month's deals a rep gets during ramp: months 1, 2, 3 after hire at 25%, 50%, 75%. */
export function rampFactor(rep: SampleRep, day: number): number {
  if (day < rep.hireDay) return 0;
  const months = Math.floor((day - rep.hireDay) / 30.4);
  return months >= 3 ? 1 : (months + 1) * 0.25;
}

const LOST_AT_STAGE_WEIGHTS = [0.35, 0.25, 0.2, 0.12, 0.08];
const MINUTES_PER_DAY = 1440;

/** 1–12: the calendar month of a day. */
function isoMonth(day: number): number {
  return Number(isoOf(day).slice(5, 7));
}

/** Moves a weekend day back to Friday, for dates that must not leave their month or quarter. */
function weekdayOnOrBefore(day: number): number {
  const dow = weekday(day);
  return dow === 6 ? day - 1 : dow === 0 ? day - 2 : day;
}

export class DealSimulator {
  private readonly pools = new Map<string, { accounts: SampleAccount[]; cumulative: number[] }>();
  private readonly cutMinute: number;

  constructor(
    private readonly rng: Rng,
    private readonly org: Org,
    accounts: SampleAccount[],
    private readonly asOfDay: number,
    private readonly profile: SampleProfile = sampleProfile(DEFAULT_PROFILE),
  ) {
    for (const account of accounts) {
      const key = `${account.region}|${account.segment}`;
      const pool = this.pools.get(key) ?? { accounts: [], cumulative: [] };
      pool.accounts.push(account);
      pool.cumulative.push((pool.cumulative.at(-1) ?? 0) + account.size);
      this.pools.set(key, pool);
    }
    this.cutMinute = asOfDay * MINUTES_PER_DAY;
  }

  /** Weights for picking a deal's owner among the reps working in a month. */
  repWeights(day: number): number[] {
    return this.org.reps.map((rep) => rampFactor(rep, day) * SEGMENT_PARAMS[rep.team.segment].volume);
  }

  private pickAccount(rep: SampleRep): SampleAccount {
    const pool = this.pools.get(`${rep.team.region}|${rep.team.segment}`);
    if (!pool) throw new Error(`no accounts for ${rep.team.region} ${rep.team.segment}`);
    const target = this.rng.next() * (pool.cumulative.at(-1) ?? 0);
    let lo = 0;
    let hi = pool.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((pool.cumulative[mid] ?? 0) > target) hi = mid;
      else lo = mid + 1;
    }
    return pool.accounts[lo] as SampleAccount;
  }

  /** The deal numbered `index`, created on or after `createdDay` by one of the reps weighted as given. */
  simulate(index: number, createdDay: number, repWeights: readonly number[]): SampleDeal {
    const rng = this.rng;
    const rep = this.org.reps[rng.weighted(repWeights)] as SampleRep;
    const params = SEGMENT_PARAMS[rep.team.segment];
    const created = Math.min(this.asOfDay - 1, toWeekday(Math.max(createdDay, rep.hireDay)));
    const account = this.pickAccount(rep);
    const median = params.medianAmount * Math.sqrt(account.size) * rep.skill ** 0.4;
    const dollars = Math.min(median * 60, Math.max(500, rng.logNormal(median, AMOUNT_SIGMA)));
    const amountCents = Math.round(dollars / 50) * 5000;
    const willWin = rng.chance(Math.min(0.75, Math.max(0.05, params.winRate * rep.skill ** 0.6)));

    // A stalled deal takes twice as long and sits in its last stage for most of that time.
    const stalled = rng.chance(0.08);
    const { close, slips } = this.closeOf(params, created, willWin, stalled);
    const history = this.lifecycle(created, close, willWin, stalled, slips);
    const visible = history.filter((s) => s.at < this.cutMinute);
    const isClosed = visible.length === history.length;
    // Dirty records, ~1–2% overall and mostly on open deals, where a data-quality check can see them.
    if (!isClosed && rng.chance(0.07)) this.leaveCloseDateStale(visible, created);
    const last = visible.at(-1) as DealSnapshot;
    const stage = last.stage;
    const isWon = stage === WON_INDEX;

    let probability = STAGE_PROBABILITY[stage] ?? 0;
    if (rng.chance(isClosed ? 0.003 : 0.03)) probability = (probability + 50) % 100; // out of line
    const steps = NEXT_STEPS[stageName(stage)] ?? [""];
    const nextStep = rng.chance(0.004) ? "" : rng.pick(steps); // missing next step
    const recordedCents = !isClosed && rng.chance(0.02) ? 0 : amountCents; // amount not filled in yet
    const lastActivityDay = isClosed
      ? last.closeDay
      : Math.max(created, this.asOfDay - (rng.chance(0.12) ? rng.int(15, 45) : rng.int(0, 9)));
    const product = rng.pick(PRODUCTS);

    return {
      id: dealId(index),
      name: `${account.name} ${rng.pick(DEAL_KINDS)}`,
      account,
      rep,
      stage,
      amountCents: recordedCents,
      probability,
      product,
      createdDay: created,
      closeDay: last.closeDay,
      nextStep,
      lastActivityDay,
      isClosed,
      isWon,
      history: visible,
      willWin,
      finalCloseDay: close,
    };
  }

  /**
   * When the deal closes: its cycle from creation, the summer slip, the quarter- and month-end
   * pull, then the pushes that delay it (`slips`, the days of each; null when the profile has none).
   */
  private closeOf(
    params: (typeof SEGMENT_PARAMS)[keyof typeof SEGMENT_PARAMS],
    created: number,
    willWin: boolean,
    stalled: boolean,
  ): { close: number; slips: number[] | null } {
    const rng = this.rng;
    const profile = this.profile;
    const cycle = Math.round(
      rng.logNormal(
        params.cycleMedianDays * (willWin ? 1 : 0.8) * (stalled ? 2 : 1) * profile.cycleFactor,
        0.55,
      ),
    );
    let close = toWeekday(created + Math.min(profile.maxCycleDays, Math.max(5, cycle)));
    // A slow summer: some wins due in July or August wait for September.
    if (
      profile.summerSlip > 0 &&
      willWin &&
      /-0[78]$/.test(monthKeyOf(close)) &&
      rng.chance(profile.summerSlip)
    )
      close = toWeekday(monthStart(monthKeyOf(close), isoMonth(close) === 7 ? 2 : 1) + rng.int(0, 24));
    // Quarter-end and month-end pressure: many wins land in the last days of the period.
    const qEnd = quarterEnd(close);
    const pull = isoMonth(qEnd) === 12 ? profile.yearEndPull : profile.quarterEndPull;
    if (willWin && qEnd - close <= profile.quarterEndWindowDays && rng.chance(pull))
      close = weekdayOnOrBefore(qEnd - rng.int(0, 8));
    else if (rng.chance(0.2)) close = weekdayOnOrBefore(monthEnd(monthKeyOf(close)) - rng.int(0, 3));
    close = Math.max(close, created + 3);
    // Slips that delay the deal: the rep's estimate was the close above; each push moves it later.
    let slips: number[] | null = null;
    if (profile.slipsDelayClose) {
      const pushes = rng.weighted(profile.pushCountWeights);
      slips = Array.from({ length: pushes }, () => rng.int(profile.slipDays[0], profile.slipDays[1]));
      close = toWeekday(close + slips.reduce((a, b) => a + b, 0));
    }

    return { close, slips };
  }

  /** Every snapshot of the deal from creation to its close, in time order, with no two alike. */
  private lifecycle(
    created: number,
    close: number,
    willWin: boolean,
    stalled: boolean,
    givenSlips: number[] | null,
  ): DealSnapshot[] {
    const rng = this.rng;
    const createdAt = created * MINUTES_PER_DAY + rng.int(8 * 60, 17 * 60);
    const closeAt = Math.max(close * MINUTES_PER_DAY + rng.int(9 * 60, 18 * 60), createdAt + 600);
    const startStage = rng.chance(0.15) ? 1 : 0;
    const lastOpenStage = willWin
      ? 4
      : startStage + rng.weighted(LOST_AT_STAGE_WEIGHTS.slice(0, 5 - startStage));

    // Stage entries spread over the first 90% of the cycle (the first 35% when stalled).
    const stageTimes: number[] = [];
    for (let s = startStage + 1; s <= lastOpenStage; s++) stageTimes.push(rng.next());
    stageTimes.sort((a, b) => a - b);
    const span = (closeAt - createdAt) * (stalled ? 0.35 : 0.9);
    const stageEvents = stageTimes.map((f, i) => ({
      at: createdAt + Math.round(f * span),
      stage: startStage + 1 + i,
    }));

    // Close-date pushes: the first expected close is earlier than where the deal really lands.
    const target = willWin ? close : close + rng.int(0, 40); // lost deals often die before their date
    // The pushes: drawn here, or given when they delay the real close (already in `close`).
    const profile = this.profile;
    let pushes = givenSlips ? givenSlips.length : rng.weighted(profile.pushCountWeights);
    const slips: number[] = givenSlips ? [...givenSlips] : [];
    if (!givenSlips)
      for (let i = 0; i < pushes; i++) slips.push(rng.int(profile.slipDays[0], profile.slipDays[1]));
    let firstExpected = target - slips.reduce((a, b) => a + b, 0);
    while (pushes > 0 && firstExpected < created + 7) {
      firstExpected += slips.pop() ?? 0;
      pushes--;
    }
    const closeEvents: { at: number; closeDay: number }[] = [];
    let expected = toWeekday(firstExpected);
    let previousAt = createdAt;
    for (let i = 0; i < pushes; i++) {
      const nextExpected = i === pushes - 1 ? target : toWeekday(expected + (slips[i] ?? 7));
      let at = (expected - rng.int(0, 10)) * MINUTES_PER_DAY + rng.int(8 * 60, 18 * 60);
      if (at <= previousAt) at = previousAt + rng.int(60, MINUTES_PER_DAY);
      if (at >= closeAt) break;
      closeEvents.push({ at, closeDay: nextExpected });
      previousAt = at;
      expected = nextExpected;
    }

    const snapshots: DealSnapshot[] = [
      { at: createdAt, stage: startStage, closeDay: toWeekday(firstExpected) },
    ];
    let s = 0;
    let c = 0;
    while (s < stageEvents.length || c < closeEvents.length) {
      const prev = snapshots.at(-1) as DealSnapshot;
      const stageEvent = stageEvents[s];
      const closeEvent = closeEvents[c];
      const takeStage =
        stageEvent !== undefined && (closeEvent === undefined || stageEvent.at <= closeEvent.at);
      const at = Math.max(prev.at + 1, (takeStage ? stageEvent?.at : closeEvent?.at) ?? prev.at + 1);
      if (takeStage && stageEvent) {
        snapshots.push({ at, stage: stageEvent.stage, closeDay: prev.closeDay });
        s++;
      } else if (closeEvent) {
        snapshots.push({ at, stage: prev.stage, closeDay: closeEvent.closeDay });
        c++;
      }
    }
    const prev = snapshots.at(-1) as DealSnapshot;
    snapshots.push({
      at: Math.max(closeAt, prev.at + 1),
      stage: willWin ? WON_INDEX : LOST_INDEX,
      closeDay: close,
    });
    return snapshots;
  }

  /**
   * Dirty data: the rep never moved the close date when it passed, so an open deal shows a close
   * date in the past. Rewrites the snapshots from the last close-date change onwards.
   */
  private leaveCloseDateStale(visible: DealSnapshot[], created: number): void {
    const stale = this.asOfDay - this.rng.int(1, 20);
    let from = visible.length - 1;
    while (from > 0 && visible[from]?.closeDay === visible[from - 1]?.closeDay) from--;
    const setAt = visible[from] as DealSnapshot;
    if (stale <= created || Math.floor(setAt.at / MINUTES_PER_DAY) >= stale) return;
    if (from > 0 && visible[from - 1]?.closeDay === stale) return;
    for (let i = from; i < visible.length; i++) (visible[i] as DealSnapshot).closeDay = stale;
  }
}
