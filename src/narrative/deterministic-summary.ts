import type {
  MonthlyReviewFigures,
  NarrativeFigures,
  PlanningCheckInFigures,
  RatioFigure,
  YearEndFigures,
} from "./figures";
import { compactMoney, dateText, percentText, periodShortText, periodText, ratioText } from "./render-figure";

/**
 * The executive summary written from the figures alone, five plain lines (what happened, the
 * forecast, how far to trust it, the biggest risk, what needs a decision). It is the summary
 * whenever Claude is not used or its reply fails the check, so it must read as well on its own.
 * Lines are plain text: escaping for Slack happens where they are put into a message.
 */
export function deterministicSummary(figures: NarrativeFigures): string[] {
  switch (figures.ritual) {
    case "monthly-review":
      return monthlySummary(figures);
    case "planning-check-in":
      return planningSummary(figures);
    case "year-end-review":
      return yearEndSummary(figures);
  }
}

function vsTarget(value: RatioFigure, target: RatioFigure, lowerIsBetter = false): string {
  const met = lowerIsBetter ? value.value < target.value : value.value >= target.value;
  return `${ratioText(value)} (${met ? "within" : "off"} the ${ratioText(target)} target)`;
}

function monthlySummary(f: MonthlyReviewFigures): string[] {
  const $ = (m: { cents: number }) => compactMoney({ kind: "money", cents: m.cents }, f.currency);
  const month = periodShortText(f.period);
  const next = periodShortText(f.forecast.period);

  const close =
    f.close.plan && f.close.attainment
      ? `${month} closed at ${$(f.close.bookings)} against a ${$(f.close.plan)} plan: ${ratioText(f.close.attainment)} attainment.`
      : `${month} closed at ${$(f.close.bookings)}; no plan was set for the month.`;

  const gap = f.forecast.gapToGoal;
  const goal =
    gap === null
      ? ""
      : gap.cents > 0
        ? `, ${$(gap)} short of goal`
        : gap.cents < 0
          ? `, ${$({ cents: -gap.cents })} above goal`
          : ", exactly on goal";
  const coverage =
    f.coverage.ratio !== null
      ? `coverage ${ratioText(f.coverage.ratio)} against ${ratioText(f.coverage.healthy)}`
      : f.coverage.status === "quota_met"
        ? "quota already met"
        : "no quota to cover";
  const forecast = `${next} forecast: ${$(f.forecast.base)} base (P10 ${$(f.forecast.low)} to P90 ${$(f.forecast.high)})${goal}; ${coverage}.`;

  const a = f.accuracy;
  const horizon = `${a.horizon.value}-day`;
  const accuracy =
    a.ourMape === null && a.submittedMape === null
      ? `No ${horizon} forecast error yet: no completed month has a forecast to compare.`
      : `${horizon} forecast error (MAPE): ${[
          a.ourMape ? `our method ${vsTarget(a.ourMape, a.target, true)}` : null,
          a.submittedMape ? `submitted calls ${ratioText(a.submittedMape)}` : null,
        ]
          .filter(Boolean)
          .join(", ")}.`;

  const top = f.topRisks[0];
  const risk = top
    ? `Biggest risk: ${top.deal.value} (${$(top.amount)})${top.reason.value ? `, ${top.reason.value}` : ""}.`
    : `No open deal closing in ${next} carries a risk factor.`;

  return [close, forecast, accuracy, risk, monthlyDecisions(f, $)];
}

/** Line five: what is off target, most urgent first; when nothing is, say so with the evidence. */
function monthlyDecisions(f: MonthlyReviewFigures, $: (m: { cents: number }) => string): string {
  const issues: string[] = [];
  const gap = f.forecast.gapToGoal;
  if (gap && gap.cents > 0) issues.push(`how to close the ${$(gap)} gap to goal`);
  if (f.coverage.status === "below_healthy" && f.coverage.ratio)
    issues.push(`pipeline coverage ${ratioText(f.coverage.ratio)} is below ${ratioText(f.coverage.healthy)}`);
  const items = f.actionItems;
  if (items?.completion && items.completion.value < items.target.value)
    issues.push(`action items ${ratioText(items.completion)} done against ${ratioText(items.target)}`);
  const dq = f.dataQuality;
  if (dq.accuracy && dq.accuracy.value <= dq.target.value)
    issues.push(`data accuracy ${ratioText(dq.accuracy)} against ${ratioText(dq.target)}`);
  if (issues.length > 0) return `Needs a decision: ${issues.join("; ")}.`;
  const evidence = [
    items?.completion ? `action items ${ratioText(items.completion)} done` : "no action items tracked",
    dq.accuracy ? `data accuracy ${ratioText(dq.accuracy)}` : null,
  ].filter(Boolean);
  return `No decision forced by the numbers: ${evidence.join(", ")}.`;
}

function planningSummary(f: PlanningCheckInFigures): string[] {
  const $ = (m: { cents: number }) => compactMoney({ kind: "money", cents: m.cents }, f.currency);
  const q = f.currentQuarter;
  const week = `Week ${f.week.value} of ${f.weeksInCycle.value} planning ${periodText(f.plannedPeriod)}: ${f.weekGoal.value}.`;
  const quarter =
    q.plan && q.attainment
      ? `${periodText(q.period)} so far: ${$(q.bookings)} booked against a ${$(q.plan)} plan (${ratioText(q.attainment)}).`
      : `${periodText(q.period)} so far: ${$(q.bookings)} booked; no plan was set.`;
  const scenarios =
    f.scenarios.length === 0
      ? "No quota scenarios yet."
      : `Scenarios: ${f.scenarios.map((s) => `${s.name.value} ${$(s.totalPlan)}`).join(", ")}${
          f.scenarioVariance ? `; spread ${vsTarget(f.scenarioVariance, f.scenarioVarianceTarget, true)}` : ""
        }.`;
  const fair = f.fairness;
  const fairness = fair.proposed
    ? `Quota fairness ${vsTarget(fair.proposed, fair.target)} as proposed${fair.current ? `, ${ratioText(fair.current)} today` : ""}.`
    : "Quota fairness cannot be scored yet: no ramped rep has both quota and potential.";
  const issues = [
    ...f.coverageGaps.map((g) => `${g.team.value} ${g.gap === "under_covered" ? "under" : "over"}-covered`),
    ...(fair.proposed && fair.proposed.value < fair.target.value
      ? [`fairness below ${ratioText(fair.target)}`]
      : []),
    ...(f.scenarioVariance && f.scenarioVariance.value >= f.scenarioVarianceTarget.value
      ? [`scenarios spread beyond ${ratioText(f.scenarioVarianceTarget)}`]
      : []),
  ];
  const decision =
    issues.length > 0
      ? `Needs a decision: ${issues.join("; ")}.`
      : "No decision forced by the numbers: territories balanced, fairness and spread on target.";
  return [week, quarter, scenarios, fairness, decision];
}

function yearEndSummary(f: YearEndFigures): string[] {
  const $ = (m: { cents: number }) => compactMoney({ kind: "money", cents: m.cents }, f.currency);
  const span = `${periodText(f.year)}${f.through.value < f.year.end ? ` through ${dateText(f.through)}` : ""}`;
  const headline =
    f.quota && f.attainment
      ? `${span}: ${$(f.bookings)} booked against a ${$(f.quota)} quota, ${ratioText(f.attainment)} attainment.`
      : `${span}: ${$(f.bookings)} booked; no quota was set for the year.`;
  const growth = f.growth
    ? `${f.growth.value >= 0 ? "Up" : "Down"} ${percentText(Math.abs(f.growth.value))} on last year's ${$(f.previousYearBookings)}`
    : `Last year's ${$(f.previousYearBookings)} gives no growth rate`;
  const deals = `${growth}; ${f.dealsWon.value} deals won${f.winRate ? ` at a ${ratioText(f.winRate)} win rate` : ""}${
    f.averageDealSize ? `, ${$(f.averageDealSize)} on average` : ""
  }.`;
  const forecasting = f.forecastMape
    ? `Forecasting: ${f.forecastHorizon.value}-day MAPE ${vsTarget(f.forecastMape, f.mapeTarget, true)}.`
    : `Forecasting: no ${f.forecastHorizon.value}-day forecasts to score this year.`;
  const retention = f.grossRevenueRetention
    ? `Gross revenue retention ${ratioText(f.grossRevenueRetention)}.`
    : "Gross revenue retention cannot be measured: no customer base at the start of the year.";
  const lessons =
    f.lessons.length > 0
      ? `Lessons: ${f.lessons.map((l) => l.value).join("; ")}.`
      : "Lessons: none stood out in the data.";
  return [headline, deals, forecasting, retention, lessons];
}
