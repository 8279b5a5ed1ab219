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

type Sums = { forecastCents: number; actualCents: number };

/**
 * The additive figures of a set of rows (one owner's, in practice): a scope's variance puts its
 * owners' parts together instead of walking its rows, since each row would otherwise be read once
 * for every scope holding its owner. Every sum is of whole cents (the rows' forecasts are rounded),
 * so adding parts gives the very sums the rows give; the top rows of all parts hold the top rows
 * of all rows.
 */
export interface VariancePart {
  teams: Map<string, Sums>;
  reps: Map<string, Sums>;
  categories: Map<DealCategory, { deals: number; contributionCents: number }>;
  usingCurrent: number;
  rows: number;
  contributionCents: number;
  /** the first `top` rows in contributor order */
  top: DealVarianceRow[];
}

function addSums(m: Map<string, Sums>, k: string, forecastCents: number, actualCents: number): void {
  const g = m.get(k);
  if (g) {
    g.forecastCents += forecastCents;
    g.actualCents += actualCents;
  } else m.set(k, { forecastCents, actualCents });
}

function addCategory(m: VariancePart["categories"], k: DealCategory, deals: number, cents: number): void {
  const c = m.get(k);
  if (c) {
    c.deals += deals;
    c.contributionCents += cents;
  } else m.set(k, { deals, contributionCents: cents });
}

export function variancePart(
  rows: readonly DealVarianceRow[],
  repsById: ReadonlyMap<number, Rep>,
  top = TOP_CONTRIBUTORS,
): VariancePart {
  const part: VariancePart = {
    teams: new Map(),
    reps: new Map(),
    categories: new Map(),
    usingCurrent: 0,
    rows: rows.length,
    contributionCents: 0,
    top: topRows(rows, top),
  };
  for (const r of rows) {
    const rep = repsById.get(r.ownerId);
    addSums(part.teams, rep?.team ?? "(no team)", r.forecastCents, r.actualCents);
    addSums(part.reps, repLabel(rep, r.ownerId), r.forecastCents, r.actualCents);
    addCategory(part.categories, r.category, 1, r.contributionCents);
    if (r.usedCurrentValues) part.usingCurrent++;
    part.contributionCents += r.contributionCents;
  }
  return part;
}

/** The parts put together (see VariancePart). */
function mergeParts(parts: readonly VariancePart[], top: number): VariancePart {
  if (parts.length === 1) return parts[0] as VariancePart;
  const all: VariancePart = {
    teams: new Map(),
    reps: new Map(),
    categories: new Map(),
    usingCurrent: 0,
    rows: 0,
    contributionCents: 0,
    top: [],
  };
  const tops: DealVarianceRow[] = [];
  for (const part of parts) {
    for (const [k, g] of part.teams) addSums(all.teams, k, g.forecastCents, g.actualCents);
    for (const [k, g] of part.reps) addSums(all.reps, k, g.forecastCents, g.actualCents);
    for (const [k, c] of part.categories) addCategory(all.categories, k, c.deals, c.contributionCents);
    all.usingCurrent += part.usingCurrent;
    all.rows += part.rows;
    all.contributionCents += part.contributionCents;
    for (const r of part.top) tops.push(r);
  }
  all.top = topRows(tops, top);
  return all;
}

export function buildVariance(
  rows: readonly DealVarianceRow[],
  repsById: ReadonlyMap<number, Rep>,
  blendedForecastCents: number,
  actualCents: number,
  horizonDays: number,
  top = TOP_CONTRIBUTORS,
): Variance {
  const part = variancePart(rows, repsById, top);
  return varianceOfParts([part], repsById, blendedForecastCents, actualCents, horizonDays, top);
}

/** The variance of the rows of several parts (each from variancePart with the same `top`). */
export function varianceOfParts(
  parts: readonly VariancePart[],
  repsById: ReadonlyMap<number, Rep>,
  blendedForecastCents: number,
  actualCents: number,
  horizonDays: number,
  top = TOP_CONTRIBUTORS,
): Variance {
  const {
    teams,
    reps,
    categories,
    usingCurrent,
    rows,
    contributionCents,
    top: topOfRows,
  } = mergeParts(parts, top);
  // Deals that were won by the forecast date count in F and A alike and have no rows; F − A
  // computed from the rows therefore equals the period's F − A.
  const shown: DealContributor[] = topOfRows.map((r) => {
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
  const totalRows = contributionCents;
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
      otherCount: rows - shown.length,
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

export function dollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  return `${sign}$${groupThousands(Math.round(Math.abs(cents) / 100))}`;
}

/**
 * A whole number ≥ 0 with comma thousands separators, as toLocaleString("en-US") writes it, without
 * it: the first call of Intl number formatting in a process loads ICU's number data (~14 ms
 * measured in a refresh, where these notes are its only use).
 */
export function groupThousands(n: number): string {
  const digits = String(n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return out;
}
