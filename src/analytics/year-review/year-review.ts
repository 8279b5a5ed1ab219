/**
 * Year-end review (seed 002's outline as data): executive summary, funnel conversion, time in
 * stage and bottlenecks, win/loss by segment and product, retention, forecasting effectiveness,
 * and data-driven lessons.
 *
 * Periods stored: current fiscal year (default, to date) and previous fiscal year. Scopes:
 * company, region, segment and team. Segment in win/loss is the account's segment, else the
 * owning rep's. Growth compares with the previous year over the same span (start to the same day).
 */

import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type { YearReviewResult } from "../../domain/analyses/year-review";
import { num } from "../../domain/count";
import { type Account, type Deal, type Scope, scopeKey } from "../../domain/crm";
import { addDays, daysBetween, type Period, periodOf, shiftPeriod } from "../../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import { dayNumber } from "../metrics/day-number";
import { averageDealSizeCents } from "../metrics/deal-size";
import { percent } from "../metrics/percent";
import { winRateByCount } from "../metrics/win-rate";
import { retention } from "../prepare/accounts";
import type { Prepared } from "../prepare/prepare";
import { money, renderPairs, renderTable } from "../text-table";
import { forecastingOverYear } from "./forecasting";
import {
  addReached,
  addStay,
  type DayHistogram,
  emptyFunnel,
  type FunnelCounts,
  funnelSteps,
  mergeFunnel,
  mergeHistogram,
  summarizeStays,
} from "./funnel";

const UNASSIGNED = "Unassigned";
const BOTTLENECKS = 3;
type Figure = { value: number | null; reason: string | null };
type WinLossRow = YearReviewResult["winLossBySegment"][number];

const ok = (value: number): Figure => ({ value, reason: null });
const missing = (reason: string): Figure => ({ value: null, reason });

function tally(rows: Map<string, WinLossRow>, name: string, d: Deal) {
  let row = rows.get(name);
  if (!row) {
    row = { name, won: 0, lost: 0, winRate: null, bookingsCents: 0 };
    rows.set(name, row);
  }
  if (d.isWon) {
    row.won++;
    row.bookingsCents += d.amountCents;
  } else row.lost++;
}

function mergeRows(into: Map<string, WinLossRow>, from: ReadonlyMap<string, WinLossRow>) {
  for (const [name, r] of from) {
    const row = into.get(name);
    if (!row) into.set(name, { ...r });
    else {
      row.won += r.won;
      row.lost += r.lost;
      row.bookingsCents += r.bookingsCents;
    }
  }
}

function finish(rows: ReadonlyMap<string, WinLossRow>): WinLossRow[] {
  return [...rows.values()]
    .map((r) => ({ ...r, winRate: winRateByCount(r.won, r.lost) }))
    .sort((a, b) => b.bookingsCents - a.bookingsCents || a.name.localeCompare(b.name));
}

/** One owner's (or a scope's) figures for a year; additive, so a scope sums its reps'. */
export interface YearAggregate {
  bookings: number;
  previousBookings: number;
  won: number;
  lost: number;
  bookingsByMonth: Map<string, number>;
  bySegment: Map<string, WinLossRow>;
  byProduct: Map<string, WinLossRow>;
  accountIds: Set<number>;
  funnel: FunnelCounts;
  stays: Map<string, DayHistogram>;
}

interface YearWindow {
  year: Period;
  through: string;
  previous: Period;
  previousThrough: string;
}

function yearWindow(p: Prepared, year: Period): YearWindow {
  const through = [year.end, p.ctx.today].sort()[0] as string;
  const previous = shiftPeriod(year, -1, p.ctx.fiscalStartMonth);
  const previousThrough = [
    addDays(previous.start, daysBetween(year.start, through)),
    previous.end,
  ].sort()[0] as string;
  return { year, through, previous, previousThrough };
}

function emptyAggregate(stages: number): YearAggregate {
  return {
    bookings: 0,
    previousBookings: 0,
    won: 0,
    lost: 0,
    bookingsByMonth: new Map(),
    bySegment: new Map(),
    byProduct: new Map(),
    accountIds: new Set(),
    funnel: emptyFunnel(stages),
    stays: new Map(),
  };
}

/** One owner's aggregates (one per window) and, per window, its stay histograms by stage id. */
interface OwnerYears {
  aggregates: YearAggregate[];
  staysByStage: (DayHistogram | undefined)[][];
}

/**
 * Every owner's deals aggregated for several year windows in one pass over the deals in load
 * order, reading stage history from the shared typed arrays: a stay counts in the window that
 * contains its exit (the next stage's entry), the furthest stage feeds the funnel.
 */
export function aggregateByOwner(
  p: Prepared,
  windows: readonly YearWindow[],
  accounts: ReadonlyMap<number, Account>,
): Map<number, YearAggregate[]> {
  const stages = p.stageOrder.length;
  const history = p.stageHistoryFacts;
  const { first, enteredDay, stage, furthest, stageNames } = history;
  const windowCount = windows.length;
  const fromDay = windows.map((w) => dayNumber(w.year.start));
  const throughDay = windows.map((w) => dayNumber(w.through));
  const owners = new Map<number, OwnerYears>();
  const ownerOf = (id: number): OwnerYears => {
    let o = owners.get(id);
    if (!o) {
      const aggregates = windows.map(() => emptyAggregate(stages));
      // every deal of the owner counts in every window, so the windows share one account set
      const accountIds = new Set<number>();
      for (const a of aggregates) a.accountIds = accountIds;
      o = { aggregates, staysByStage: windows.map(() => []) };
      owners.set(id, o);
    }
    return o;
  };
  const deals = p.dataset.deals;
  let lastOwnerId = Number.NaN;
  let owner: OwnerYears | undefined;
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    if (d.ownerId !== lastOwnerId || !owner) {
      owner = ownerOf(d.ownerId);
      lastOwnerId = d.ownerId;
    }
    const out = owner.aggregates;
    const end = (first[i + 1] as number) - 1;
    for (let r = first[i] as number; r < end; r++) {
      const exitDay = enteredDay[r + 1] as number;
      for (let k = 0; k < windowCount; k++) {
        if (exitDay < (fromDay[k] as number) || exitDay > (throughDay[k] as number)) continue;
        const byStage = owner.staysByStage[k] as (DayHistogram | undefined)[];
        const s = stage[r] as number;
        let h = byStage[s];
        if (!h) {
          h = [];
          byStage[s] = h;
          (out[k] as YearAggregate).stays.set(stageNames[s] as string, h);
        }
        addStay(h, Math.max(0, exitDay - (enteredDay[r] as number)));
      }
    }
    if (d.accountId !== null) (out[0] as YearAggregate).accountIds.add(d.accountId);
    if (!d.isClosed) continue;
    let segment: string | undefined;
    for (let k = 0; k < windowCount; k++) {
      const a = out[k] as YearAggregate;
      const { year, through, previous, previousThrough } = windows[k] as YearWindow;
      if (d.isWon && d.closeDate >= previous.start && d.closeDate <= previousThrough)
        a.previousBookings += d.amountCents;
      if (d.closeDate < year.start || d.closeDate > through) continue;
      addReached(a.funnel, furthest[i] as number, d.isWon);
      segment ??=
        (d.accountId !== null ? accounts.get(d.accountId)?.segment : null) ??
        p.repsById.get(d.ownerId)?.segment ??
        UNASSIGNED;
      tally(a.bySegment, segment, d);
      tally(a.byProduct, d.product ?? UNASSIGNED, d);
      if (d.isWon) {
        a.won++;
        a.bookings += d.amountCents;
        const month = d.closeDate.slice(0, 7);
        a.bookingsByMonth.set(month, (a.bookingsByMonth.get(month) ?? 0) + d.amountCents);
      } else a.lost++;
    }
  }
  const byOwner = new Map<number, YearAggregate[]>();
  for (const [id, o] of owners) byOwner.set(id, o.aggregates);
  return byOwner;
}

export function mergeAggregates(parts: readonly YearAggregate[], stages: number): YearAggregate {
  const a = emptyAggregate(stages);
  for (const x of parts) {
    a.bookings += x.bookings;
    a.previousBookings += x.previousBookings;
    a.won += x.won;
    a.lost += x.lost;
    for (const [m, v] of x.bookingsByMonth) a.bookingsByMonth.set(m, (a.bookingsByMonth.get(m) ?? 0) + v);
    mergeRows(a.bySegment, x.bySegment);
    mergeRows(a.byProduct, x.byProduct);
    for (const id of x.accountIds) a.accountIds.add(id);
    mergeFunnel(a.funnel, x.funnel);
    for (const [stage, days] of x.stays) {
      const h = a.stays.get(stage);
      if (h) mergeHistogram(h, days);
      else a.stays.set(stage, [...days]);
    }
  }
  return a;
}

export function yearReviewFor(
  p: Prepared,
  scope: Scope,
  w: YearWindow,
  agg: YearAggregate,
): YearReviewResult {
  const { today } = p.ctx;
  const { year, through, previous } = w;
  const { bookings, previousBookings, won, lost } = agg;

  const quotaOf = p.quotaOf;
  let quota: number | null = null;
  for (const r of p.repsIn(scope)) {
    const q = quotaOf(r.id, year);
    if (q !== undefined) quota = (quota ?? 0) + q;
  }

  const funnel = funnelSteps(p.stageOrder, agg.funnel);
  const stageTimes = summarizeStays(p.stageOrder, agg.stays);
  const bottlenecks = stageTimes
    .filter((s) => s.medianDays !== null)
    .sort((a, b) => (b.medianDays as number) - (a.medianDays as number) || a.stage.localeCompare(b.stage))
    .slice(0, BOTTLENECKS);

  const facts = p.accountFacts;
  const ret = retention(facts, agg.accountIds, addDays(year.start, -1), through);
  const months: Period[] = [];
  for (let m = periodOf(year.start, "month"); m.start <= year.end; m = shiftPeriod(m, 1)) months.push(m);
  const forecasting = forecastingOverYear(p, scopeKey(scope), months, agg.bookingsByMonth);

  const growth =
    previousBookings > 0
      ? ok((bookings - previousBookings) / previousBookings)
      : missing(`no bookings in ${previous.key} over the same span`);
  const segments = finish(agg.bySegment);
  const products = finish(agg.byProduct);
  const winRate = winRateByCount(won, lost);
  const averageDealSize = averageDealSizeCents(bookings, won);
  const summary: YearReviewResult["summary"] = {
    bookingsCents: bookings,
    quotaCents: quota,
    attainment: quota !== null && quota > 0 ? ok(bookings / quota) : missing(`no quota for ${year.key}`),
    winRate: winRate !== null ? ok(winRate) : missing("no deal closed in the year"),
    dealsWon: won,
    dealsLost: lost,
    averageDealSize: averageDealSize !== null ? ok(averageDealSize) : missing("no deal won in the year"),
    previousYearBookingsCents: previousBookings,
    growth,
  };
  const retentionOut: YearReviewResult["retention"] = {
    from: addDays(year.start, -1),
    to: through,
    baseAccounts: ret.baseAccounts,
    churnedAccounts: ret.churnedAccounts,
    grossRevenueRetention:
      ret.grossRevenueRetention === null
        ? missing("no customer at the start of the year")
        : ok(ret.grossRevenueRetention),
    logoRetention:
      ret.logoChurn === null ? missing("no customer at the start of the year") : ok(1 - ret.logoChurn),
    source: p.dataset.contracts.length > 0 ? "contracts" : "bookings",
  };

  return {
    asOfDate: today,
    year: { key: year.key, start: year.start, end: year.end },
    through,
    yearToDate: through < year.end,
    summary,
    funnel,
    stageTimes,
    bottlenecks,
    winLossBySegment: segments,
    winLossByProduct: products,
    retention: retentionOut,
    forecasting,
    lessons: lessons(summary, funnel, bottlenecks, segments, products, retentionOut, forecasting),
  };
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The few figures a year-end discussion should start from, each with its number. */
export function lessons(
  summary: YearReviewResult["summary"],
  funnel: YearReviewResult["funnel"],
  bottlenecks: YearReviewResult["bottlenecks"],
  segments: readonly WinLossRow[],
  products: readonly WinLossRow[],
  ret: YearReviewResult["retention"],
  forecasting: YearReviewResult["forecasting"],
): YearReviewResult["lessons"] {
  const out: YearReviewResult["lessons"] = [];
  const slow = bottlenecks[0];
  if (slow && slow.medianDays !== null)
    out.push({
      code: "largest_bottleneck",
      text: `Deals spend longest in ${slow.stage}: median ${Math.round(slow.medianDays)} days`,
      value: slow.medianDays,
    });
  const weakest = funnel
    .filter((s) => s.rate !== null)
    .sort((a, b) => (a.rate as number) - (b.rate as number) || a.from.localeCompare(b.from))[0];
  if (weakest && weakest.rate !== null)
    out.push({
      code: "weakest_conversion",
      text: `Weakest funnel step: ${weakest.from} → ${weakest.to} converts ${pct(weakest.rate)}`,
      value: weakest.rate,
    });
  const rated = segments.filter((s) => s.winRate !== null);
  if (rated.length >= 2) {
    const seg = [...rated].sort(
      (a, b) => (a.winRate as number) - (b.winRate as number) || a.name.localeCompare(b.name),
    )[0];
    if (seg && seg.winRate !== null)
      out.push({
        code: "weakest_segment",
        text: `Lowest win rate: ${seg.name} at ${pct(seg.winRate)}`,
        value: seg.winRate,
      });
  }
  const product = products[0];
  if (product && product.bookingsCents > 0)
    out.push({
      code: "strongest_product",
      text: `Most bookings from ${product.name}: ${summary.bookingsCents > 0 ? pct(product.bookingsCents / summary.bookingsCents) : "0%"} of the year`,
      value: product.bookingsCents,
    });
  if (forecasting.bias.value !== null)
    out.push({
      code: "forecast_bias",
      text: `Forecasts ${forecasting.bias.value >= 0 ? "over" : "under"}-called bookings by ${pct(Math.abs(forecasting.bias.value))} (30-day horizon)`,
      value: forecasting.bias.value,
    });
  if (ret.grossRevenueRetention.value !== null)
    out.push({
      code: "retention",
      text: `Gross revenue retention ${pct(ret.grossRevenueRetention.value)}, ${ret.churnedAccounts} of ${ret.baseAccounts} customers lost`,
      value: ret.grossRevenueRetention.value,
    });
  if (summary.growth.value !== null)
    out.push({
      code: "growth",
      text: `Bookings ${summary.growth.value >= 0 ? "grew" : "fell"} ${pct(Math.abs(summary.growth.value))} on the previous year`,
      value: summary.growth.value,
    });
  return out;
}

function compute(p: Prepared): { results: AnalysisResult<YearReviewResult>[] } {
  const accounts = p.accountsById;
  const stages = p.stageOrder.length;
  const scopes = p.scopes.filter((s) => s.kind !== "rep");
  const results: AnalysisResult<YearReviewResult>[] = [];
  const years = [
    { year: p.periods.currentYear, isDefault: true },
    { year: p.periods.previousYear, isDefault: false },
  ];
  const windows = years.map((y) => yearWindow(p, y.year));
  // one pass over the deals for both years, then each scope sums its reps' aggregates (company: every owner)
  const byOwner = aggregateByOwner(p, windows, accounts);
  years.forEach(({ year, isDefault }, k) => {
    const w = windows[k] as YearWindow;
    const ownersOf = (scope: Scope) =>
      p.repsIn(scope).flatMap((r) => {
        const x = byOwner.get(r.id);
        return x ? [x] : [];
      });
    const pick = (owners: Iterable<YearAggregate[]>) => [...owners].map((x) => x[k] as YearAggregate);
    const company = mergeAggregates(pick(byOwner.values()), stages);
    for (const scope of scopes) {
      const agg = scope.kind === "company" ? company : mergeAggregates(pick(ownersOf(scope)), stages);
      results.push({
        scope: scopeKey(scope),
        period: year.key,
        isDefault,
        payload: yearReviewFor(p, scope, w, agg),
      });
    }
  });
  return { results };
}

function renderText(r: YearReviewResult, meta: { scope: string; period: string; currency: string }): string {
  const m = (c: number | null) => money(c, meta.currency);
  const fig = (f: Figure, show: (v: number) => string | null) =>
    f.value === null ? `n/a (${f.reason})` : show(f.value);
  const s = r.summary;
  const f = r.forecasting;
  const winLoss = (rows: readonly WinLossRow[]) =>
    renderTable(
      ["Name", "Won", "Lost", "Win rate", "Bookings"],
      rows.map((x) => [x.name, x.won, x.lost, percent(x.winRate), m(x.bookingsCents)]),
    );
  return [
    `Year review — ${meta.scope}, ${r.year.key} (${r.year.start} to ${r.through}${r.yearToDate ? ", to date" : ""}), as of ${r.asOfDate}`,
    "",
    "1. Executive summary",
    renderPairs([
      ["Bookings", m(s.bookingsCents)],
      ["Quota", m(s.quotaCents)],
      ["Attainment", fig(s.attainment, (v) => percent(v))],
      ["Win rate", fig(s.winRate, (v) => percent(v))],
      ["Deals won / lost", `${num(s.dealsWon)} / ${num(s.dealsLost)}`],
      ["Average deal size", fig(s.averageDealSize, (v) => m(v))],
      ["Previous year, same span", m(s.previousYearBookingsCents)],
      ["Growth", fig(s.growth, (v) => percent(v))],
    ]),
    "",
    "2. Funnel conversion",
    renderTable(
      ["From", "To", "Reached", "Advanced", "Rate"],
      r.funnel.map((x) => [x.from, x.to, num(x.reached), num(x.advanced), percent(x.rate)]),
    ),
    "",
    "3. Time in stage",
    renderTable(
      ["Stage", "Stays", "Median days", "Mean days"],
      r.stageTimes.map((x) => [
        x.stage,
        num(x.stays),
        x.medianDays,
        x.meanDays === null ? null : Number(x.meanDays.toFixed(1)),
      ]),
    ),
    "",
    "4. Win/loss by segment",
    winLoss(r.winLossBySegment),
    "",
    "5. Win/loss by product",
    winLoss(r.winLossByProduct),
    "",
    "6. Retention",
    renderPairs([
      [
        `Gross revenue retention (${r.retention.source})`,
        fig(r.retention.grossRevenueRetention, (v) => percent(v)),
      ],
      ["Logo retention", fig(r.retention.logoRetention, (v) => percent(v))],
      ["Customers at start / lost", `${r.retention.baseAccounts} / ${r.retention.churnedAccounts}`],
    ]),
    "",
    `7. Forecasting (${f.horizonDays}-day horizon)`,
    renderTable(
      ["Month", "Forecast", "Actual", "Error", "APE"],
      f.months.map((x) => [x.period, m(x.forecastCents), m(x.actualCents), m(x.errorCents), percent(x.ape)]),
    ),
    renderPairs([
      [`MAPE (target < ${percent(f.mapeTarget, 0)})`, fig(f.mape, (v) => percent(v))],
      ["Bias", fig(f.bias, (v) => percent(v))],
    ]),
    "",
    "8. Lessons",
    ...(r.lessons.length ? r.lessons.map((l) => `- ${l.text}`) : ["- not enough data for lessons"]),
  ].join("\n");
}

export const yearReview: AnalysisDefinition<YearReviewResult> = {
  ...ANALYSIS_SPECS["year-review"],
  compute,
  renderText,
};
