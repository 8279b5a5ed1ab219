import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type { PipelineResult } from "../../domain/analyses/pipeline";
import { count, num } from "../../domain/count";
import { type Scope, scopeKey } from "../../domain/crm";
import type { Period } from "../../domain/period";
import { attainmentRepFigures, attainmentSumFigures } from "../attainment/figures";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import { averageDealSizeCents } from "../metrics/deal-size";
import { percent } from "../metrics/percent";
import { salesVelocityCentsPerDay } from "../metrics/velocity";
import { winRateByCount } from "../metrics/win-rate";
import type { Prepared } from "../prepare/prepare";
import { money, multiple, renderPairs, renderTable } from "../text-table";
import { generationRows } from "./generation";
import { type OpenSums, PIPELINE_AGE_BUCKETS, sumOpenSums } from "./open-sums";
import { type PipelineFacts, pipelineFacts, pipelineMedian, pipelineSumFacts } from "./rep-facts";

export { PIPELINE_AGE_BUCKETS, PIPELINE_TOP_PUSHED } from "./open-sums";

/** One pipeline computation: the prepared dataset and the per-rep facts every scope sums. */
interface PipelineRun {
  prepared: Prepared;
  repFacts: PipelineFacts;
  /** stage win rate by stage, and each funnel stage's position: the same for every document */
  stageRates: ReadonlyMap<string, number>;
  stageIndex: ReadonlyMap<string, number>;
}

/** What a scope's figures need regardless of period: computed once per scope. */
interface ScopeFacts {
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
      ? salesVelocityCentsPerDay(sums.openDeals, rate as number, size as number, cycle as number)
      : null;
  return {
    velocity: {
      window: { start: facts.windowStart, end: prepared.ctx.today },
      openDeals: sums.openDeals,
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
  open: OpenSums,
  period: Period,
): Pick<PipelineResult, "aging" | "pushed"> {
  const n = open.deals;
  return {
    aging: {
      buckets: PIPELINE_AGE_BUCKETS.map((b, i) => ({
        ...b,
        deals: open.bucketDeals[i] as number,
        amountCents: open.bucketCents[i] as number,
      })),
      averageAgeDays: n > 0 ? open.ageSum / n : null,
      stageAge: stageAgeSummary(run.stageIndex, open.stageAges, open.withHistory, n),
    },
    pushed: {
      grain: period.kind === "quarter" ? "quarter" : "month",
      deals: open.pushedDeals,
      amountCents: open.pushedCents,
      shareOfDeals: n > 0 ? open.pushedDeals / n : null,
      dealsWithHistory: open.closeHistoryDeals,
      top: open.top,
    },
  };
}

/** Average days in the current stage of the open deals with a history of entering it, by stage in stage order. */
function stageAgeSummary(
  stageIndex: ReadonlyMap<string, number>,
  stageAges: ReadonlyMap<string, { deals: number; sum: number }>,
  withHistory: number,
  deals: number,
): PipelineResult["aging"]["stageAge"] {
  const stageAgeSum = [...stageAges.values()].reduce((s, e) => s + e.sum, 0);
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

function pipelineFor(run: PipelineRun, scope: Scope, k: number, facts: ScopeFacts): PipelineResult {
  const { prepared } = run;
  const { today, settings } = prepared.ctx;
  const { periods, byRep } = run.repFacts;
  const period = periods[k] as Period;
  const open = sumOpenSums(prepared.repsIn(scope).flatMap((r) => byRep.get(r.id)?.open[k] ?? []));
  const openCents = open.cents;

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

  // funnel stages first, then any other in order of first appearance
  const byStage = new Map<string, { deals: number; amountCents: number }>();
  for (const s of prepared.stageOrder) byStage.set(s, { deals: 0, amountCents: 0 });
  for (const [stage, e] of open.byStage) {
    const t = byStage.get(stage);
    if (t) {
      t.deals += e.deals;
      t.amountCents += e.amountCents;
    } else byStage.set(stage, e);
  }

  return {
    period: { key: period.key, kind: period.kind, start: period.start, end: period.end },
    asOfDate: today,
    openPipeline: { deals: open.deals, amountCents: openCents },
    coverage: {
      quotaCents: f.quotaCents,
      bookingsToDateCents: f.bookingsCents,
      remainingQuotaCents: remaining,
      ratio: coverageRatio,
      healthyRatio: settings.healthyCoverage,
      status,
    },
    stages: [...byStage].map(([stage, e]) => ({
      stage,
      ...e,
      stageWinRate: run.stageRates.get(stage) ?? null,
    })),
    velocity: facts.velocity,
    ...agingAndPushes(run, open, period),
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
  const run: PipelineRun = {
    prepared,
    repFacts: pipelineFacts(
      prepared,
      periods.map(([period]) => period),
    ),
    stageRates: new Map(prepared.stageWinRates.map((r) => [r.stage, r.rate])),
    stageIndex: new Map(prepared.stageOrder.map((s, i) => [s, i])),
  };
  for (const scope of prepared.scopes) {
    const facts = scopeFacts(run, scope);
    periods.forEach(([period, isDefault], k) => {
      results.push({
        scope: scopeKey(scope),
        period: period.key,
        isDefault,
        payload: pipelineFor(run, scope, k, facts),
      });
    });
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
