/**
 * Year-end review (seed 002's outline as data): executive summary, funnel conversion, time in
 * stage and bottlenecks, win/loss by segment and product, retention, forecasting effectiveness,
 * and data-driven lessons.
 *
 * Periods stored: current fiscal year (default, to date) and previous fiscal year. Scopes:
 * company, region, segment and team. Segment in win/loss is the account's segment, else the
 * owning rep's. Growth compares with the previous year over the same span (start to the same day).
 */

import { type YearReviewResult, yearReviewResultSchema } from "../domain/analyses/year-review";
import { type Account, type Deal, type Scope, scopeKey } from "../domain/crm";
import { addDays, daysBetween, type Period, periodOf, shiftPeriod } from "../domain/period";
import type { AnalysisDefinition, AnalysisResult } from "./definition";
import type { Prepared } from "./prepare";
import { accountFacts, retention } from "./revenue-focus-accounts";
import { repQuotaLookup } from "./territory-quota";
import { money, percent, renderPairs, renderTable } from "./text-table";
import { forecastingOverYear } from "./year-review-forecasting";
import { funnelConversion, timeInStage } from "./year-review-funnel";

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

function finish(rows: Map<string, WinLossRow>): WinLossRow[] {
  return [...rows.values()]
    .map((r) => ({ ...r, winRate: r.won + r.lost > 0 ? r.won / (r.won + r.lost) : null }))
    .sort((a, b) => b.bookingsCents - a.bookingsCents || a.name.localeCompare(b.name));
}

export function yearReviewFor(
  p: Prepared,
  scope: Scope,
  year: Period,
  accounts: Map<number, Account>,
): YearReviewResult {
  const { today, fiscalStartMonth } = p.ctx;
  const through = [year.end, today].sort()[0] as string;
  const previous = shiftPeriod(year, -1, fiscalStartMonth);
  const previousThrough = [
    addDays(previous.start, daysBetween(year.start, through)),
    previous.end,
  ].sort()[0] as string;
  const deals: readonly Deal[] = scope.kind === "company" ? p.dataset.deals : p.dealsIn(scope);

  const closed: Deal[] = [];
  const accountIds = new Set<number>();
  const bookingsByMonth = new Map<string, number>();
  const bySegment = new Map<string, WinLossRow>();
  const byProduct = new Map<string, WinLossRow>();
  let bookings = 0;
  let previousBookings = 0;
  let won = 0;
  let lost = 0;
  for (const d of deals) {
    if (d.accountId !== null) accountIds.add(d.accountId);
    if (!d.isClosed) continue;
    if (d.isWon && d.closeDate >= previous.start && d.closeDate <= previousThrough)
      previousBookings += d.amountCents;
    if (d.closeDate < year.start || d.closeDate > through) continue;
    closed.push(d);
    const segment =
      (d.accountId !== null ? accounts.get(d.accountId)?.segment : null) ??
      p.repsById.get(d.ownerId)?.segment ??
      UNASSIGNED;
    tally(bySegment, segment, d);
    tally(byProduct, d.product ?? UNASSIGNED, d);
    if (d.isWon) {
      won++;
      bookings += d.amountCents;
      const month = d.closeDate.slice(0, 7);
      bookingsByMonth.set(month, (bookingsByMonth.get(month) ?? 0) + d.amountCents);
    } else lost++;
  }

  const quotaOf = repQuotaLookup(p);
  let quota: number | null = null;
  for (const r of p.repsIn(scope)) {
    const q = quotaOf(r.id, year);
    if (q !== undefined) quota = (quota ?? 0) + q;
  }

  const funnel = funnelConversion(closed, p.stageOrder, p.stageHistoryByDeal);
  const stageTimes = timeInStage(deals, p.stageOrder, p.stageHistoryByDeal, year.start, through);
  const bottlenecks = stageTimes
    .filter((s) => s.medianDays !== null)
    .sort((a, b) => (b.medianDays as number) - (a.medianDays as number) || a.stage.localeCompare(b.stage))
    .slice(0, BOTTLENECKS);

  const facts = accountFacts(p);
  const ret = retention(facts, accountIds, addDays(year.start, -1), through);
  const months: Period[] = [];
  for (let m = periodOf(year.start, "month"); m.start <= year.end; m = shiftPeriod(m, 1)) months.push(m);
  const forecasting = forecastingOverYear(p, scopeKey(scope), months, bookingsByMonth);

  const growth =
    previousBookings > 0
      ? ok((bookings - previousBookings) / previousBookings)
      : missing(`no bookings in ${previous.key} over the same span`);
  const segments = finish(bySegment);
  const products = finish(byProduct);
  const summary: YearReviewResult["summary"] = {
    bookingsCents: bookings,
    quotaCents: quota,
    attainment: quota !== null && quota > 0 ? ok(bookings / quota) : missing(`no quota for ${year.key}`),
    winRate: won + lost > 0 ? ok(won / (won + lost)) : missing("no deal closed in the year"),
    dealsWon: won,
    dealsLost: lost,
    averageDealSize: won > 0 ? ok(Math.round(bookings / won)) : missing("no deal won in the year"),
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
  const accounts = new Map(p.dataset.accounts.map((a) => [a.id, a]));
  const scopes = p.scopes.filter((s) => s.kind !== "rep");
  const results: AnalysisResult<YearReviewResult>[] = [];
  for (const [year, isDefault] of [
    [p.periods.currentYear, true],
    [p.periods.previousYear, false],
  ] as const)
    for (const scope of scopes)
      results.push({
        scope: scopeKey(scope),
        period: year.key,
        isDefault,
        payload: yearReviewFor(p, scope, year, accounts),
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
      ["Deals won / lost", `${s.dealsWon} / ${s.dealsLost}`],
      ["Average deal size", fig(s.averageDealSize, (v) => m(v))],
      ["Previous year, same span", m(s.previousYearBookingsCents)],
      ["Growth", fig(s.growth, (v) => percent(v))],
    ]),
    "",
    "2. Funnel conversion",
    renderTable(
      ["From", "To", "Reached", "Advanced", "Rate"],
      r.funnel.map((x) => [x.from, x.to, x.reached, x.advanced, percent(x.rate)]),
    ),
    "",
    "3. Time in stage",
    renderTable(
      ["Stage", "Stays", "Median days", "Mean days"],
      r.stageTimes.map((x) => [
        x.stage,
        x.stays,
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
  name: "year-review",
  definitionVersion: 1,
  title: "Year-end review",
  schema: yearReviewResultSchema,
  compute,
  renderText,
};
