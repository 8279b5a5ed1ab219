/**
 * The year-end review deck, laid out as seed 002's outline: the sections the CRM data answers
 * (executive summary, sales process, win/loss, retention, forecasting, challenges and lessons)
 * from the stored year review, and an outline slide naming the sections left to the team.
 */
import type { YearReviewResult } from "../../domain/analyses/year-review";
import { ChartInputError } from "../chart-input-error";
import { forecastVsActualFromYearReview, renderForecastVsActual } from "../forecast-vs-actual";
import { count, instantLabel, moneyShort, percent, scopeLabel, signedPercent, traceLine } from "../labels";
import type { RenderedChart } from "../render";
import type { ChartContext, TracedAnalysis } from "../traced";
import { BODY, DeckWriter } from "./deck-writer";

export interface YearEndDeckInput extends ChartContext {
  executiveSummary: readonly string[];
  yearReview: TracedAnalysis<YearReviewResult>;
}

export interface YearEndDeckCharts {
  forecastVsActual: RenderedChart;
}

export async function yearEndDeckCharts(input: YearEndDeckInput): Promise<YearEndDeckCharts> {
  return {
    forecastVsActual: await renderForecastVsActual(forecastVsActualFromYearReview(input.yearReview), input),
  };
}

/** Seed 002's ten sections, and where this deck answers each (null: the team adds it). */
const OUTLINE: readonly [string, string | null][] = [
  ["1. Executive summary", "Executive summary"],
  ["2. Data management and analysis", "Win and loss by segment and product"],
  ["3. Lead management and conversion", "Sales process: funnel and time in stage"],
  ["4. Sales process optimisation", "Sales process: funnel and time in stage"],
  ["5. Marketing and sales alignment", null],
  ["6. Customer success and retention", "Customer retention"],
  ["7. Performance reporting and dashboards", null],
  ["8. Revenue forecasting and modelling", "Revenue forecasting"],
  ["9. Collaboration and communication", null],
  ["10. Challenges and lessons learned", "Challenges and lessons learned"],
];

/** A count as the slides write it: 2,529. */
const whole = (n: number) => n.toLocaleString("en-US");

const figure = (f: { value: number | null; reason: string | null }, show: (v: number) => string) =>
  f.value === null ? `n/a (${f.reason ?? "not available"})` : show(f.value);

export async function buildYearEndDeck(input: YearEndDeckInput, charts: YearEndDeckCharts): Promise<Buffer> {
  if (input.executiveSummary.length === 0)
    throw new ChartInputError("year-end deck", "the executive summary is empty");
  const y = input.yearReview.payload;
  const c = input.currency;
  const scope = scopeLabel(input.yearReview.scope);
  const span = y.yearToDate ? `${y.year.key} to ${y.through}` : y.year.key;
  const deck = new DeckWriter({
    title: `Year-end review, ${y.year.key}`,
    subject: `${scope} year-end revenue review`,
    footer: `Year-end review · ${span} · ${scope} · figures ${traceLine(input.yearReview, input.timeZone)}`,
  });
  const t = input.yearReview;
  deck.titleSlide(`Year-end review: ${y.year.key}`, [
    scope,
    y.yearToDate ? `Year to date, through ${y.through}` : `${y.year.start} to ${y.year.end}`,
    `Figures as of ${instantLabel(t.asOf, input.timeZone)}`,
    `${t.importId === null ? "No import" : `CRM import #${t.importId}`} · metric definitions v${t.definitionVersion} · amounts in ${c}`,
  ]);
  const outline = deck.slide(
    "Outline",
    "The sections of the year-end review, and which the CRM data answers",
  );
  deck.table(
    outline,
    [
      { header: "Section", w: 5.5 },
      { header: "In this deck", w: 6.83 },
    ],
    OUTLINE.map(([section, slide]) => [section, slide ?? "for the team to add: not in the CRM data"]),
    { ...BODY, y: 1.6 },
    14,
  );
  const s = y.summary;
  const summary = deck.slide("Executive summary", span);
  deck.tiles(
    summary,
    [
      { label: "Bookings", value: moneyShort(s.bookingsCents, c), note: count(s.dealsWon, "won deal") },
      {
        label: "Growth on last year",
        value: figure(s.growth, (v) => signedPercent(v)),
        note: `${moneyShort(s.previousYearBookingsCents, c)} last year`,
      },
      {
        label: "Attainment",
        value: figure(s.attainment, (v) => percent(v)),
        note: s.quotaCents === null ? "no quota" : `of ${moneyShort(s.quotaCents, c)}`,
      },
      {
        label: "Win rate",
        value: figure(s.winRate, (v) => percent(v)),
        note: `${whole(s.dealsWon)} won · ${whole(s.dealsLost)} lost`,
      },
      { label: "Average deal", value: figure(s.averageDealSize, (v) => moneyShort(v, c)) },
    ],
    { x: BODY.x, y: 1.55, w: BODY.w, h: 1.1 },
  );
  deck.text(summary, input.executiveSummary, { ...BODY, y: 2.9, h: 3.9 }, 18, true);
  processSlides(deck, y, c);
  retentionAndForecastSlides(deck, input, charts);
  const lessons = deck.slide("Challenges and lessons learned", "What the year's figures point to");
  deck.text(
    lessons,
    y.lessons.length > 0 ? y.lessons.map((l) => l.text) : ["No lesson stands out in the figures."],
    { ...BODY, y: 1.6, h: 5.2 },
    18,
    true,
  );
  return deck.toBuffer(t.asOf);
}

function processSlides(deck: DeckWriter, y: YearReviewResult, currency: string): void {
  const slowest = y.bottlenecks[0];
  const process = deck.slide(
    "Sales process: funnel and time in stage",
    slowest?.medianDays != null
      ? `Deals closed in the year; slowest stage: ${slowest.stage}, median ${Math.round(slowest.medianDays)} days`
      : "Deals closed in the year",
  );
  deck.table(
    process,
    [
      { header: "Step", w: 3.3 },
      { header: "Reached", w: 1.0, align: "right" },
      { header: "Advanced", w: 1.05, align: "right" },
      { header: "Rate", w: 0.85, align: "right" },
    ],
    y.funnel.map((f) => [
      `${f.from} → ${f.to}`,
      whole(f.reached),
      whole(f.advanced),
      f.rate === null ? "n/a" : percent(f.rate, 0),
    ]),
    { x: BODY.x, y: 1.6, w: 6.2, h: 5 },
    13,
  );
  deck.table(
    process,
    [
      { header: "Stage", w: 2.2 },
      { header: "Stays", w: 1.0, align: "right" },
      { header: "Median days", w: 1.4, align: "right" },
      { header: "Mean days", w: 1.3, align: "right" },
    ],
    y.stageTimes.map((st) => [
      st.stage,
      whole(st.stays),
      st.medianDays === null ? "n/a" : String(Math.round(st.medianDays)),
      st.meanDays === null ? "n/a" : st.meanDays.toFixed(1),
    ]),
    { x: BODY.x + 6.43, y: 1.6, w: 5.9, h: 5 },
    13,
  );
  const winLoss = deck.slide(
    "Win and loss by segment and product",
    "Deals closed in the year; win rate = won ÷ (won + lost)",
  );
  const columns = (name: string) => [
    { header: name, w: 2.2 },
    { header: "Won", w: 0.8, align: "right" as const },
    { header: "Lost", w: 0.8, align: "right" as const },
    { header: "Win rate", w: 1.0, align: "right" as const },
    { header: "Bookings", w: 1.2, align: "right" as const },
  ];
  const rows = (list: YearReviewResult["winLossBySegment"]) =>
    list.map((r) => [
      r.name,
      whole(r.won),
      whole(r.lost),
      r.winRate === null ? "n/a" : percent(r.winRate, 0),
      moneyShort(r.bookingsCents, currency),
    ]);
  deck.table(winLoss, columns("Segment"), rows(y.winLossBySegment), { x: BODY.x, y: 1.6, w: 6, h: 5 }, 13);
  deck.table(
    winLoss,
    columns("Product"),
    rows(y.winLossByProduct),
    { x: BODY.x + 6.33, y: 1.6, w: 6, h: 5 },
    13,
  );
}

function retentionAndForecastSlides(
  deck: DeckWriter,
  input: YearEndDeckInput,
  charts: YearEndDeckCharts,
): void {
  const r = input.yearReview.payload.retention;
  const retention = deck.slide(
    "Customer retention",
    `Accounts with revenue on ${r.from}, still with revenue on ${r.to} (from ${r.source === "contracts" ? "contracts" : "bookings, no contracts imported"})`,
  );
  deck.tiles(
    retention,
    [
      { label: "Gross revenue retention", value: figure(r.grossRevenueRetention, (v) => percent(v)) },
      { label: "Logo retention", value: figure(r.logoRetention, (v) => percent(v)) },
      { label: "Accounts at the start", value: whole(r.baseAccounts) },
      { label: "Accounts churned", value: whole(r.churnedAccounts) },
    ],
    { x: BODY.x, y: 1.7, w: BODY.w, h: 1.3 },
  );
  const f = input.yearReview.payload.forecasting;
  const forecasting = deck.slide(
    `Revenue forecasting: MAPE ${figure(f.mape, (v) => percent(v))} (target < ${percent(f.mapeTarget, 0)})`,
    `Each month's submitted call ${f.horizonDays} days ahead against its bookings`,
  );
  deck.chart(forecasting, charts.forecastVsActual, { x: BODY.x + 1.5, y: 1.6, w: 9.3 });
}
