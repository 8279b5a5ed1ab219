/**
 * Variance contributors (metrics.md, "Forecast accuracy"): F − A split by team, by rep and by deal
 * (slipped, lost, pulled-in or new, plus won deals' own shortfall), ranked by absolute contribution.
 * Every list is the top N plus an "other" remainder, so that it sums to F − A exactly in cents.
 * F here is the backtest's stage-weighted part (won by the cutoff + each open deal × its in-period
 * close rate), the only part traceable deal by deal; the blended backtest forecast is named in the
 * note beside it.
 */
import type { ContributorList, DealContributor, Variance } from "../../domain/analyses/forecast-accuracy";
import type { Rep } from "../../domain/crm";
import type { DealCategory, DealVarianceRow } from "./backtest";

export const TOP_CONTRIBUTORS = 10;
const CATEGORIES: DealCategory[] = ["slipped", "lost", "pulled_in_or_new", "won", "won_before_period"];

function byAbsContribution<T extends { contributionCents: number }>(a: T, b: T, tie: (x: T, y: T) => number) {
  return Math.abs(b.contributionCents) - Math.abs(a.contributionCents) || tie(a, b);
}

export function rankContributors(
  groups: Map<string, { forecastCents: number; actualCents: number }>,
  top: number,
): ContributorList {
  const all = [...groups].map(([name, g]) => ({
    name,
    forecastCents: g.forecastCents,
    actualCents: g.actualCents,
    contributionCents: g.forecastCents - g.actualCents,
  }));
  all.sort((a, b) => byAbsContribution(a, b, (x, y) => x.name.localeCompare(y.name)));
  const shown = all.slice(0, top);
  const rest = all.slice(top);
  const total = all.reduce((s, g) => s + g.contributionCents, 0);
  return {
    top: shown,
    otherCount: rest.length,
    otherCents: rest.reduce((s, g) => s + g.contributionCents, 0),
    totalCents: total,
  };
}

export function repLabel(rep: Rep | undefined, ownerId: number): string {
  return rep ? rep.name : `(unknown rep #${ownerId})`;
}

const byDealRank = (a: DealVarianceRow, b: DealVarianceRow) =>
  byAbsContribution(a, b, (x, y) => x.dealId.localeCompare(y.dealId));

/**
 * The first `top` rows in contributor order, as a stable sort would give them, by insertion into a
 * short ranked list: a scope's rows can number in the tens of thousands and only ten are shown.
 */
export function topRows(rows: readonly DealVarianceRow[], top: number): DealVarianceRow[] {
  const best: DealVarianceRow[] = [];
  if (top <= 0) return best;
  for (const r of rows) {
    if (best.length === top && byDealRank(r, best[top - 1] as DealVarianceRow) >= 0) continue;
    let i = best.length;
    while (i > 0 && byDealRank(r, best[i - 1] as DealVarianceRow) < 0) i--;
    best.splice(i, 0, r);
    if (best.length > top) best.pop();
  }
  return best;
}

export function buildVariance(
  rows: readonly DealVarianceRow[],
  repsById: ReadonlyMap<number, Rep>,
  blendedForecastCents: number,
  actualCents: number,
  horizonDays: number,
  top = TOP_CONTRIBUTORS,
): Variance {
  const teams = new Map<string, { forecastCents: number; actualCents: number }>();
  const reps = new Map<string, { forecastCents: number; actualCents: number }>();
  const categories = new Map<DealCategory, { deals: number; contributionCents: number }>();
  const add = (
    m: Map<string, { forecastCents: number; actualCents: number }>,
    k: string,
    r: DealVarianceRow,
  ) => {
    const g = m.get(k) ?? { forecastCents: 0, actualCents: 0 };
    g.forecastCents += r.forecastCents;
    g.actualCents += r.actualCents;
    m.set(k, g);
  };
  let usingCurrent = 0;
  for (const r of rows) {
    const rep = repsById.get(r.ownerId);
    add(teams, rep?.team ?? "(no team)", r);
    add(reps, repLabel(rep, r.ownerId), r);
    const c = categories.get(r.category) ?? { deals: 0, contributionCents: 0 };
    c.deals++;
    c.contributionCents += r.contributionCents;
    categories.set(r.category, c);
    if (r.usedCurrentValues) usingCurrent++;
  }
  // Deals that were won by the forecast date count in F and A alike and have no rows; F − A
  // computed from the rows therefore equals the period's F − A.
  const shown: DealContributor[] = topRows(rows, top).map((r) => {
    const rep = repsById.get(r.ownerId);
    return {
      dealId: r.dealId,
      name: r.name,
      rep: rep?.name ?? null,
      team: rep?.team ?? null,
      category: r.category,
      forecastCents: r.forecastCents,
      actualCents: r.actualCents,
      contributionCents: r.contributionCents,
      asOfStage: r.asOfStage,
      asOfCloseDate: r.asOfCloseDate,
      closeDate: r.closeDate,
      isClosed: r.isClosed,
      usedCurrentValues: r.usedCurrentValues,
    };
  });
  const totalRows = rows.reduce((s, r) => s + r.contributionCents, 0);
  const shownCents = shown.reduce((s, r) => s + r.contributionCents, 0);
  const forecastCents = actualCents + totalRows;
  return {
    source: "backtest",
    horizonDays,
    forecastCents,
    actualCents,
    varianceCents: forecastCents - actualCents,
    byCategory: CATEGORIES.filter((c) => categories.has(c)).map((category) => ({
      category,
      deals: categories.get(category)?.deals ?? 0,
      contributionCents: categories.get(category)?.contributionCents ?? 0,
    })),
    byTeam: rankContributors(teams, top),
    byRep: rankContributors(reps, top),
    byDeal: {
      top: shown,
      otherCount: rows.length - shown.length,
      otherCents: totalRows - shownCents,
      totalCents: totalRows,
    },
    dealsUsingCurrentValues: usingCurrent,
    note:
      `Contributors explain the backtest's stage-weighted part (${dollars(forecastCents)}: bookings won ${horizonDays} days ` +
      "before period end plus the pipeline as it stood then, weighted by in-period close rates): only it can be traced " +
      `deal by deal. The blended backtest forecast was ${dollars(blendedForecastCents)}.`,
  };
}

function dollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  return `${sign}$${Math.round(Math.abs(cents) / 100).toLocaleString("en-US")}`;
}
