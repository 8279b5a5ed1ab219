import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type { PipelineResult } from "../../domain/analyses/pipeline";
import { count, num } from "../../domain/count";
import { type Deal, type Scope, scopeKey } from "../../domain/crm";
import { daysBetween, type Period } from "../../domain/period";
import { attainmentRepFigures, attainmentSumFigures } from "../attainment/figures";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import { averageDealSizeCents } from "../metrics/deal-size";
import { percent } from "../metrics/percent";
import { stageAgeDays } from "../metrics/stage-age";
import { salesVelocityCentsPerDay } from "../metrics/velocity";
import { winRateByCount } from "../metrics/win-rate";
import type { Prepared } from "../prepare/prepare";
import { money, multiple, renderPairs, renderTable } from "../text-table";
import { generationRows } from "./generation";
import { pipelineCloseDates, pipelinePushCount } from "./history";
import { type PipelineFacts, pipelineFacts, pipelineMedian, pipelineSumFacts } from "./rep-facts";

export const PIPELINE_AGE_BUCKETS: readonly { label: string; fromDays: number; toDays: number | null }[] = [
  { label: "0–30 days", fromDays: 0, toDays: 30 },
  { label: "31–60 days", fromDays: 31, toDays: 60 },
  { label: "61–90 days", fromDays: 61, toDays: 90 },
  { label: "91–180 days", fromDays: 91, toDays: 180 },
  { label: "over 180 days", fromDays: 181, toDays: null },
];

export const PIPELINE_TOP_PUSHED = 10;

/** What an open deal contributes to aging and pushes: computed once per deal, whatever the scope or period. */
interface DealFacts {
  ageDays: number;
  ageBucket: number;
  stageAgeDays: number | null;
  hasCloseDateHistory: boolean;
  firstCloseDate: string;
  monthPushes: number;
  quarterPushes: number;
}

/**
 * One pipeline computation: the prepared dataset, the per-rep facts every scope sums, and the
 * facts of each open deal, worked out the first time a scope and period counts it.
 */
interface PipelineRun {
  prepared: Prepared;
  repFacts: PipelineFacts;
  dealFacts: (d: Deal) => DealFacts;
}

function pipelineRun(prepared: Prepared): PipelineRun {
  // positions of the open deals, to read their history by position (Prepared.stageHistoryOf)
  const openAt = new Map<string, number>();
  prepared.dataset.deals.forEach((x, i) => {
    if (!x.isClosed) openAt.set(x.id, i);
  });
  const known = new Map<string, DealFacts>();
  const dealFacts = (d: Deal) => {
    let facts = known.get(d.id);
    if (!facts) {
      facts = openDealFacts(prepared, d, openAt.get(d.id) as number);
      known.set(d.id, facts);
    }
    return facts;
  };
  return { prepared, repFacts: pipelineFacts(prepared), dealFacts };
}

/** Facts of an open deal of the dataset (at its position `at`), whatever the scope or period. */
function openDealFacts(prepared: Prepared, d: Deal, at: number): DealFacts {
  const { today, fiscalStartMonth } = prepared.ctx;
  const ageDays = Math.max(0, daysBetween(d.createdDate, today));
  const history = prepared.closeDateHistoryOf(at);
  const stageHistory = prepared.stageHistoryOf(at);
  const dates = pipelineCloseDates(d, history);
  const facts: DealFacts = {
    ageDays,
    ageBucket: PIPELINE_AGE_BUCKETS.findIndex(
      (b) => ageDays >= b.fromDays && (b.toDays === null || ageDays <= b.toDays),
    ),
    stageAgeDays: stageAgeDays(d, stageHistory, today),
    hasCloseDateHistory: history !== undefined,
    firstCloseDate: dates[0] as string,
    monthPushes: pipelinePushCount(dates, "month", fiscalStartMonth),
    quarterPushes: pipelinePushCount(dates, "quarter", fiscalStartMonth),
  };
  return facts;
}

/** What a scope's figures need regardless of period: computed once per scope. */
interface ScopeFacts {
  open: Deal[];
  velocity: PipelineResult["velocity"];
  generation: PipelineResult["generation"];
}

function scopeFacts(run: PipelineRun, scope: Scope): ScopeFacts {
  const { prepared, repFacts: facts } = run;
  const sums = pipelineSumFacts(facts, prepared.repsIn(scope));
  // The metrics' win rate (by count), average deal size and sales cycle (median), on summed counts.
  const rate = winRateByCount(sums.won, sums.lost);
  const size = averageDealSizeCents(sums.wonCents, sums.won);
  const cycle = pipelineMedian(sums.cycleDays);
  let nullReason: PipelineResult["velocity"]["nullReason"] = null;
  if (rate === null) nullReason = "no_closed_deals";
  else if (size === null || cycle === null) nullReason = "no_won_deals";
  else if (cycle === 0) nullReason = "zero_cycle_days";
  const centsPerDay =
    nullReason === null
      ? salesVelocityCentsPerDay(sums.open.length, rate as number, size as number, cycle as number)
      : null;
  return {
    open: sums.open,
    velocity: {
      window: { start: facts.windowStart, end: prepared.ctx.today },
      openDeals: sums.open.length,
      winRate: rate,
      averageDealSizeCents: size,
      salesCycleDays: cycle,
      centsPerDay,
      nullReason,
    },
    generation: generationRows(facts.frame, sums.generation),
  };
}

/** Aging (created and stage age) and close-date pushes of the open deals in the period. */
function agingAndPushes(
  run: PipelineRun,
  inPeriod: readonly Deal[],
  period: Period,
): Pick<PipelineResult, "aging" | "pushed"> {
  const { prepared, dealFacts } = run;
  const buckets = PIPELINE_AGE_BUCKETS.map((b) => ({ ...b, deals: 0, amountCents: 0 }));
  let ageSum = 0;
  const stageAges = new Map<string, { deals: number; sum: number }>();
  let withHistory = 0;
  const pushedDeals: PipelineResult["pushed"]["top"] = [];
  let pushedCents = 0;
  let closeHistoryDeals = 0;
  const grain = period.kind === "quarter" ? "quarter" : "month";
  for (const d of inPeriod) {
    const f = dealFacts(d);
    ageSum += f.ageDays;
    const bucket = buckets[f.ageBucket];
    if (bucket) {
      bucket.deals++;
      bucket.amountCents += d.amountCents;
    }
    if (f.stageAgeDays !== null) {
      withHistory++;
      const e = stageAges.get(d.stage) ?? { deals: 0, sum: 0 };
      e.deals++;
      e.sum += f.stageAgeDays;
      stageAges.set(d.stage, e);
    }
    if (f.hasCloseDateHistory) closeHistoryDeals++;
    const pushes = grain === "quarter" ? f.quarterPushes : f.monthPushes;
    if (pushes > 0) {
      pushedCents += d.amountCents;
      pushedDeals.push({
        dealId: d.id,
        name: d.name,
        owner: prepared.repsById.get(d.ownerId)?.name ?? null,
        stage: d.stage,
        amountCents: d.amountCents,
        firstCloseDate: f.firstCloseDate,
        closeDate: d.closeDate,
        pushes,
      });
    }
  }
  return {
    aging: {
      buckets,
      averageAgeDays: inPeriod.length > 0 ? ageSum / inPeriod.length : null,
      stageAge: stageAgeSummary(prepared.stageOrder, stageAges, withHistory, inPeriod.length),
    },
    pushed: {
      grain,
      deals: pushedDeals.length,
      amountCents: pushedCents,
      shareOfDeals: inPeriod.length > 0 ? pushedDeals.length / inPeriod.length : null,
      dealsWithHistory: closeHistoryDeals,
      top: pushedDeals
        .sort((a, b) => b.amountCents - a.amountCents || a.dealId.localeCompare(b.dealId))
        .slice(0, PIPELINE_TOP_PUSHED),
    },
  };
}

/** Average days in the current stage of the open deals with a history of entering it, by stage in stage order. */
function stageAgeSummary(
  order: readonly string[],
  stageAges: ReadonlyMap<string, { deals: number; sum: number }>,
  withHistory: number,
  deals: number,
): PipelineResult["aging"]["stageAge"] {
  const stageAgeSum = [...stageAges.values()].reduce((s, e) => s + e.sum, 0);
  const stageIndex = new Map(order.map((s, i) => [s, i]));
  return {
    available: withHistory > 0,
    dealsWithHistory: withHistory,
    dealsWithoutHistory: deals - withHistory,
    averageDays: withHistory > 0 ? stageAgeSum / withHistory : null,
    byStage: [...stageAges]
      .sort(
        ([a], [b]) => (stageIndex.get(a) ?? Infinity) - (stageIndex.get(b) ?? Infinity) || a.localeCompare(b),
      )
      .map(([stage, e]) => ({ stage, deals: e.deals, averageDays: e.sum / e.deals })),
    note:
      deals === 0
        ? null
        : withHistory === 0
          ? "no stage history for these deals: stage age unknown"
          : withHistory < deals
            ? `stage age from history for ${withHistory} of ${count(deals, "deal")}; the rest have no history of entering their stage`
            : null,
  };
}

function pipelineFor(run: PipelineRun, scope: Scope, period: Period, facts: ScopeFacts): PipelineResult {
  const { prepared } = run;
  const { today, settings } = prepared.ctx;
  const inPeriod = facts.open.filter((d) => d.closeDate >= period.start && d.closeDate <= period.end);
  const openCents = inPeriod.reduce((s, d) => s + d.amountCents, 0);

  const f = attainmentSumFigures(attainmentRepFigures(prepared, period), prepared.repsIn(scope));
  const remaining = Math.max(f.quotaCents - f.bookingsCents, 0);
  const coverageRatio = f.quotaCents > 0 && remaining > 0 ? openCents / remaining : null;
  const status: PipelineResult["coverage"]["status"] =
    f.quotaCents === 0
      ? "no_quota"
      : remaining === 0
        ? "quota_met"
        : (coverageRatio as number) >= settings.healthyCoverage
          ? "healthy"
          : "below_healthy";

  const byStage = new Map<string, { deals: number; amountCents: number }>();
  for (const s of prepared.stageOrder) byStage.set(s, { deals: 0, amountCents: 0 });
  for (const d of inPeriod) {
    const e = byStage.get(d.stage) ?? { deals: 0, amountCents: 0 };
    e.deals++;
    e.amountCents += d.amountCents;
    byStage.set(d.stage, e);
  }
  const rates = new Map(prepared.stageWinRates.map((r) => [r.stage, r.rate]));

  return {
    period: { key: period.key, kind: period.kind, start: period.start, end: period.end },
    asOfDate: today,
    openPipeline: { deals: inPeriod.length, amountCents: openCents },
    coverage: {
      quotaCents: f.quotaCents,
      bookingsToDateCents: f.bookingsCents,
      remainingQuotaCents: remaining,
      ratio: coverageRatio,
      healthyRatio: settings.healthyCoverage,
      status,
    },
    stages: [...byStage].map(([stage, e]) => ({ stage, ...e, stageWinRate: rates.get(stage) ?? null })),
    velocity: facts.velocity,
    ...agingAndPushes(run, inPeriod, period),
    generation: facts.generation,
  };
}

function compute(prepared: Prepared) {
  const p = prepared.periods;
  const periods: [Period, boolean][] = [
    [p.currentMonth, true],
    [p.nextMonth, false],
    [p.currentQuarter, false],
    [p.nextQuarter, false],
  ];
  const results: AnalysisResult<PipelineResult>[] = [];
  const run = pipelineRun(prepared);
  for (const scope of prepared.scopes) {
    const facts = scopeFacts(run, scope);
    for (const [period, isDefault] of periods) {
      results.push({
        scope: scopeKey(scope),
        period: period.key,
        isDefault,
        payload: pipelineFor(run, scope, period, facts),
      });
    }
  }
  return { results };
}

/** `rituals analyze pipeline`: the summary figures, then the stage, age, push and generation tables. */
function renderText(r: PipelineResult, meta: { currency: string }): string {
  const m = (c: number | null) => money(c, meta.currency);
  const lines = [
    summaryPairs(r, m),
    "",
    "By stage",
    renderTable(
      ["stage", "deals", "amount", "stage win rate"],
      r.stages.map((s) => [s.stage, s.deals, m(s.amountCents), percent(s.stageWinRate)]),
      { align: ["left", "right", "right", "right"] },
    ),
    "",
    "Deal age",
    renderTable(
      ["age", "deals", "amount"],
      r.aging.buckets.map((b) => [b.label, b.deals, m(b.amountCents)]),
      { align: ["left", "right", "right"] },
    ),
    "",
    "Stage age",
    r.aging.stageAge.available
      ? renderTable(
          ["stage", "deals", "avg days in stage"],
          r.aging.stageAge.byStage.map((s) => [s.stage, s.deals, s.averageDays.toFixed(1)]),
          { align: ["left", "right", "right"] },
        )
      : (r.aging.stageAge.note ?? "no open deals"),
  ];
  if (r.aging.stageAge.available && r.aging.stageAge.note) lines.push(r.aging.stageAge.note);
  lines.push(
    "",
    "Top pushed deals",
    renderTable(
      ["deal", "name", "owner", "amount", "first close", "close", "pushes"],
      r.pushed.top.map((p) => [
        p.dealId,
        p.name,
        p.owner,
        m(p.amountCents),
        p.firstCloseDate,
        p.closeDate,
        p.pushes,
      ]),
      { align: ["left", "left", "left", "right", "left", "left", "right"] },
    ),
  );
  lines.push(...generationTables(r, m));
  return lines.join("\n");
}

/** Period, open pipeline, quota, coverage, velocity, age and pushes, one line each. */
function summaryPairs(r: PipelineResult, m: (c: number | null) => string | null): string {
  const c = r.coverage;
  const coverageText =
    c.status === "quota_met"
      ? "quota met"
      : c.status === "no_quota"
        ? "n/a (no quota for the period)"
        : `${multiple(c.ratio)} (${c.status === "healthy" ? "healthy" : "below"} ${multiple(c.healthyRatio)})`;
  const v = r.velocity;
  return renderPairs([
    ["Period", `${r.period.key} (${r.period.start} to ${r.period.end})`],
    ["Open pipeline", `${m(r.openPipeline.amountCents)} in ${count(r.openPipeline.deals, "deal")}`],
    [
      "Quota",
      `${m(c.quotaCents)}; booked ${m(c.bookingsToDateCents)}; remaining ${m(c.remainingQuotaCents)}`,
    ],
    ["Coverage", coverageText],
    [
      "Velocity",
      v.centsPerDay === null
        ? `n/a (${(v.nullReason ?? "").replaceAll("_", " ")})`
        : `${m(v.centsPerDay)}/day = ${num(v.openDeals)} open × ${percent(v.winRate)} win rate × ${m(v.averageDealSizeCents)} / ${v.salesCycleDays} days`,
    ],
    ["Average age", r.aging.averageAgeDays === null ? null : `${r.aging.averageAgeDays.toFixed(1)} days`],
    [
      "Pushed",
      `${count(r.pushed.deals, "deal")}, ${m(r.pushed.amountCents)} (close date moved to a later ${r.pushed.grain})`,
    ],
  ]);
}

/** Pipeline generation by week and by month against its trailing average. */
function generationTables(r: PipelineResult, m: (c: number | null) => string | null): string[] {
  const lines: string[] = [];
  for (const [label, rows] of [
    ["Generation by week", r.generation.weekly],
    ["Generation by month", r.generation.monthly],
  ] as const) {
    lines.push(
      "",
      label,
      renderTable(
        ["from", "deals", "amount", "trailing avg", "vs trailing"],
        rows.map((g) => [
          `${g.start}${g.complete ? "" : " (to date)"}`,
          g.deals,
          m(g.amountCents),
          m(g.trailingAverageAmountCents),
          percent(g.amountVsTrailing, 0),
        ]),
        { align: ["left", "right", "right", "right", "right"] },
      ),
    );
  }
  return lines;
}

export const pipeline: AnalysisDefinition<PipelineResult> = {
  ...ANALYSIS_SPECS.pipeline,
  compute,
  renderText,
};
