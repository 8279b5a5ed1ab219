/**
 * Quarterly planning (metrics.md, "Quarterly planning"; seed 001): territory potential and balance,
 * coverage gaps, quota allocation with new-hire ramp, fairness, and plan scenarios.
 *
 * A territory is a team (reps without a team form "Unassigned"); regions and the company roll teams
 * up. Periods stored: next quarter (default, the quarter being planned) and the current quarter.
 * Scopes: company, region and team (planning is not done per rep).
 *
 * Allocation is made per whole team once, so a rep's proposed quota is the same in every scope:
 * - team quota = Σ reps' quotas for the planned quarter, or, when none of the team's reps has one,
 *   Σ of the previous quarter's × 1.0; no quota at all → no allocation (nulls with a reason);
 * - proposed: the team quota split in proportion to potential × ramp factor;
 * - capped: proposed, held within ±20% of each rep's current quota (totals may then differ).
 * Fairness = 1 − Gini(quota / potential) over fully ramped reps with potential > 0.
 */

import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type { TerritoryResult } from "../../domain/analyses/territory";
import { words } from "../../domain/count";
import { type Rep, type Scope, scopeKey } from "../../domain/crm";
import { addDays, type Period, shiftPeriod } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import { percent } from "../metrics/percent";
import { median } from "../metrics/quantiles";
import type { Prepared } from "../prepare/prepare";
import { money, renderPairs, renderTable } from "../text-table";
import { allocateProportional, capChange, rampFactor, scenarioVariance } from "./allocation";
import { fairness } from "./gini";

export const FAIRNESS_TARGET = 0.85;
export const SCENARIO_VARIANCE_TARGET = 0.1;
export const QUOTA_CHANGE_CAP = 0.2;
export const UNDER_COVERED_MULTIPLE = 1.5;
export const OVER_COVERED_MULTIPLE = 0.5;
export const UNASSIGNED_TEAM = "Unassigned";

type RepRow = TerritoryResult["reps"][number];
type Figure = { value: number | null; reason: string | null };

interface TeamPlan {
  team: string;
  quotaSource: "planned_quarter" | "previous_quarter" | "none";
  reps: RepRow[];
}

interface PeriodPlan {
  planned: Period;
  previous: Period;
  window: { start: string; end: string };
  repRows: Map<number, RepRow>;
  teams: Map<string, TeamPlan>;
  medianPotentialPerRep: number | null;
}

const teamOf = (r: Rep) => r.team ?? UNASSIGNED_TEAM;

function fairnessOf(reps: readonly RepRow[], quota: (r: RepRow) => number | null): Figure {
  const ratios: number[] = [];
  for (const r of reps) {
    const q = quota(r);
    if (!r.fullyRamped || r.potentialCents <= 0 || q === null) continue;
    ratios.push(q / r.potentialCents);
  }
  if (ratios.length === 0)
    return { value: null, reason: "no fully ramped rep with both quota and potential" };
  const f = fairness(ratios);
  return f === null ? { value: null, reason: "every quota is zero" } : { value: f, reason: null };
}

/** The trailing bookings window of a planned quarter: the four quarters before it, to date. */
function trailingWindow(p: Prepared, planned: Period): { start: string; end: string } {
  const { today, fiscalStartMonth } = p.ctx;
  const windowStart = shiftPeriod(planned, -4, fiscalStartMonth).start;
  const dayBefore = addDays(planned.start, -1);
  return { start: windowStart, end: [dayBefore, today].sort()[0] as string };
}

/** Per rep: open pipeline, and won bookings in each window; one pass over the deals for every window. */
interface RepDealSums {
  pipeline: number;
  bookings: number[];
}

function repDealSums(
  p: Prepared,
  windows: readonly { start: string; end: string }[],
): Map<number, RepDealSums> {
  const sums = new Map<number, RepDealSums>();
  let lastOwnerId = Number.NaN;
  let s: RepDealSums | undefined;
  for (const d of p.dataset.deals) {
    if (d.ownerId !== lastOwnerId || !s) {
      lastOwnerId = d.ownerId;
      s = sums.get(d.ownerId);
      if (!s) {
        s = { pipeline: 0, bookings: windows.map(() => 0) };
        sums.set(d.ownerId, s);
      }
    }
    if (!d.isClosed) s.pipeline += d.amountCents;
    else if (d.isWon)
      for (let k = 0; k < windows.length; k++) {
        const w = windows[k] as { start: string; end: string };
        if (d.closeDate >= w.start && d.closeDate <= w.end)
          s.bookings[k] = (s.bookings[k] as number) + d.amountCents;
      }
  }
  return sums;
}

function planPeriod(
  p: Prepared,
  planned: Period,
  window: { start: string; end: string },
  sums: ReadonlyMap<number, RepDealSums>,
  windowIndex: number,
): PeriodPlan {
  const { settings, fiscalStartMonth } = p.ctx;
  const previous = shiftPeriod(planned, -1, fiscalStartMonth);
  const quotaOf = p.quotaOf;

  const repRows = new Map<number, RepRow>();
  const teams = new Map<string, TeamPlan>();
  for (const rep of [...p.dataset.reps].sort((a, b) => a.name.localeCompare(b.name))) {
    const repSums = sums.get(rep.id);
    const bookings = repSums ? (repSums.bookings[windowIndex] as number) : 0;
    const pipeline = repSums ? repSums.pipeline : 0;
    const ramp = rampFactor(rep.hireDate, planned, settings.rampSchedule);
    const row: RepRow = {
      repId: rep.id,
      name: rep.name,
      team: teamOf(rep),
      hireDate: rep.hireDate,
      rampFactor: ramp,
      fullyRamped: ramp >= 1,
      trailingBookingsCents: bookings,
      openPipelineCents: pipeline,
      potentialCents: bookings + pipeline,
      currentQuotaCents: null,
      proposedQuotaCents: null,
      cappedQuotaCents: null,
      currentQuotaToPotential: null,
      proposedQuotaToPotential: null,
    };
    repRows.set(rep.id, row);
    const team = teams.get(row.team) ?? { team: row.team, quotaSource: "none" as const, reps: [] };
    team.reps.push(row);
    teams.set(row.team, team);
  }

  for (const team of teams.values()) {
    const plannedQuotas = team.reps.map((r) => quotaOf(r.repId, planned));
    const previousQuotas = team.reps.map((r) => quotaOf(r.repId, previous));
    let quotas: (number | undefined)[] = [];
    if (plannedQuotas.some((q) => q !== undefined)) {
      team.quotaSource = "planned_quarter";
      quotas = plannedQuotas;
    } else if (previousQuotas.some((q) => q !== undefined)) {
      team.quotaSource = "previous_quarter";
      quotas = previousQuotas;
    } else continue;
    const total = quotas.reduce<number>((s, q) => s + (q ?? 0), 0);
    const rampSum = team.reps.reduce((s, r) => s + r.rampFactor, 0);
    const weights = team.reps.map((r) => r.potentialCents * r.rampFactor);
    // no potential anywhere in the team: split by ramp alone (equally when no one is ramped yet)
    const useRamp = weights.every((w) => w <= 0);
    const proposed = allocateProportional(
      total,
      useRamp ? team.reps.map((r) => (rampSum > 0 ? r.rampFactor : 1)) : weights,
    );
    team.reps.forEach((r, i) => {
      const current = quotas[i] ?? 0;
      const prop = proposed[i] as number;
      r.currentQuotaCents = current;
      r.proposedQuotaCents = prop;
      r.cappedQuotaCents = capChange(prop, current, QUOTA_CHANGE_CAP);
      r.currentQuotaToPotential = r.potentialCents > 0 ? current / r.potentialCents : null;
      r.proposedQuotaToPotential = r.potentialCents > 0 ? prop / r.potentialCents : null;
    });
  }

  const perRep: number[] = [];
  for (const team of teams.values()) {
    const headcount = team.reps.reduce((s, r) => s + r.rampFactor, 0);
    if (headcount > 0) perRep.push(team.reps.reduce((s, r) => s + r.potentialCents, 0) / headcount);
  }
  return { planned, previous, window, repRows, teams, medianPotentialPerRep: median(perRep) };
}

const sum = (rows: readonly RepRow[], f: (r: RepRow) => number | null) =>
  rows.reduce((s, r) => s + (f(r) ?? 0), 0);

export function territoryFor(p: Prepared, plan: PeriodPlan, scope: Scope): TerritoryResult {
  const rows = p
    .repsIn(scope)
    .map((r) => plan.repRows.get(r.id) as RepRow)
    .sort((a, b) => a.team.localeCompare(b.team) || a.name.localeCompare(b.name));
  const byTeam = new Map<string, RepRow[]>();
  for (const r of rows) {
    const list = byTeam.get(r.team);
    if (list) list.push(r);
    else byTeam.set(r.team, [r]);
  }
  const baseline = plan.medianPotentialPerRep;
  const territories = [...byTeam].map(([team, reps]) => teamTerritory(plan, team, reps, baseline));
  const { fairness, scenarios, scenarioVariance } = planScenarios(rows);
  return {
    asOfDate: p.ctx.today,
    plannedPeriod: { key: plan.planned.key, start: plan.planned.start, end: plan.planned.end },
    previousPeriod: plan.previous.key,
    trailingWindow: plan.window,
    rampSchedule: [...p.ctx.settings.rampSchedule],
    medianPotentialPerRepCents: baseline === null ? null : Math.round(baseline),
    territories,
    reps: rows,
    fairness,
    scenarios,
    scenarioVariance,
    scenarioVarianceTarget: SCENARIO_VARIANCE_TARGET,
  };
}

/** One team's territory: its potential per ramped rep against the company's median, its quota and fairness. */
function teamTerritory(
  plan: PeriodPlan,
  team: string,
  reps: readonly RepRow[],
  baseline: number | null,
): TerritoryResult["territories"][number] {
  const source = plan.teams.get(team)?.quotaSource ?? "none";
  const headcount = reps.reduce((s, r) => s + r.rampFactor, 0);
  const potential = sum(reps, (r) => r.potentialCents);
  const perRep = headcount > 0 ? Math.round(potential / headcount) : null;
  let gap: "under_covered" | "over_covered" | "balanced" | null = null;
  if (perRep !== null && baseline !== null && baseline > 0)
    gap =
      perRep > UNDER_COVERED_MULTIPLE * baseline
        ? "under_covered"
        : perRep < OVER_COVERED_MULTIPLE * baseline
          ? "over_covered"
          : "balanced";
  return {
    team,
    repCount: reps.length,
    rampedHeadcount: headcount,
    trailingBookingsCents: sum(reps, (r) => r.trailingBookingsCents),
    openPipelineCents: sum(reps, (r) => r.openPipelineCents),
    potentialCents: potential,
    potentialPerRepCents: perRep,
    coverageGap: gap,
    teamQuotaCents: source === "none" ? null : sum(reps, (r) => r.currentQuotaCents),
    quotaSource: source,
    fairnessCurrent: fairnessOf(reps, (r) => r.currentQuotaCents),
    fairnessProposed: fairnessOf(reps, (r) => r.proposedQuotaCents),
  };
}

/** The three quota scenarios over a scope's reps, their fairness and how far their totals spread. */
function planScenarios(
  rows: readonly RepRow[],
): Pick<TerritoryResult, "fairness" | "scenarios" | "scenarioVariance"> {
  const fairCurrent = fairnessOf(rows, (r) => r.currentQuotaCents);
  const fairProposed = fairnessOf(rows, (r) => r.proposedQuotaCents);
  const fairCapped = fairnessOf(rows, (r) => r.cappedQuotaCents);
  const planned = rows.filter((r) => r.currentQuotaCents !== null);
  const totals = {
    keep_current: sum(planned, (r) => r.currentQuotaCents),
    proportional: sum(planned, (r) => r.proposedQuotaCents),
    proportional_capped: sum(planned, (r) => r.cappedQuotaCents),
  };
  const noQuota = "no quotas for the planned or previous quarter";
  const variance =
    planned.length === 0
      ? { value: null, reason: noQuota }
      : ((v) =>
          v === null ? { value: null, reason: "current plan total is zero" } : { value: v, reason: null })(
          scenarioVariance(Object.values(totals), totals.keep_current),
        );
  const capPct = `${Math.round(QUOTA_CHANGE_CAP * 100)}%`;
  return {
    fairness: { current: fairCurrent, proposed: fairProposed, capped: fairCapped, target: FAIRNESS_TARGET },
    scenarios: [
      {
        code: "keep_current",
        name: "Keep current",
        description: "quotas as imported (previous quarter × 1.0 where the planned quarter has none)",
        totalPlanCents: totals.keep_current,
        fairness: fairCurrent,
      },
      {
        code: "proportional",
        name: "Proportional to potential",
        description: "each team's quota split by rep potential × new-hire ramp",
        totalPlanCents: totals.proportional,
        fairness: fairProposed,
      },
      {
        code: "proportional_capped",
        name: `Proportional, change capped ±${capPct}`,
        description: `proportional, but no rep's quota moves more than ${capPct} from current`,
        totalPlanCents: totals.proportional_capped,
        fairness: fairCapped,
      },
    ],
    scenarioVariance: variance,
  };
}

function compute(p: Prepared): { results: AnalysisResult<TerritoryResult>[] } {
  const results: AnalysisResult<TerritoryResult>[] = [];
  const scopes = p.scopes.filter((s) => s.kind === "company" || s.kind === "region" || s.kind === "team");
  const plannedPeriods = [
    [p.periods.nextQuarter, true],
    [p.periods.currentQuarter, false],
  ] as const;
  const windows = plannedPeriods.map(([planned]) => trailingWindow(p, planned));
  const sums = repDealSums(p, windows);
  for (const [k, [planned, isDefault]] of plannedPeriods.entries()) {
    const plan = planPeriod(p, planned, windows[k] as { start: string; end: string }, sums, k);
    for (const scope of scopes)
      results.push({
        scope: scopeKey(scope),
        period: planned.key,
        isDefault,
        payload: territoryFor(p, plan, scope),
      });
  }
  return { results };
}

function renderText(r: TerritoryResult, meta: { scope: string; period: string; currency: string }): string {
  const m = (c: number | null) => money(c, meta.currency);
  const fig = (f: Figure) => (f.value === null ? `n/a (${f.reason})` : (percent(f.value, 0) ?? ""));
  const ratio = (f: Figure) => (f.value === null ? `n/a (${f.reason})` : f.value.toFixed(2));
  return [
    `Territory plan — ${meta.scope}, ${r.plannedPeriod.key} (bookings ${r.trailingWindow.start} to ${r.trailingWindow.end} + open pipeline), as of ${r.asOfDate}`,
    "",
    renderTable(
      [
        "Territory",
        "Reps",
        "Ramped",
        "Bookings",
        "Pipeline",
        "Potential",
        "Per rep",
        "Gap",
        "Quota",
        "Source",
      ],
      r.territories.map((t) => [
        t.team,
        t.repCount,
        t.rampedHeadcount.toFixed(2),
        m(t.trailingBookingsCents),
        m(t.openPipelineCents),
        m(t.potentialCents),
        m(t.potentialPerRepCents),
        words(t.coverageGap),
        m(t.teamQuotaCents),
        words(t.quotaSource),
      ]),
    ),
    "",
    renderTable(
      ["Rep", "Team", "Ramp", "Potential", "Current", "Proposed", `Capped`],
      r.reps.map((x) => [
        x.name,
        x.team,
        percent(x.rampFactor, 0),
        m(x.potentialCents),
        m(x.currentQuotaCents),
        m(x.proposedQuotaCents),
        m(x.cappedQuotaCents),
      ]),
    ),
    "",
    renderTable(
      ["Scenario", "Total plan", "Fairness"],
      r.scenarios.map((s) => [s.name, m(s.totalPlanCents), ratio(s.fairness)]),
    ),
    "",
    renderPairs([
      [`Fairness current (target > ${r.fairness.target})`, ratio(r.fairness.current)],
      ["Fairness proposed", ratio(r.fairness.proposed)],
      [`Scenario variance (target < ${percent(r.scenarioVarianceTarget, 0)})`, fig(r.scenarioVariance)],
    ]),
  ].join("\n");
}

export const territory: AnalysisDefinition<TerritoryResult> = {
  ...ANALYSIS_SPECS.territory,
  compute,
  renderText,
};
