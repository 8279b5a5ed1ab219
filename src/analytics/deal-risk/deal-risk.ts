/**
 * Deal risk register (metrics.md, "Deal risk register"). Every open deal closing in a period gets a
 * 0–100 score from named factors (deal-risk-factors.ts); the register is the top 20 of a scope by
 * revenue at risk = amount × score / 100.
 *
 * Periods stored: current month (default), next month and current quarter. Scores and thresholds
 * are computed once over the whole company, so a deal scores the same in every scope.
 */

import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type { DealRiskResult, RiskDeal } from "../../domain/analyses/deal-risk";
import type { Deal, Rep } from "../../domain/crm";
import { scopeKey } from "../../domain/crm";
import { formatMoney } from "../../domain/money";
import { addDays, type Period } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import { averageDealSizeCents } from "../metrics/deal-size";
import { median, quantile } from "../metrics/quantiles";
import { stageAgesByPosition } from "../metrics/stage-age";
import type { Prepared } from "../prepare/prepare";
import { NO_DAY } from "../prepare/stage-history";
import { renderTable } from "../text-table";
import {
  INTERVENTION_SLA_HOURS,
  isExecutiveFlagged,
  pushCount,
  pushesAmong,
  REGISTER_SIZE,
  RISK_POINTS,
  type RiskBaseline,
  scoreDeal,
  summarize,
} from "./factors";

/** Days each deal has been in its current stage by the history (null: history does not show it). */
function stageAges(p: Prepared): (i: number) => number | null {
  return stageAgesByPosition(p.stageHistoryFacts.currentStageEnteredDay, NO_DAY, p.ctx.today);
}

export function riskBaseline(p: Prepared): RiskBaseline {
  const { today, settings } = p.ctx;
  const ageOf = stageAges(p);
  const agesByStage = new Map<string, number[]>();
  const openAmounts: number[] = [];
  let nextStepPresent = false;
  // trailing-12-month won deals for the average deal size
  const wonFrom = addDays(today, -364);
  let wonCount = 0;
  let wonCents = 0;
  const deals = p.dataset.deals;
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    if (d.nextStep !== null) nextStepPresent = true;
    if (d.isClosed) {
      if (d.isWon && d.closeDate >= wonFrom && d.closeDate <= today) {
        wonCount++;
        wonCents += d.amountCents;
      }
      continue;
    }
    openAmounts.push(d.amountCents);
    const age = ageOf(i);
    if (age === null) continue;
    const list = agesByStage.get(d.stage);
    if (list) list.push(age);
    else agesByStage.set(d.stage, [age]);
  }
  const medianStageAge = new Map<string, number>();
  for (const [stage, ages] of agesByStage) medianStageAge.set(stage, median(ages) as number);
  const top = quantile(openAmounts, settings.executiveAmountQuantile);
  return {
    today,
    medianStageAge,
    averageDealSizeCents: averageDealSizeCents(wonCents, wonCount),
    nextStepPresent,
    stageRate: p.stageRate,
    executiveScore: settings.executiveScoreThreshold,
    executiveAmountCents: top === null ? null : Math.round(top),
  };
}

/**
 * Each deal's pushes by position: from the close-date history columns when the store gave them
 * (each distinct date's month sliced once, no row objects), else from the deal's history rows.
 */
function pushCounts(p: Prepared): (i: number) => number {
  const columns = p.dataset.historyColumns?.closeDate;
  if (!columns) return (i) => pushCount(p.closeDateHistoryOf(i));
  const { first, value, values } = columns;
  const monthOfValue = values.map((v) => v.slice(0, 7));
  const monthOfRow = (r: number) => monthOfValue[value[r] as number] as string;
  return (i) => pushesAmong(first[i] as number, first[i + 1] as number, monthOfRow);
}

function scoreOpenDeals(p: Prepared, from: string, to: string, base: RiskBaseline): RiskDeal[] {
  const accounts = p.accountsById;
  const ageOf = stageAges(p);
  const pushesOf = pushCounts(p);
  const scored: RiskDeal[] = [];
  const deals = p.dataset.deals;
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    if (d.isClosed || d.closeDate < from || d.closeDate > to) continue;
    const s = scoreDeal(d, ageOf(i), pushesOf(i), base);
    const account = d.accountId === null ? undefined : accounts.get(d.accountId);
    const deal: RiskDeal = {
      dealId: d.id,
      name: d.name,
      accountId: d.accountId,
      accountName: account?.name ?? null,
      ownerId: d.ownerId,
      ownerName: p.repsById.get(d.ownerId)?.name ?? null,
      amountCents: d.amountCents,
      closeDate: d.closeDate,
      stage: d.stage,
      score: s.score,
      factors: s.factors,
      notAssessed: s.notAssessed,
      summary: summarize(s.factors),
      revenueAtRiskCents: Math.round((d.amountCents * s.score) / 100),
      executiveFlag: false,
    };
    deal.executiveFlag = isExecutiveFlagged(deal, base);
    scored.push(deal);
  }
  return scored;
}

/** Highest revenue at risk first; ties by amount, then id, so the order is stable. */
export function byRevenueAtRisk(a: RiskDeal, b: RiskDeal): number {
  return (
    b.revenueAtRiskCents - a.revenueAtRiskCents ||
    b.amountCents - a.amountCents ||
    a.dealId.localeCompare(b.dealId)
  );
}

/**
 * The additive figures of a set of scored deals (one owner's, in practice): a scope's register puts
 * its owners' parts together instead of walking its deals. Counts and cents add up; the register's
 * order is total (revenue at risk, amount, id), so the top of all parts' tops is the top of all.
 */
interface RiskPart {
  openDealCount: number;
  openAmountCents: number;
  revenueAtRiskCents: number;
  flagged: string[];
  /** the first REGISTER_SIZE deals by byRevenueAtRisk */
  top: RiskDeal[];
}

function riskPart(deals: readonly RiskDeal[]): RiskPart {
  const part: RiskPart = {
    openDealCount: deals.length,
    openAmountCents: 0,
    revenueAtRiskCents: 0,
    flagged: [],
    top: topN(deals, REGISTER_SIZE, byRevenueAtRisk),
  };
  for (const d of deals) {
    part.openAmountCents += d.amountCents;
    part.revenueAtRiskCents += d.revenueAtRiskCents;
    if (d.executiveFlag) part.flagged.push(d.dealId);
  }
  return part;
}

export function buildRiskResult(
  deals: readonly RiskDeal[],
  period: Period,
  base: RiskBaseline,
): DealRiskResult {
  return riskResultOfParts([riskPart(deals)], period, base);
}

function riskResultOfParts(parts: readonly RiskPart[], period: Period, base: RiskBaseline): DealRiskResult {
  let count = 0;
  let openAmount = 0;
  let atRisk = 0;
  const flagged: string[] = [];
  const tops: RiskDeal[] = [];
  for (const part of parts) {
    count += part.openDealCount;
    openAmount += part.openAmountCents;
    atRisk += part.revenueAtRiskCents;
    for (const id of part.flagged) flagged.push(id);
    for (const d of part.top) tops.push(d);
  }
  const register = parts.length === 1 ? tops : topN(tops, REGISTER_SIZE, byRevenueAtRisk);
  return {
    asOfDate: base.today,
    period: { key: period.key, start: period.start, end: period.end },
    openDealCount: count,
    openAmountCents: openAmount,
    revenueAtRiskCents: atRisk,
    registerRevenueAtRiskCents: register.reduce((s, d) => s + d.revenueAtRiskCents, 0),
    register,
    flaggedCount: flagged.length,
    flaggedDealIds: flagged.sort(),
    interventionSlaHours: INTERVENTION_SLA_HOURS,
    thresholds: {
      executiveScore: base.executiveScore,
      executiveAmountCents: base.executiveAmountCents,
      averageDealSizeCents: base.averageDealSizeCents,
      registerSize: REGISTER_SIZE,
    },
    factorPoints: Object.entries(RISK_POINTS).map(([code, points]) => ({
      code: code as keyof typeof RISK_POINTS,
      points,
    })),
  };
}

/** The first n items in `compare` order, without sorting them all (n is small, the list may be long). */
export function topN<T>(items: readonly T[], n: number, compare: (a: T, b: T) => number): T[] {
  const top: T[] = [];
  for (const item of items) {
    if (top.length === n && compare(item, top[n - 1] as T) >= 0) continue;
    let i = top.length;
    while (i > 0 && compare(item, top[i - 1] as T) < 0) i--;
    top.splice(i, 0, item);
    if (top.length > n) top.pop();
  }
  return top;
}

/** The flagged deals that have no open action item yet (metrics.md: intervention SLA). */
export function flaggedWithoutAction(result: DealRiskResult, dealIdsWithOpenAction: Set<string>): string[] {
  return result.flaggedDealIds.filter((id) => !dealIdsWithOpenAction.has(id));
}

/** The reps' parts, rep after rep. */
function partsOfReps(reps: readonly Rep[], byOwner: ReadonlyMap<number, RiskPart>): RiskPart[] {
  const out: RiskPart[] = [];
  for (const r of reps) {
    const part = byOwner.get(r.id);
    if (part) out.push(part);
  }
  return out;
}

function compute(p: Prepared): { results: AnalysisResult<DealRiskResult>[] } {
  const base = riskBaseline(p);
  const periods = [
    { period: p.periods.currentMonth, isDefault: true },
    { period: p.periods.nextMonth, isDefault: false },
    { period: p.periods.currentQuarter, isDefault: false },
  ];
  const results: AnalysisResult<DealRiskResult>[] = [];
  // a deal's score does not depend on the period, so score every deal closing in any of them once
  const from = periods.map((x) => x.period.start).sort()[0] as string;
  const to = periods
    .map((x) => x.period.end)
    .sort()
    .at(-1) as string;
  const all = scoreOpenDeals(p, from, to, base);
  for (const { period, isDefault } of periods) {
    const scored = all.filter((d) => d.closeDate >= period.start && d.closeDate <= period.end);
    // each owner's part once, so a scope costs its reps' parts, not a walk over its deals
    const dealsByOwner = new Map<number, RiskDeal[]>();
    for (const d of scored) {
      const list = dealsByOwner.get(d.ownerId);
      if (list) list.push(d);
      else dealsByOwner.set(d.ownerId, [d]);
    }
    const byOwner = new Map<number, RiskPart>();
    for (const [id, deals] of dealsByOwner) byOwner.set(id, riskPart(deals));
    const company = [...byOwner.values()];
    for (const scope of p.scopes) {
      const parts = scope.kind === "company" ? company : partsOfReps(p.repsIn(scope), byOwner);
      results.push({
        scope: scopeKey(scope),
        period: period.key,
        isDefault,
        payload: riskResultOfParts(parts, period, base),
      });
    }
  }
  return { results };
}

function renderText(r: DealRiskResult, meta: { scope: string; period: string; currency: string }): string {
  const money = (c: number) => formatMoney(c, meta.currency);
  const lines = [
    `Deal risk register — ${meta.scope}, ${r.period.key} (${r.period.start} to ${r.period.end}), as of ${r.asOfDate}`,
    `Open deals closing in period: ${r.openDealCount} (${money(r.openAmountCents)}); revenue at risk ${money(r.revenueAtRiskCents)}`,
    `Executive flags: ${r.flaggedCount} (score ≥ ${r.thresholds.executiveScore} and amount ≥ ${
      r.thresholds.executiveAmountCents === null ? "n/a" : money(r.thresholds.executiveAmountCents)
    }); intervention SLA ${r.interventionSlaHours}h`,
    "",
  ];
  if (r.register.length === 0) {
    lines.push("No open deals close in this period.");
    return lines.join("\n");
  }
  const rows = r.register.map((d, i) => [
    i + 1,
    d.executiveFlag ? "!" : "",
    d.dealId,
    (d.name ?? "").slice(0, 28),
    (d.accountName ?? "").slice(0, 20),
    d.ownerName ?? String(d.ownerId),
    money(d.amountCents),
    d.closeDate,
    d.stage,
    d.score,
    money(d.revenueAtRiskCents),
    d.summary || "—",
  ]);
  lines.push(
    renderTable(
      [
        "#",
        "F",
        "Deal",
        "Name",
        "Account",
        "Owner",
        "Amount",
        "Close",
        "Stage",
        "Score",
        "At risk",
        "Reasons",
      ],
      rows,
    ),
  );
  lines.push("", "Mitigations:");
  for (const d of r.register) {
    for (const f of d.factors) lines.push(`  ${d.dealId} ${f.reason}: ${f.mitigation}`);
  }
  return lines.join("\n");
}

export const dealRisk: AnalysisDefinition<DealRiskResult> = {
  ...ANALYSIS_SPECS["deal-risk"],
  compute,
  renderText,
};
