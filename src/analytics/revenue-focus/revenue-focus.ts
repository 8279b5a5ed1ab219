/**
 * Revenue focus (metrics.md, "Revenue focus (accounts)"; seed 004): where account revenue sits,
 * what is at risk, which opportunities are likely, which accounts grow, and the account KPIs.
 *
 * Period: one result per scope under period "current" (default), as of today. A scope's accounts
 * are the accounts its reps have deals with (company: every account). Annual values, revenue at
 * risk and retention are account facts (revenue-focus-accounts.ts), so an account shared by two
 * teams counts in both and team figures need not sum to the company's.
 */

import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type { RevenueFocusResult } from "../../domain/analyses/revenue-focus";
import { count, num, words } from "../../domain/count";
import { type Scope, scopeKey } from "../../domain/crm";
import { formatMoney } from "../../domain/money";
import { addDays } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import { averageDealSizeCents } from "../metrics/deal-size";
import { percent } from "../metrics/percent";
import { salesVelocityCentsPerDay } from "../metrics/velocity";
import { winRateByCount, winRateByValue } from "../metrics/win-rate";
import { RISK_WINDOW_DAYS, retention } from "../prepare/accounts";
import type { Prepared } from "../prepare/prepare";
import { money, renderPairs, renderTable } from "../text-table";
import { funnelSteps, histogramStats } from "../year-review/funnel";
import {
  aggregateFocusByOwner,
  type FocusAggregate,
  GROWTH_WINDOW_DAYS,
  HIGH_VALUE_PROBABILITY,
  mergeFocus,
} from "./aggregate";

export { GROWTH_WINDOW_DAYS, HIGH_VALUE_PROBABILITY };

const LIST_SIZE = 20;

export const ANNUAL_VALUE_RULE =
  "sum of active contract values for accounts with imported contracts; otherwise bookings over the trailing 365 days";

type Segment = "strategic" | "growth" | "developing";

export function accountSegment(
  annualValueCents: number,
  strategicAbove: number,
  growthFrom: number,
): Segment {
  if (annualValueCents > strategicAbove) return "strategic";
  if (annualValueCents >= growthFrom) return "growth";
  return "developing";
}

const ok = <T>(value: T) => ({ value, reason: null });
const missing = (reason: string) => ({ value: null, reason });

/** What the scope's accounts add up to: segments, customers by value, revenue at risk, growth. */
function accountFigures(p: Prepared, accountIds: ReadonlySet<number>, agg: FocusAggregate) {
  return {
    ...accountValues(p, accountIds),
    ...revenueAtRisk(p, accountIds),
    ...growingAccounts(p, accountIds, agg),
  };
}

/** Each account's annual value today: segments, the customers by value, active contract value. */
function accountValues(p: Prepared, accountIds: ReadonlySet<number>) {
  const { today, settings } = p.ctx;
  const segments = new Map<Segment, { accounts: number; annualValueCents: number }>(
    (["strategic", "growth", "developing"] as const).map((s) => [s, { accounts: 0, annualValueCents: 0 }]),
  );
  const customers: { id: number; cents: number; source: "contracts" | "bookings"; segment: Segment }[] = [];
  let activeContractValue = 0;
  for (const id of accountIds) {
    const value = p.accountFacts.valueAt(id, today);
    if (value.source === "contracts") activeContractValue += value.cents;
    if (value.cents > 0) {
      const segment = accountSegment(
        value.cents,
        settings.strategicAccountCents,
        settings.growthAccountCents,
      );
      const s = segments.get(segment) as { accounts: number; annualValueCents: number };
      s.accounts++;
      s.annualValueCents += value.cents;
      customers.push({ id, cents: value.cents, source: value.source, segment });
    }
  }
  customers.sort((a, b) => b.cents - a.cents || a.id - b.id);
  return { segments, customers, activeContractValue };
}

/** The contracts at renewal risk among the accounts, largest first, and each account's total at risk. */
function revenueAtRisk(p: Prepared, accountIds: ReadonlySet<number>) {
  let atRiskValue = 0;
  let atRiskContracts = 0;
  let atRiskCustomers = 0;
  const atRiskList: RevenueFocusResult["revenueAtRisk"]["contracts"] = [];
  const riskByAccount = new Map<number, number>();
  for (const id of accountIds) {
    const risks = p.accountFacts.atRiskByAccount.get(id);
    if (!risks || risks.length === 0) continue;
    atRiskCustomers++;
    let accountRisk = 0;
    for (const r of risks) {
      atRiskContracts++;
      accountRisk += r.contract.valueCents;
      atRiskList.push({
        contractId: r.contract.id,
        accountId: id,
        accountName: p.accountsById.get(id)?.name ?? null,
        product: r.contract.product,
        valueCents: r.contract.valueCents,
        endDate: r.contract.endDate,
        daysToEnd: r.daysToEnd,
        status: r.status,
      });
    }
    atRiskValue += accountRisk;
    riskByAccount.set(id, accountRisk);
  }
  atRiskList.sort((a, b) => b.valueCents - a.valueCents || a.endDate.localeCompare(b.endDate));
  return { atRiskValue, atRiskContracts, atRiskCustomers, atRiskList, riskByAccount };
}

/** Accounts with more deals created in the current growth window than in the one before, most growth first. */
function growingAccounts(p: Prepared, accountIds: ReadonlySet<number>, agg: FocusAggregate) {
  const { createdNow, createdBefore } = agg;
  const growing: RevenueFocusResult["growthPotential"]["accounts"] = [];
  for (const id of accountIds) {
    const now = createdNow.get(id) ?? 0;
    const before = createdBefore.get(id) ?? 0;
    if (now > before)
      growing.push({
        accountId: id,
        accountName: p.accountsById.get(id)?.name ?? null,
        previousCount: before,
        currentCount: now,
      });
  }
  growing.sort(
    (a, b) =>
      b.currentCount - b.previousCount - (a.currentCount - a.previousCount) || a.accountId - b.accountId,
  );
  return { growing, growingIds: new Set(growing.map((g) => g.accountId)) };
}

/** The scope's KPIs over the trailing 12 months, each with the reason when it cannot be computed. */
function revenueFocusKpis(
  p: Prepared,
  scope: Scope,
  agg: FocusAggregate,
  accountIds: ReadonlySet<number>,
  customers: readonly { cents: number }[],
  activeContractValue: number,
): RevenueFocusResult["kpis"] {
  const { today } = p.ctx;
  const facts = p.accountFacts;
  const windowStart = addDays(today, -364);
  const quarter = p.periods.currentQuarter;
  const { quarterPipeline, quarterBookings } = agg;
  const wr = {
    byCount: winRateByCount(agg.won, agg.lost),
    byValue: winRateByValue(agg.wonCents, agg.closedCents),
  };
  const avgDeal = averageDealSizeCents(agg.wonCents, agg.won);
  const cycleStats = histogramStats(agg.cycleDays);
  const cycle = { medianDays: cycleStats.median, meanDays: cycleStats.mean };
  const ret = retention(facts, accountIds, addDays(today, -365), today);
  const avgAnnual = customers.length
    ? Math.round(customers.reduce((s, c) => s + c.cents, 0) / customers.length)
    : null;
  let clv: RevenueFocusResult["kpis"]["customerLifetimeValue"];
  if (avgAnnual === null) clv = missing("no account with annual value");
  else if (ret.logoChurn === null) clv = missing("no customers a year ago to measure churn");
  else if (ret.logoChurn === 0) clv = missing("no logo churn in the trailing 12 months: lifetime unbounded");
  else clv = ok(Math.round(avgAnnual / ret.logoChurn));

  const quotaOf = p.quotaOf;
  let quota: number | undefined;
  for (const r of p.repsIn(scope)) {
    const q = quotaOf(r.id, quarter);
    if (q !== undefined) quota = (quota ?? 0) + q;
  }
  let coverage: RevenueFocusResult["kpis"]["coverage"];
  if (quota === undefined || quota <= 0) coverage = missing(`no quota for ${quarter.key}`);
  else if (quota - quarterBookings <= 0) coverage = missing("quota met");
  else coverage = ok(quarterPipeline / (quota - quarterBookings));

  let velocity: RevenueFocusResult["kpis"]["velocity"];
  if (wr.byCount === null) velocity = missing("no deal closed in the trailing 12 months");
  else if (avgDeal === null || cycle.medianDays === null)
    velocity = missing("no deal won in the trailing 12 months");
  else if (cycle.medianDays <= 0) velocity = missing("median sales cycle is 0 days");
  else velocity = ok(salesVelocityCentsPerDay(agg.openCount, wr.byCount, avgDeal, cycle.medianDays));

  const hasContracts = p.dataset.contracts.length > 0;
  const wonInWindow = agg.wonCents;

  return {
    window: { start: windowStart, end: today },
    totalContractValue: ok(hasContracts ? activeContractValue : wonInWindow),
    totalContractValueSource: hasContracts ? "contracts" : "bookings",
    averageDealSize: avgDeal === null ? missing("no deal won in the trailing 12 months") : ok(avgDeal),
    winRate: wr.byCount === null ? missing("no deal closed in the trailing 12 months") : ok(wr.byCount),
    winRateByValue:
      wr.byValue === null ? missing("no closed value in the trailing 12 months") : ok(wr.byValue),
    salesCycleMedianDays:
      cycle.medianDays === null ? missing("no deal won in the trailing 12 months") : ok(cycle.medianDays),
    salesCycleMeanDays:
      cycle.meanDays === null ? missing("no deal won in the trailing 12 months") : ok(cycle.meanDays),
    customerLifetimeValue: clv,
    averageAnnualValueCents: avgAnnual === null ? missing("no account with annual value") : ok(avgAnnual),
    annualLogoChurn:
      ret.logoChurn === null ? missing("no customers a year ago to measure churn") : ok(ret.logoChurn),
    grossRevenueRetention:
      ret.grossRevenueRetention === null
        ? missing("no customers a year ago to measure retention")
        : ok(ret.grossRevenueRetention),
    coverage,
    coveragePeriod: quarter.key,
    velocity,
    stageConversion: funnelSteps(p.stageOrder, agg.funnel),
    averageOpenAgeDays: agg.openCount ? ok(agg.openAgeSum / agg.openCount) : missing("no open deals"),
    openDealCount: agg.openCount,
  };
}

/** The largest high-value open deals, as the payload lists them. */
function highValueRows(
  p: Prepared,
  agg: FocusAggregate,
): RevenueFocusResult["highValueOpportunities"]["top"] {
  return agg.highValueTop.map(({ deal: d, probability, source }) => ({
    dealId: d.id,
    name: d.name,
    accountName: d.accountId === null ? null : (p.accountsById.get(d.accountId)?.name ?? null),
    ownerName: p.repsById.get(d.ownerId)?.name ?? null,
    amountCents: d.amountCents,
    probability,
    probabilitySource: source,
    closeDate: d.closeDate,
    stage: d.stage,
  }));
}

export function computeRevenueFocus(p: Prepared, scope: Scope, agg: FocusAggregate): RevenueFocusResult {
  const { today, settings } = p.ctx;
  const accountsById = p.accountsById;
  const growthCurrentStart = addDays(today, -(GROWTH_WINDOW_DAYS - 1));
  const growthPreviousStart = addDays(today, -(2 * GROWTH_WINDOW_DAYS - 1));
  const growthPreviousEnd = addDays(today, -GROWTH_WINDOW_DAYS);
  const { pipelineByAccount } = agg;
  // company: every account, including those without deals; other scopes: their reps' accounts (not copied)
  let accountIds: ReadonlySet<number> = agg.accountIds;
  if (scope.kind === "company") {
    const all = new Set(agg.accountIds);
    for (const a of p.dataset.accounts) all.add(a.id);
    for (const c of p.dataset.contracts) all.add(c.accountId);
    accountIds = all;
  }

  const {
    segments,
    customers,
    atRiskValue,
    atRiskContracts,
    atRiskCustomers,
    atRiskList,
    riskByAccount,
    growing,
    growingIds,
    activeContractValue,
  } = accountFigures(p, accountIds, agg);

  return {
    asOfDate: today,
    annualValueRule: ANNUAL_VALUE_RULE,
    thresholds: {
      strategicAboveCents: settings.strategicAccountCents,
      growthFromCents: settings.growthAccountCents,
      riskWindowDays: RISK_WINDOW_DAYS,
      highValueProbabilityAbove: HIGH_VALUE_PROBABILITY,
    },
    accountCount: accountIds.size,
    customerCount: customers.length,
    segments: [...segments].map(([segment, s]) => ({ segment, ...s })),
    revenueAtRisk: {
      valueCents: atRiskValue,
      contractCount: atRiskContracts,
      customerCount: atRiskCustomers,
      window: p.accountFacts.riskWindow,
      contracts: atRiskList.slice(0, LIST_SIZE),
    },
    highValueOpportunities: {
      count: agg.highValueCount,
      amountCents: agg.highValueCents,
      top: highValueRows(p, agg),
    },
    growthPotential: {
      count: growing.length,
      currentWindow: { start: growthCurrentStart, end: today },
      previousWindow: { start: growthPreviousStart, end: growthPreviousEnd },
      accounts: growing.slice(0, LIST_SIZE),
    },
    ranking: customers.slice(0, LIST_SIZE).map((c, i) => {
      const risk = riskByAccount.get(c.id) ?? 0;
      return {
        rank: i + 1,
        accountId: c.id,
        accountName: accountsById.get(c.id)?.name ?? null,
        segment: c.segment,
        annualValueCents: c.cents,
        valueSource: c.source,
        openPipelineCents: pipelineByAccount.get(c.id) ?? 0,
        revenueAtRiskCents: risk,
        status: risk > 0 ? "at_risk" : growingIds.has(c.id) ? "growing" : "stable",
      };
    }),
    kpis: revenueFocusKpis(p, scope, agg, accountIds, customers, activeContractValue),
  };
}

function compute(p: Prepared): { results: AnalysisResult<RevenueFocusResult>[] } {
  const stages = p.stageOrder.length;
  // one pass over the deals, then each scope sums its reps' aggregates (company: every owner)
  const byOwner = aggregateFocusByOwner(p);
  return {
    results: p.scopes.map((scope) => {
      const parts =
        scope.kind === "company"
          ? [...byOwner.values()]
          : p.repsIn(scope).flatMap((r) => {
              const x = byOwner.get(r.id);
              return x ? [x] : [];
            });
      return {
        scope: scopeKey(scope),
        period: "current",
        isDefault: true,
        payload: computeRevenueFocus(
          p,
          scope,
          parts.length === 1 ? (parts[0] as FocusAggregate) : mergeFocus(parts, stages),
        ),
      };
    }),
  };
}

/** `rituals analyze revenue-focus`: the headline figures, the account and deal tables, the KPIs. */
function renderText(
  r: RevenueFocusResult,
  meta: { scope: string; period: string; currency: string },
): string {
  const m = (c: number | null) => money(c, meta.currency);
  const risk = r.revenueAtRisk;
  return [
    `Revenue focus — ${meta.scope}, as of ${r.asOfDate}`,
    "",
    `${formatMoney(risk.valueCents, meta.currency)} revenue at risk from ${count(risk.contractCount, "expired or expiring contract")} across ${count(risk.customerCount, "customer")}`,
    `High-value opportunities (> ${r.thresholds.highValueProbabilityAbove}%): ${r.highValueOpportunities.count} worth ${m(r.highValueOpportunities.amountCents)}`,
    `Growth potential: ${count(r.growthPotential.count, "account")} with more opportunities created in the last 91 days than the 91 before`,
    "",
    renderTable(
      ["Segment", "Accounts", "Annual value"],
      r.segments.map((s) => [s.segment, s.accounts, m(s.annualValueCents)]),
    ),
    "",
    ...accountTables(r, m),
    ...kpiLines(r.kpis, m),
  ].join("\n");
}

/** The customer ranking, the contracts at risk and the high-value opportunities, each a table. */
function accountTables(r: RevenueFocusResult, m: (c: number | null) => string | null): string[] {
  const risk = r.revenueAtRisk;
  return [
    "Customer ranking",
    renderTable(
      ["#", "Account", "Segment", "Annual value", "Source", "Pipeline", "At risk", "Status"],
      r.ranking.map((a) => [
        a.rank,
        a.accountName ?? String(a.accountId),
        a.segment,
        m(a.annualValueCents),
        a.valueSource,
        m(a.openPipelineCents),
        m(a.revenueAtRiskCents),
        words(a.status),
      ]),
    ),
    "",
    "Contracts at risk",
    renderTable(
      ["Contract", "Account", "Product", "Value", "Ends", "Days", "Status"],
      risk.contracts.map((c) => [
        c.contractId,
        c.accountName ?? String(c.accountId),
        c.product,
        m(c.valueCents),
        c.endDate,
        c.daysToEnd,
        words(c.status),
      ]),
    ),
    "",
    "High-value opportunities",
    renderTable(
      ["Deal", "Name", "Account", "Owner", "Amount", "Prob", "Close", "Stage"],
      r.highValueOpportunities.top.map((o) => [
        o.dealId,
        o.name,
        o.accountName,
        o.ownerName,
        m(o.amountCents),
        `${Math.round(o.probability)}%`,
        o.closeDate,
        o.stage,
      ]),
    ),
  ];
}

/** The KPIs of the trailing window, each figure or why it is missing, and stage-to-stage conversion. */
function kpiLines(k: RevenueFocusResult["kpis"], m: (c: number | null) => string | null): string[] {
  const fig = (f: { value: number | null; reason: string | null }, show: (v: number) => string | null) =>
    f.value === null ? `n/a (${f.reason})` : show(f.value);
  return [
    "",
    `KPIs (deals closed ${k.window.start} to ${k.window.end})`,
    renderPairs([
      [`TCV (${k.totalContractValueSource})`, fig(k.totalContractValue, (v) => m(v))],
      ["Average deal size", fig(k.averageDealSize, (v) => m(v))],
      ["Win rate", fig(k.winRate, (v) => percent(v))],
      ["Sales cycle (median days)", fig(k.salesCycleMedianDays, (v) => v.toFixed(0))],
      ["CLV", fig(k.customerLifetimeValue, (v) => m(v))],
      ["Annual logo churn", fig(k.annualLogoChurn, (v) => percent(v))],
      ["Gross revenue retention", fig(k.grossRevenueRetention, (v) => percent(v))],
      [`Coverage ${k.coveragePeriod}`, fig(k.coverage, (v) => `${v.toFixed(1)}x`)],
      ["Velocity per day", fig(k.velocity, (v) => m(v))],
      ["Average open opportunity age (days)", fig(k.averageOpenAgeDays, (v) => v.toFixed(0))],
    ]),
    "",
    "Stage-to-stage conversion",
    renderTable(
      ["From", "To", "Reached", "Advanced", "Rate"],
      k.stageConversion.map((s) => [s.from, s.to, num(s.reached), num(s.advanced), percent(s.rate)]),
    ),
  ];
}

export const revenueFocus: AnalysisDefinition<RevenueFocusResult> = {
  ...ANALYSIS_SPECS["revenue-focus"],
  compute,
  renderText,
};
