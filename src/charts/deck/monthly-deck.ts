/**
 * The monthly business review deck (seed 000's "Monthly Business Review Deck"): title, executive
 * summary, month close, forecast accuracy, next-period forecast, pipeline health, the top-20 risk
 * register, action items and an appendix tracing every figure. Built from the stored analyses and
 * the same chart images as the pre-read; every table runs over as many slides as it needs.
 */
import type { AttainmentRow } from "../../domain/analyses/attainment";
import {
  count,
  instantLabel,
  moneyShort,
  percent,
  periodLabel,
  periodLongLabel,
  scopeLabel,
  signedPercent,
  traceLine,
} from "../labels";
import type { Trace, TracedAnalysis } from "../traced";
import { BODY, type Column, DeckWriter } from "./deck-writer";
import { checkMonthlyDeckInput, type MonthlyDeckCharts, type MonthlyDeckInput } from "./monthly-deck-input";

/** Chart on the left two thirds of a slide, the figures beside it on the right. */
const CHART_AT = { x: BODY.x, y: 1.6, w: 8.2 };
const SIDE = { x: 8.95, y: 1.65, w: BODY.x + BODY.w - 8.95, h: 4.9 };

export async function buildMonthlyDeck(input: MonthlyDeckInput, charts: MonthlyDeckCharts): Promise<Buffer> {
  checkMonthlyDeckInput(input);
  const month = periodLongLabel(input.period);
  const deck = new DeckWriter({
    title: `Monthly business review, ${month}`,
    subject: `${scopeLabel(input.monthClose.scope)} revenue review of ${month}`,
    footer: `Monthly business review · ${month} · ${scopeLabel(input.monthClose.scope)} · figures ${traceLine(input.monthClose, input.timeZone)}`,
  });
  titleSlide(deck, input);
  summarySlide(deck, input);
  monthCloseSlides(deck, input, charts);
  accuracySlides(deck, input, charts);
  forecastSlides(deck, input, charts);
  pipelineSlide(deck, input, charts);
  riskSlides(deck, input);
  actionSlides(deck, input);
  appendixSlides(deck, input);
  return deck.toBuffer(input.monthClose.asOf);
}

function titleSlide(deck: DeckWriter, input: MonthlyDeckInput): void {
  const m = input.monthClose;
  deck.titleSlide(`Monthly business review: ${periodLongLabel(input.period)}`, [
    scopeLabel(m.scope),
    `Figures as of ${instantLabel(m.asOf, input.timeZone)}`,
    `${m.importId === null ? "No import" : `CRM import #${m.importId}`} · metric definitions v${m.definitionVersion}`,
    `Amounts in ${input.currency}`,
  ]);
}

function summarySlide(deck: DeckWriter, input: MonthlyDeckInput): void {
  const slide = deck.slide(
    "Executive summary",
    `${periodLongLabel(input.period)} · ${scopeLabel(input.monthClose.scope)}`,
  );
  deck.text(slide, input.executiveSummary, { ...BODY, y: 1.7, h: 5.1 }, 20, true);
}

const ATTAINMENT_COLUMNS = (name: string): Column[] => [
  { header: name, w: 1.8 },
  { header: "Reps", w: 0.65, align: "right" },
  { header: "Bookings", w: 1.15, align: "right" },
  { header: "Quota", w: 1.15, align: "right" },
  { header: "Attainment", w: 1.25, align: "right" },
];

function attainmentRows(rows: readonly AttainmentRow[], currency: string): string[][] {
  return rows.map((r) => [
    r.name,
    String(r.reps),
    moneyShort(r.bookingsCents, currency),
    moneyShort(r.quotaCents, currency),
    r.attainment === null ? "no quota" : percent(r.attainment),
  ]);
}

function monthCloseSlides(deck: DeckWriter, input: MonthlyDeckInput, charts: MonthlyDeckCharts): void {
  const p = input.monthClose.payload;
  const c = input.currency;
  const attainment = p.attainment === null ? "no quota" : percent(p.attainment);
  const slide = deck.slide(
    `Month close: bookings ${moneyShort(p.bookingsCents, c)} vs plan ${moneyShort(p.quotaCents, c)} (${attainment})`,
    `Bookings = won deals closed in ${periodLabel(input.period)}; plan = the sum of the reps' quotas`,
  );
  deck.tiles(
    slide,
    [
      { label: "Bookings", value: moneyShort(p.bookingsCents, c), note: count(p.wonDeals, "won deal") },
      { label: "Plan (quota)", value: moneyShort(p.quotaCents, c) },
      { label: "Attainment", value: attainment },
      {
        label: p.periodComplete ? "Variance to plan" : "Variance to pace",
        value: `${p.pace.varianceToPaceCents >= 0 ? "+" : "−"}${moneyShort(Math.abs(p.pace.varianceToPaceCents), c)}`,
      },
      {
        label: "Reps at or above quota",
        value: String(p.topPerformers.length),
        note: `of ${p.reps} · ${p.atRiskReps.reps.length} at risk`,
      },
    ],
    { x: BODY.x, y: 1.55, w: BODY.w, h: 1.1 },
  );
  deck.chart(slide, charts.attainmentDistribution, { x: BODY.x + 1.9, y: 2.8, w: 7.4 });
  byDimensionSlides(deck, input);
  deck.pagedTable(
    "Top performers",
    `Reps at or above 100% of quota in ${periodLabel(input.period)}, highest first`,
    [
      { header: "#", w: 0.6, align: "right" },
      { header: "Rep", w: 3.4 },
      { header: "Team", w: 2.6 },
      { header: "Bookings", w: 1.9, align: "right" },
      { header: "Quota", w: 1.9, align: "right" },
      { header: "Attainment", w: 1.9, align: "right" },
    ],
    p.topPerformers.map((r) => [
      String(r.rank),
      r.rep,
      r.team ?? "(no team)",
      moneyShort(r.bookingsCents, c),
      moneyShort(r.quotaCents, c),
      percent(r.attainment),
    ]),
    { perSlide: 12, empty: `No rep reached 100% of quota in ${periodLabel(input.period)}.` },
  );
  const threshold = percent(p.atRiskReps.threshold, 0);
  deck.pagedTable(
    "At-risk reps",
    `Projected attainment below ${threshold}, lowest first: the intervention list`,
    [
      { header: "Rep", w: 2.9 },
      { header: "Team", w: 2.1 },
      { header: "Bookings", w: 1.45, align: "right" },
      { header: "Quota", w: 1.45, align: "right" },
      { header: "Attainment", w: 1.45, align: "right" },
      { header: "Projected", w: 1.45, align: "right" },
      { header: "Gap to quota", w: 1.5, align: "right" },
    ],
    p.atRiskReps.reps.map((r) => [
      r.rep,
      r.team ?? "(no team)",
      moneyShort(r.bookingsCents, c),
      moneyShort(r.quotaCents, c),
      percent(r.attainment),
      percent(r.projectedAttainment),
      moneyShort(r.projectedGapCents, c),
    ]),
    { perSlide: 12, empty: `No rep is projected below ${threshold} of quota.` },
  );
}

/** Attainment by region beside attainment by team; the teams continue on further slides when many. */
function byDimensionSlides(deck: DeckWriter, input: MonthlyDeckInput): void {
  const p = input.monthClose.payload;
  const rowsOf = (d: "region" | "team") => p.breakdown.find((b) => b.dimension === d)?.rows ?? [];
  const regions = attainmentRows(rowsOf("region"), input.currency);
  const teams = attainmentRows(rowsOf("team"), input.currency);
  const kicker = "Summed bookings ÷ summed quotas of each group's reps (never an average of ratios)";
  const perSlide = 12;
  const slide = deck.slide("Attainment by region and team", kicker);
  const left = { x: BODY.x, y: 1.6, w: 6.0, h: 5 };
  const right = { x: BODY.x + 6.33, y: 1.6, w: 6.0, h: 5 };
  if (regions.length > 0) deck.table(slide, ATTAINMENT_COLUMNS("Region"), regions.slice(0, perSlide), left);
  else deck.text(slide, ["No regions in this scope."], left);
  if (teams.length > 0) deck.table(slide, ATTAINMENT_COLUMNS("Team"), teams.slice(0, perSlide), right);
  else deck.text(slide, ["No teams in this scope."], right);
  const more = [
    ["Attainment by region (continued)", "Region", regions],
    ["Attainment by team (continued)", "Team", teams],
  ] as const;
  for (const [title, name, rows] of more)
    if (rows.length > perSlide)
      deck.pagedTable(title, kicker, ATTAINMENT_COLUMNS(name), rows.slice(perSlide), {
        perSlide: 14,
        empty: "",
      });
}

const BIAS = {
  over_forecasting: "over-forecasting",
  under_forecasting: "under-forecasting",
  balanced: "balanced",
};

function accuracySlides(deck: DeckWriter, input: MonthlyDeckInput, charts: MonthlyDeckCharts): void {
  const p = input.forecastAccuracy.payload;
  const h = p.headline;
  const c = input.currency;
  const mape = h.mape === null ? "n/a" : percent(h.mape);
  const slide = deck.slide(
    `Forecast accuracy: MAPE ${mape} at ${h.horizonDays} days (target < ${percent(p.targetMape, 0)})`,
    `${h.sourceLabel} against bookings, over the last ${count(h.periodsAveraged, "period")} with bookings`,
  );
  deck.chart(slide, charts.forecastVsActual, CHART_AT);
  const headline = p.horizons
    .find((x) => x.horizonDays === h.horizonDays)
    ?.sources.find((s) => s.source === h.source);
  const lines = [
    `MAPE ${mape}: ${h.meetsTarget === null ? "no verdict" : h.meetsTarget ? "meets" : "misses"} the target of < ${percent(p.targetMape, 0)}`,
    `WAPE ${h.wape === null ? "n/a" : percent(h.wape)}`,
    `Bias ${h.bias === null ? "n/a" : signedPercent(h.bias)}${h.biasDirection ? ` (${BIAS[h.biasDirection]})` : ""}`,
    headline?.forecastCents != null
      ? `${periodLabel(input.period)}: forecast ${moneyShort(headline.forecastCents, c)}${headline.madeOn ? ` made ${headline.madeOn}` : ""}, actual ${moneyShort(p.actualCents, c)}`
      : `${periodLabel(input.period)}: actual ${moneyShort(p.actualCents, c)}, ${headline?.reason ?? "no forecast"}`,
    ...(h.reason ? [h.reason] : []),
    ...p.notes,
  ];
  deck.text(slide, lines, SIDE, 15, true);
  accuracyTableSlide(deck, input);
}

function accuracyTableSlide(deck: DeckWriter, input: MonthlyDeckInput): void {
  const p = input.forecastAccuracy.payload;
  const c = input.currency;
  const slide = deck.slide(
    `Forecast vs actual for ${periodLabel(input.period)} by horizon, and who moved it`,
    `Actual ${moneyShort(p.actualCents, c)}; error = forecast − actual (positive = over-forecast)`,
  );
  const sourceName = {
    snapshots: "Bot snapshots",
    submissions: "Submitted calls",
    backtest: "Backtest",
    naive: "Run rate",
  };
  const rows = p.horizons.flatMap((hz) =>
    hz.sources.map((s) => [
      `${hz.horizonDays} days`,
      sourceName[s.source],
      s.forecastCents === null ? (s.reason ?? "no forecast") : moneyShort(s.forecastCents, c),
      s.errorCents === null
        ? "—"
        : `${s.errorCents >= 0 ? "+" : "−"}${moneyShort(Math.abs(s.errorCents), c)}`,
      s.ape === null ? "—" : percent(s.ape),
    ]),
  );
  deck.table(
    slide,
    [
      { header: "Horizon", w: 1.0 },
      { header: "Source", w: 1.6 },
      { header: "Forecast", w: 2.55, align: "right" },
      { header: "Error", w: 1.05, align: "right" },
      { header: "APE", w: 0.85, align: "right" },
    ],
    rows,
    { x: BODY.x, y: 1.6, w: 7.05, h: 5 },
    12,
  );
  const v = p.variance;
  const team = v.byTeam;
  const teamRows = team.top.map((t) => [
    t.name,
    moneyShort(t.forecastCents, c),
    moneyShort(t.actualCents, c),
    signedMoney(t.contributionCents, c),
  ]);
  if (team.otherCount > 0)
    teamRows.push([`${team.otherCount} other teams`, "", "", signedMoney(team.otherCents, c)]);
  teamRows.push([
    "Total (forecast − actual)",
    moneyShort(v.forecastCents, c),
    moneyShort(v.actualCents, c),
    signedMoney(v.varianceCents, c),
  ]);
  deck.text(
    slide,
    [`Variance of the ${sourceName[v.source].toLowerCase()} ${v.horizonDays}-day forecast by team`],
    { x: 7.85, y: 1.55, w: 4.98, h: 0.45 },
    13,
  );
  deck.table(
    slide,
    [
      { header: "Team", w: 1.45 },
      { header: "Forecast", w: 1.1, align: "right" },
      { header: "Actual", w: 1.1, align: "right" },
      { header: "Contribution", w: 1.33, align: "right" },
    ],
    teamRows,
    { x: 7.85, y: 2.0, w: 4.98, h: 4.6 },
    12,
  );
}

function signedMoney(cents: number, currency: string): string {
  return `${cents >= 0 ? "+" : "−"}${moneyShort(Math.abs(cents), currency)}`;
}

const METHOD = {
  stage_weighted: "Stage-weighted pipeline",
  run_rate: "Run rate",
  monte_carlo: "Monte Carlo (P50)",
};

function forecastSlides(deck: DeckWriter, input: MonthlyDeckInput, charts: MonthlyDeckCharts): void {
  const f = input.nextPeriodForecast.payload;
  const c = input.currency;
  const s = f.scenarios;
  const next = periodLabel(f.period.key);
  const slide = deck.slide(
    `${next} forecast: base ${moneyShort(s.baseCents, c)} (range ${moneyShort(s.conservativeCents, c)}–${moneyShort(s.upsideCents, c)})`,
    "Conservative, base and upside are the P10, P50 and P90 of the Monte Carlo draws",
  );
  deck.chart(slide, charts.scenarioRange, CHART_AT);
  const g = f.goal;
  const gap =
    g.gapCents === null
      ? `Gap to goal: ${g.reason ?? "no target"}`
      : g.gapCents > 0
        ? `Gap to goal: ${moneyShort(g.gapCents, c)} below target`
        : `Gap to goal: none, base is ${moneyShort(-g.gapCents, c)} above target`;
  deck.text(
    slide,
    [
      `Conservative ${moneyShort(s.conservativeCents, c)} · base ${moneyShort(s.baseCents, c)} · upside ${moneyShort(s.upsideCents, c)}`,
      `Target (sum of quotas) ${g.targetCents === null ? "none" : moneyShort(g.targetCents, c)}`,
      gap,
      ...(g.pipelineNeededCents !== null && g.gapCents !== null && g.gapCents > 0
        ? [
            `Pipeline needed: ${moneyShort(g.pipelineNeededCents, c)} at the ${g.firstStage ?? "first"} stage's win rate${g.firstStageWinRate === null ? "" : ` of ${percent(g.firstStageWinRate)}`}`,
          ]
        : []),
      `Already won: ${moneyShort(f.wonToDateCents, c)}, included in every scenario`,
      `Ensemble point forecast ${moneyShort(f.ensemble.pointCents, c)} (${f.ensemble.weighting === "equal" ? "equal weights" : "weighted by inverse backtested MAPE"})`,
    ],
    SIDE,
    15,
    true,
  );
  assumptionSlide(deck, input);
}

function assumptionSlide(deck: DeckWriter, input: MonthlyDeckInput): void {
  const f = input.nextPeriodForecast.payload;
  const c = input.currency;
  const slide = deck.slide(
    `${periodLabel(f.period.key)} forecast: methods and assumptions`,
    "The figures behind the scenarios, to validate in the meeting",
  );
  deck.table(
    slide,
    [
      { header: "Method", w: 2.6 },
      { header: "Forecast", w: 1.3, align: "right" },
      { header: "Weight", w: 1.0, align: "right" },
      { header: "Backtested MAPE", w: 1.45, align: "right" },
    ],
    f.ensemble.weights.map((w) => [
      METHOD[w.method],
      w.valueCents === null ? "n/a" : moneyShort(w.valueCents, c),
      percent(w.weight, 0),
      w.backtestMape === null ? "n/a" : percent(w.backtestMape),
    ]),
    { x: BODY.x, y: 1.6, w: 6.35, h: 2 },
    13,
  );
  deck.table(
    slide,
    [
      { header: "Stage", w: 2.6 },
      { header: "Win rate", w: 1.3, align: "right" },
      { header: "From", w: 1.45 },
      { header: "Deals", w: 1.0, align: "right" },
    ],
    f.assumptions.stageWinRates.map((r) => [
      r.stage,
      percent(r.rate),
      r.source === "observed" ? "observed" : "CRM probability",
      r.reached.toLocaleString("en-US"),
    ]),
    { x: BODY.x, y: 3.55, w: 6.35, h: 3.3 },
    13,
  );
  deck.text(slide, f.assumptions.labels, { x: 7.1, y: 1.6, w: 5.73, h: 5.2 }, 14, true);
}

function pipelineSlide(deck: DeckWriter, input: MonthlyDeckInput, charts: MonthlyDeckCharts): void {
  const p = input.pipeline.payload;
  const c = input.currency;
  const cov = p.coverage;
  const coverage =
    cov.status === "quota_met"
      ? "quota met"
      : cov.status === "no_quota" || cov.ratio === null
        ? "no quota"
        : `${cov.ratio.toFixed(1)}×`;
  const slide = deck.slide(
    `Pipeline health for ${periodLabel(p.period.key)}: coverage ${coverage} (healthy ≥ ${cov.healthyRatio}×)`,
    "Open deals closing in the period against the quota still to book",
  );
  deck.chart(slide, charts.pipelineByStage, CHART_AT);
  const v = p.velocity;
  deck.text(
    slide,
    [
      `Open pipeline ${moneyShort(p.openPipeline.amountCents, c)} in ${count(p.openPipeline.deals, "deal")}`,
      `Quota left to book ${moneyShort(cov.remainingQuotaCents, c)} of ${moneyShort(cov.quotaCents, c)}`,
      v.centsPerDay === null
        ? `Velocity n/a (${v.nullReason ?? "no closed deals"})`
        : `Velocity ${moneyShort(v.centsPerDay, c)} per day`,
      `Win rate ${v.winRate === null ? "n/a" : percent(v.winRate)} · average deal ${v.averageDealSizeCents === null ? "n/a" : moneyShort(v.averageDealSizeCents, c)} · cycle ${v.salesCycleDays === null ? "n/a" : `${Math.round(v.salesCycleDays)} days`}`,
      `Pushed deals: ${count(p.pushed.deals, "deal")}, ${moneyShort(p.pushed.amountCents, c)}${p.pushed.shareOfDeals === null ? "" : ` (${percent(p.pushed.shareOfDeals, 0)} of open deals)`}`,
      `Average deal age ${p.aging.averageAgeDays === null ? "n/a" : `${Math.round(p.aging.averageAgeDays)} days`}`,
    ],
    SIDE,
    15,
    true,
  );
}

function riskSlides(deck: DeckWriter, input: MonthlyDeckInput): void {
  const r = input.dealRisk.payload;
  const c = input.currency;
  deck.pagedTable(
    "Deal risk register",
    `Top ${r.register.length} deals closing ${periodLabel(r.period.key)} by revenue at risk: ${moneyShort(r.registerRevenueAtRiskCents, c)} of ${moneyShort(r.revenueAtRiskCents, c)} · ${r.flaggedCount} flagged for an executive`,
    [
      { header: "#", w: 0.35, align: "right" },
      { header: "Deal", w: 2.0 },
      { header: "Owner", w: 1.2 },
      { header: "Amount", w: 0.9, align: "right" },
      { header: "Stage, close", w: 1.3 },
      { header: "Score", w: 0.65, align: "right" },
      { header: "Why at risk", w: 2.45 },
      { header: "Mitigation", w: 2.88 },
      { header: "Exec", w: 0.6, align: "center" },
    ],
    r.register.map((d, i) => [
      String(i + 1),
      dealCell(d.name ?? d.dealId, d.accountName),
      d.ownerName ?? "(no owner)",
      moneyShort(d.amountCents, c),
      `${d.stage}\n${d.closeDate}`,
      String(d.score),
      d.summary === "" ? "no factor applies" : d.summary,
      d.factors.map((f) => f.mitigation).join("; ") || "—",
      d.executiveFlag ? "Yes" : "",
    ]),
    // as many deals a slide as their wrapped reasons and mitigations leave room for
    { perSlide: 10, fontSize: 12, empty: `No open deal closes in ${periodLabel(r.period.key)}.` },
  );
}

function dealCell(deal: string, account: string | null): string {
  return account && !deal.includes(account) ? `${deal} · ${account}` : deal;
}

function actionSlides(deck: DeckWriter, input: MonthlyDeckInput): void {
  const a = input.actionItems;
  const title = "Action items from the last review";
  if (a === null) {
    const slide = deck.slide(
      title,
      "Completion target ≥ 80% of the items a review creates, done by the next one",
    );
    deck.text(
      slide,
      ["None tracked yet: the completion rate starts with the action items this review records."],
      { ...BODY, y: 1.8, h: 1.5 },
      20,
    );
    return;
  }
  const done = a.items.filter((i) => i.state === "done").length;
  const rate = a.completionRate === null ? "n/a" : percent(a.completionRate, 0);
  const verdict =
    a.completionRate === null ? "" : a.completionRate >= a.target ? " · meets target" : " · below target";
  deck.pagedTable(
    title,
    `${a.review}: ${done} of ${count(a.items.length, "item")} done · completion ${rate} against ≥ ${percent(a.target, 0)}${verdict}`,
    [
      { header: "Action", w: 6.3 },
      { header: "Owner", w: 2.5 },
      { header: "Deadline", w: 1.8 },
      { header: "State", w: 1.73 },
    ],
    a.items.map((i) => [i.text, i.owner, i.deadline, i.state]),
    { perSlide: 12, empty: `${a.review} created no action items.` },
  );
}

function appendixSlides(deck: DeckWriter, input: MonthlyDeckInput): void {
  const sources: [string, string, TracedAnalysis<unknown>][] = [
    ["Month close", "attainment", input.monthClose],
    ["Forecast accuracy", "forecast-accuracy", input.forecastAccuracy],
    ["Next-period forecast", "forecast", input.nextPeriodForecast],
    ["Pipeline health", "pipeline", input.pipeline],
    ["Deal risk register", "deal-risk", input.dealRisk],
  ];
  const asOf = (t: Trace) => instantLabel(t.asOf, input.timeZone);
  const slide = deck.slide(
    "Appendix: where every figure comes from",
    "Each section is one stored analysis, computed once per refresh from one CRM import",
  );
  deck.table(
    slide,
    [
      { header: "Section", w: 2.5 },
      { header: "Analysis", w: 2.1 },
      { header: "Scope", w: 1.8 },
      { header: "Period", w: 1.2 },
      { header: "As of", w: 2.6 },
      { header: "Import", w: 1.0, align: "right" },
      { header: "Definitions", w: 1.13, align: "right" },
    ],
    sources.map(([section, name, t]) => [
      section,
      name,
      scopeLabel(t.scope),
      t.period,
      asOf(t),
      t.importId === null ? "none" : `#${t.importId}`,
      `v${t.definitionVersion}`,
    ]),
    { x: BODY.x, y: 1.6, w: BODY.w, h: 3 },
    13,
  );
  const defs = deck.slide(
    "Appendix: metric definitions",
    `Money in ${input.currency}, dates in ${input.timeZone}`,
  );
  deck.text(defs, definitions(input), { ...BODY, y: 1.6, h: 5.25 }, 14, true);
}

/** One line per figure the deck shows, as the metric definitions state them, with this deck's thresholds. */
function definitions(input: MonthlyDeckInput): string[] {
  const risk = input.dealRisk.payload.thresholds;
  const draws = input.nextPeriodForecast.payload.assumptions.draws.toLocaleString("en-US");
  return [
    "Bookings: amount of deals won with a close date in the period. Attainment: bookings ÷ quota, summed over reps before dividing.",
    `At-risk rep: projected attainment below ${percent(input.monthClose.payload.atRiskReps.threshold, 0)}. Top performer: attainment ≥ 100%.`,
    `APE = |forecast − actual| ÷ actual; MAPE: mean APE over periods with bookings; WAPE = Σ|F − A| ÷ ΣA; bias = Σ(F − A) ÷ ΣA. Target: MAPE < ${percent(input.forecastAccuracy.payload.targetMape, 0)} at 30 days.`,
    "A horizon's forecast is the latest one made at or before the period's end minus that many days.",
    `Scenarios: P10, P50 and P90 of ${draws} seeded Monte Carlo draws. Gap to goal = target − base; pipeline needed = gap ÷ first-stage win rate.`,
    `Coverage = open pipeline closing in the period ÷ quota still to book; healthy ≥ ${input.pipeline.payload.coverage.healthyRatio}×. Velocity = open deals × win rate × average deal size ÷ sales cycle days.`,
    `Risk score: 0–100 from named factors; revenue at risk = amount × score ÷ 100; executive flag: score ≥ ${risk.executiveScore} and amount in the top decile of open deals.`,
    `Action item completion: items created at a review and done by the next ÷ items created; target ≥ ${percent(input.actionItems?.target ?? 0.8, 0)}.`,
  ];
}
