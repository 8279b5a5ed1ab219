/**
 * The quarterly planning deck for seed 001's executive session: the quarter's performance, the
 * next quarter's revenue plan (scenarios and the bridge from this quarter), the territory plan, and
 * quota allocation with its fairness, each from a stored analysis; resource requirements and the
 * decision are the session's own.
 */
import type { AttainmentResult } from "../../domain/analyses/attainment";
import type { ForecastResult } from "../../domain/analyses/forecast";
import type { TerritoryResult } from "../../domain/analyses/territory";
import { attainmentDistributionData, renderAttainmentDistribution } from "../attainment-distribution";
import { ChartInputError } from "../chart-input-error";
import {
  count,
  instantLabel,
  moneyShort,
  percent,
  periodLabel,
  scopeLabel,
  signedPercent,
  traceLine,
} from "../labels";
import type { RenderedChart } from "../render";
import { renderScenarioRange, scenarioRangeData } from "../scenario-range";
import type { ChartContext, TracedAnalysis } from "../traced";
import { BODY, DeckWriter } from "./deck-writer";

export interface PlanningDeckInput extends ChartContext {
  executiveSummary: readonly string[];
  /** attainment of the quarter being closed, Q(n) */
  quarter: TracedAnalysis<AttainmentResult>;
  /** the forecast of the planned quarter, Q(n+1) */
  nextQuarterForecast: TracedAnalysis<ForecastResult>;
  /** territory balance and quota allocation for the planned quarter */
  territory: TracedAnalysis<TerritoryResult>;
}

export interface PlanningDeckCharts {
  attainmentDistribution: RenderedChart;
  scenarioRange: RenderedChart;
}

const DECK = "planning deck";

function check(input: PlanningDeckInput): void {
  const planned = input.territory.payload.plannedPeriod.key;
  const forecast = input.nextQuarterForecast.payload.period.key;
  if (forecast !== planned)
    throw new ChartInputError(
      DECK,
      `nextQuarterForecast is for ${forecast}, not the planned quarter ${planned}`,
    );
  if (input.executiveSummary.length === 0) throw new ChartInputError(DECK, "the executive summary is empty");
}

export async function planningDeckCharts(input: PlanningDeckInput): Promise<PlanningDeckCharts> {
  check(input);
  return {
    attainmentDistribution: await renderAttainmentDistribution(
      attainmentDistributionData(input.quarter),
      input,
    ),
    scenarioRange: await renderScenarioRange(scenarioRangeData(input.nextQuarterForecast), input),
  };
}

const ratio = (f: { value: number | null; reason: string | null }, digits = 2) =>
  f.value === null ? `n/a (${f.reason ?? "not available"})` : f.value.toFixed(digits);

export async function buildPlanningDeck(
  input: PlanningDeckInput,
  charts: PlanningDeckCharts,
): Promise<Buffer> {
  check(input);
  const q = input.quarter.payload;
  const t = input.territory.payload;
  const c = input.currency;
  const [now, next] = [periodLabel(q.period.key), periodLabel(t.plannedPeriod.key)];
  const deck = new DeckWriter({
    title: `Quarterly planning, ${next}`,
    subject: `${scopeLabel(input.quarter.scope)} plan for ${next}`,
    footer: `Quarterly planning · ${next} · ${scopeLabel(input.quarter.scope)} · figures ${traceLine(input.territory, input.timeZone)}`,
  });
  deck.titleSlide(`Quarterly planning: ${next}`, [
    `Executive planning session · ${scopeLabel(input.quarter.scope)}`,
    `Figures as of ${instantLabel(input.territory.asOf, input.timeZone)}`,
    `${input.territory.importId === null ? "No import" : `CRM import #${input.territory.importId}`} · metric definitions v${input.territory.definitionVersion} · amounts in ${c}`,
  ]);
  const summary = deck.slide("Executive summary", `${now} performance and the ${next} plan`);
  deck.text(summary, input.executiveSummary, { ...BODY, y: 1.7, h: 5.1 }, 20, true);
  // 1. performance review
  const perf = deck.slide(
    `${now} performance: ${moneyShort(q.bookingsCents, c)} booked, ${q.attainment === null ? "no quota" : `${percent(q.attainment)} of quota`}`,
    q.periodComplete
      ? "The quarter's bookings against the sum of quotas"
      : `Quarter to ${q.asOfDate}; projected ${q.projection.projectedAttainment === null ? "n/a" : percent(q.projection.projectedAttainment)}`,
  );
  deck.chart(perf, charts.attainmentDistribution, { x: BODY.x, y: 1.6, w: 8.2 });
  deck.table(
    perf,
    [
      { header: "Quarter", w: 1.2 },
      { header: "Bookings", w: 1.2, align: "right" },
      { header: "Attainment", w: 1.2, align: "right" },
    ],
    q.trend.map((p) => [
      periodLabel(p.period.key),
      moneyShort(p.bookingsCents, c),
      p.attainment === null ? "no quota" : percent(p.attainment),
    ]),
    { x: 9.1, y: 1.7, w: 3.6, h: 3 },
    13,
  );
  // 2. revenue plan with the bridge
  const f = input.nextQuarterForecast.payload;
  const projected = q.projection.projectedBookingsCents;
  const plan = deck.slide(
    `${next} revenue plan: base ${moneyShort(f.scenarios.baseCents, c)} (range ${moneyShort(f.scenarios.conservativeCents, c)}–${moneyShort(f.scenarios.upsideCents, c)})`,
    `Scenario variance ${t.scenarioVariance.value === null ? `n/a (${t.scenarioVariance.reason ?? "not available"})` : percent(t.scenarioVariance.value)} across the quota scenarios (target < ${percent(t.scenarioVarianceTarget, 0)})`,
  );
  deck.chart(plan, charts.scenarioRange, { x: BODY.x, y: 1.6, w: 8.2 });
  deck.text(
    plan,
    [
      `Bridge: ${now} ${q.periodComplete ? "bookings" : "projected bookings"} ${projected === null ? "n/a" : moneyShort(projected, c)} → ${next} base ${moneyShort(f.scenarios.baseCents, c)}${projected !== null && projected > 0 ? ` (${signedPercent(f.scenarios.baseCents / projected - 1)})` : ""}`,
      `Plan (sum of quotas) ${f.goal.targetCents === null ? "none" : moneyShort(f.goal.targetCents, c)}`,
      ...f.assumptions.labels,
    ],
    { x: 8.95, y: 1.65, w: BODY.x + BODY.w - 8.95, h: 5.1 },
    14,
    true,
  );
  territorySlides(deck, input);
  const resources = deck.slide(
    "Resource requirements and decision",
    "Brought by the session: not in the CRM data",
  );
  deck.text(
    resources,
    [
      "Headcount needs, tool and enablement investments and budget allocation are for the attendees to table.",
      "Decision and commit: the approved plan, territory assignments and quota allocations above.",
    ],
    { ...BODY, y: 1.7, h: 3 },
    18,
    true,
  );
  return deck.toBuffer(input.territory.asOf);
}

function territorySlides(deck: DeckWriter, input: PlanningDeckInput): void {
  const t = input.territory.payload;
  const c = input.currency;
  const gap = { under_covered: "under-covered", over_covered: "over-covered", balanced: "balanced" };
  deck.pagedTable(
    `Territory plan for ${periodLabel(t.plannedPeriod.key)}`,
    `Potential = 4 quarters' bookings + open pipeline · median per rep ${t.medianPotentialPerRepCents === null ? "n/a" : moneyShort(t.medianPotentialPerRepCents, c)}; above 1.5× or below 0.5× is flagged`,
    [
      { header: "Team", w: 2.2 },
      { header: "Reps", w: 0.8, align: "right" },
      { header: "Ramped", w: 1.0, align: "right" },
      { header: "Potential", w: 1.5, align: "right" },
      { header: "Per rep", w: 1.5, align: "right" },
      { header: "Coverage", w: 1.7 },
      { header: "Team quota", w: 1.5, align: "right" },
      { header: "Fairness now → proposed", w: 2.13, align: "right" },
    ],
    t.territories.map((x) => [
      x.team,
      String(x.repCount),
      x.rampedHeadcount.toFixed(2),
      moneyShort(x.potentialCents, c),
      x.potentialPerRepCents === null ? "n/a" : moneyShort(x.potentialPerRepCents, c),
      x.coverageGap === null ? "unknown" : gap[x.coverageGap],
      x.teamQuotaCents === null ? "none" : moneyShort(x.teamQuotaCents, c),
      `${ratio(x.fairnessCurrent)} → ${ratio(x.fairnessProposed)}`,
    ]),
    { perSlide: 14, fontSize: 13, empty: "No territories in this scope." },
  );
  const allocation = deck.slide(
    `Quota allocation: fairness ${ratio(t.fairness.current)} now, ${ratio(t.fairness.proposed)} proposed (target > ${t.fairness.target})`,
    "Fairness = 1 − Gini of quota ÷ potential over fully ramped reps",
  );
  deck.table(
    allocation,
    [
      { header: "Scenario", w: 3.2 },
      { header: "How", w: 5.4 },
      { header: "Total plan", w: 1.9, align: "right" },
      { header: "Fairness", w: 1.83, align: "right" },
    ],
    t.scenarios.map((s) => [s.name, s.description, moneyShort(s.totalPlanCents, c), ratio(s.fairness)]),
    { ...BODY, y: 1.6, h: 3 },
    14,
  );
  deck.pagedTable(
    "Rep-by-rep quotas",
    `${count(t.reps.length, "rep")}; new hires ramp at ${t.rampSchedule.map((r) => percent(r, 0)).join(", ")} of quota in their first months`,
    [
      { header: "Rep", w: 2.4 },
      { header: "Team", w: 1.7 },
      { header: "Ramp", w: 0.9, align: "right" },
      { header: "Potential", w: 1.5, align: "right" },
      { header: "Current quota", w: 1.9, align: "right" },
      { header: "Proposed", w: 1.9, align: "right" },
      { header: "Capped ±20%", w: 2.03, align: "right" },
    ],
    t.reps.map((r) => [
      r.name,
      r.team,
      percent(r.rampFactor, 0),
      moneyShort(r.potentialCents, c),
      r.currentQuotaCents === null ? "none" : moneyShort(r.currentQuotaCents, c),
      r.proposedQuotaCents === null ? "n/a" : moneyShort(r.proposedQuotaCents, c),
      r.cappedQuotaCents === null ? "n/a" : moneyShort(r.cappedQuotaCents, c),
    ]),
    { perSlide: 14, fontSize: 13, empty: "No reps in this scope." },
  );
}
