import { openCreateButton } from "../../../blocks/action-modal";
import { escapeMrkdwn, truncate } from "../../../blocks/escape";
import { accuracyHeadline } from "../../../blocks/forecast-accuracy";
import { compact, count, data, signedPercent } from "../../../blocks/format";
import type { Block } from "../../../blocks/message";
import { coverageText } from "../../../blocks/pipeline";
import type { DealRiskResult } from "../../domain/analyses/deal-risk";
import { percentText } from "../../narrative/render-figure";
import type { MonthlyInputs } from "./monthly-inputs";
import type { PriorActions } from "./prior-actions";
import type { ThreadSection } from "./thread-pages";

/**
 * The monthly review's thread, one section each (issue 12): month close, forecast accuracy,
 * next-period forecast, pipeline health, the top-20 risk register (a "Create action" button per
 * deal), data quality against its target, and the prior review's action items with their
 * completion rate (an "Add action item" button). Pure: stored payloads in, escaped mrkdwn out.
 */

const pct = (r: number | null) => (r === null ? "n/a" : percentText(r));

function missingSection(title: string, what: string): ThreadSection {
  return {
    title,
    parts: [
      `_No stored ${escapeMrkdwn(what)}: run \`rituals refresh\` (or import fresh data), then preview again._`,
    ],
  };
}

export function monthCloseSection(i: MonthlyInputs, currency: string): ThreadSection {
  const title = `Month close: ${i.reviewed}`;
  const a = i.monthClose?.payload;
  if (!a) return missingSection(title, `attainment for ${i.reviewed}`);
  const $ = (c: number) => compact(c, currency);
  const lines = [
    `*Actual vs plan:* ${$(a.bookingsCents)} booked of ${a.quotaCents > 0 ? $(a.quotaCents) : "no"} plan · attainment ${pct(a.attainment)} · ${count(a.wonDeals, "deal")} won · ${count(a.reps, "rep")}`,
  ];
  for (const dim of a.breakdown.filter((b) => b.dimension === "region" || b.dimension === "team")) {
    lines.push(`*By ${dim.dimension}*`);
    for (const row of dim.rows)
      lines.push(
        `• ${data(row.name)}: ${$(row.bookingsCents)} of ${$(row.quotaCents)} · ${pct(row.attainment)}`,
      );
  }
  lines.push(`*Top performers* (at or above quota: ${a.topPerformers.length})`);
  if (a.topPerformers.length === 0) lines.push("• none at or above quota");
  for (const p of a.topPerformers)
    lines.push(
      `${p.rank}. ${data(p.rep)}${p.team ? ` (${data(p.team)})` : ""}: ${pct(p.attainment)} · ${$(p.bookingsCents)}`,
    );
  lines.push(`*At-risk reps* (projected below ${pct(a.atRiskReps.threshold)}: ${a.atRiskReps.reps.length})`);
  if (a.atRiskReps.reps.length === 0) lines.push("• none");
  for (const r of a.atRiskReps.reps)
    lines.push(
      `• ${data(r.rep)}${r.team ? ` (${data(r.team)})` : ""}: ${pct(r.attainment)} now, ${pct(r.projectedAttainment)} projected · ${$(r.projectedGapCents)} short`,
    );
  return { title, parts: lines };
}

export function accuracySection(i: MonthlyInputs, currency: string): ThreadSection {
  const title = `Forecast accuracy: ${i.reviewed}`;
  const r = i.forecastAccuracy?.payload;
  if (!r) return missingSection(title, `forecast accuracy for ${i.reviewed}`);
  const $ = (c: number) => `${c >= 0 ? "+" : "−"}${compact(Math.abs(c), currency)}`;
  const lines = [accuracyHeadline(r)];
  const series = r.trend.series.find(
    (s) => s.source === r.headline.source && s.horizonDays === r.headline.horizonDays,
  );
  if (series && series.points.length > 0) {
    lines.push(`*MAPE trend* (${data(r.headline.sourceLabel)}, ${r.headline.horizonDays} days)`);
    for (const p of series.points)
      lines.push(
        `• ${escapeMrkdwn(p.period)}: forecast ${p.forecastCents === null ? "none" : compact(p.forecastCents, currency)} · actual ${compact(p.actualCents, currency)} · error ${p.ape === null ? "n/a" : percentText(p.ape)}`,
      );
  }
  const h = r.headline;
  lines.push(
    `*Bias:* ${signedPercent(h.bias)}${h.biasDirection ? ` (${h.biasDirection.replace("_", "-")})` : ""}`,
  );
  const v = r.variance;
  lines.push(
    `*Biggest variance contributors* (forecast − actual = ${$(v.varianceCents)}; ${escapeMrkdwn(v.source)} at ${v.horizonDays} days)`,
  );
  for (const t of v.byTeam.top) lines.push(`• team ${data(t.name)}: ${$(t.contributionCents)}`);
  for (const d of v.byDeal.top.slice(0, 5))
    lines.push(
      `• ${data(d.name ?? `deal ${d.dealId}`)} (${data(d.category.replaceAll("_", " "))}): ${$(d.contributionCents)}`,
    );
  if (v.byDeal.otherCount > 0) lines.push(`• ${v.byDeal.otherCount} other deals: ${$(v.byDeal.otherCents)}`);
  return { title, parts: lines };
}

export function forecastSection(i: MonthlyInputs, currency: string): ThreadSection {
  const title = `Next-period forecast: ${i.ahead}`;
  const f = i.nextPeriodForecast?.payload;
  if (!f) return missingSection(title, `forecast for ${i.ahead}`);
  const $ = (c: number) => compact(c, currency);
  const s = f.scenarios;
  const g = f.goal;
  const lines = [
    `*Scenarios:* conservative (P10) ${$(s.conservativeCents)} · base (P50) ${$(s.baseCents)} · upside (P90) ${$(s.upsideCents)}`,
    g.targetCents === null
      ? `*Goal:* no target set${g.reason ? ` (${data(g.reason)})` : ""}`
      : `*Gap to goal:* target ${$(g.targetCents)}, ${g.gapCents !== null && g.gapCents > 0 ? `${$(g.gapCents)} short` : `${$(Math.abs(g.gapCents ?? 0))} above`} · pipeline needed ${g.pipelineNeededCents === null ? "n/a" : $(g.pipelineNeededCents)}${g.firstStage ? ` at the ${data(g.firstStage)} win rate (${pct(g.firstStageWinRate)})` : ""}`,
    `*Ensemble point:* ${$(f.ensemble.pointCents)} (${f.ensemble.weighting === "equal" ? "methods weighted equally" : "methods weighted by backtested accuracy"})`,
    "*Assumptions*",
    ...f.assumptions.stageWinRates.map(
      (w) =>
        `• ${data(w.stage)}: win rate ${pct(w.rate)} (${w.source === "observed" ? `observed over ${w.reached} deals` : "CRM probability"})`,
    ),
    `• slip factor ${pct(f.assumptions.slipFactor)} · ${f.assumptions.draws.toLocaleString("en-US")} draws`,
    ...f.assumptions.labels.map((l) => `• ${data(l)}`),
  ];
  return { title, parts: lines };
}

export function pipelineSection(i: MonthlyInputs, currency: string): ThreadSection {
  const title = `Pipeline health: ${i.ahead}`;
  const p = i.pipeline?.payload;
  if (!p) return missingSection(title, `pipeline for ${i.ahead}`);
  const $ = (c: number) => compact(c, currency);
  const v = p.velocity;
  const lines = [
    `*Open pipeline:* ${$(p.openPipeline.amountCents)} in ${count(p.openPipeline.deals, "deal")} · coverage ${coverageText(p)}`,
    "*By stage*",
    ...p.stages.map((s) => `• ${data(s.stage)}: ${$(s.amountCents)} · ${count(s.deals, "deal")}`),
    `*Velocity:* ${v.centsPerDay === null ? "n/a" : `${$(v.centsPerDay)}/day`} · win rate ${pct(v.winRate)} · average deal ${v.averageDealSizeCents === null ? "n/a" : $(v.averageDealSizeCents)} · cycle ${v.salesCycleDays === null ? "n/a" : `${Math.round(v.salesCycleDays)} days`}`,
    `*Aging:* ${p.aging.buckets.map((b) => `${escapeMrkdwn(b.label)} ${b.deals}`).join(" · ")}`,
    `*Pushed:* ${count(p.pushed.deals, "deal")} (${$(p.pushed.amountCents)}, ${pct(p.pushed.shareOfDeals)} of open deals)`,
    ...p.pushed.top
      .slice(0, 5)
      .map(
        (d) =>
          `• ${data(d.name ?? `deal ${d.dealId}`)}: pushed ${d.pushes}× from ${d.firstCloseDate} to ${d.closeDate}`,
      ),
  ];
  return { title, parts: lines };
}

function riskBlock(
  d: DealRiskResult["register"][number],
  rank: number,
  currency: string,
  reviewKey: string,
): Block {
  const mitigations = [...new Set(d.factors.map((f) => f.mitigation))].slice(0, 3);
  const text = [
    `*${rank}. ${data(d.name ?? `deal ${d.dealId}`)}*${d.executiveFlag ? " :rotating_light: *executive flag*" : ""}`,
    `${compact(d.amountCents, currency)} · ${data(d.stage)} · closes ${d.closeDate} · score ${d.score} · ${compact(d.revenueAtRiskCents, currency)} at risk · owner ${data(d.ownerName)}`,
    `Why: ${data(d.summary || "no factor applies")}`,
    mitigations.length ? `Mitigation: ${mitigations.map((m) => escapeMrkdwn(m)).join("; ")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return {
    type: "section",
    text: { type: "mrkdwn", text: truncate(text, 2900) },
    accessory: openCreateButton({ dealId: d.dealId, reviewKey }),
  };
}

export function riskSection(i: MonthlyInputs, currency: string, reviewKey: string): ThreadSection {
  const title = `Risk register: top ${i.dealRisk?.payload.register.length ?? 20} deals, ${i.ahead}`;
  const r = i.dealRisk?.payload;
  if (!r) return missingSection(title, `deal risk for ${i.ahead}`);
  const $ = (c: number) => compact(c, currency);
  return {
    title,
    parts: [
      `${$(r.registerRevenueAtRiskCents)} at risk in these ${r.register.length} of ${count(r.openDealCount, "open deal")} (${$(r.revenueAtRiskCents)} across all) · ${r.flaggedCount} with an executive flag, each needing an action item within ${r.interventionSlaHours} hours`,
      ...r.register.map((d, n) => riskBlock(d, n + 1, currency, reviewKey)),
    ],
  };
}

/** Where a failing check is fixed, in the CRM's words. */
const FIX_WHERE: Record<string, string> = {
  required_fields: "fill the missing fields on the opportunity",
  amount_positive: "correct the amount on the opportunity",
  close_date_not_past: "move the close date of the open deal, or close it",
  known_owner: "assign the opportunity to a rep in the users export",
  known_stage: "use one of the funnel's stages on the opportunity",
  probability_consistent: "align the probability with the stage",
  no_duplicate: "merge the duplicate opportunities",
  closed_after_created: "correct the created or close date of the opportunity",
};

export function dataQualitySection(i: MonthlyInputs): ThreadSection {
  const title = "Data quality";
  const q = i.dataQuality?.payload;
  if (!q) return missingSection(title, "data quality");
  const verdict =
    q.meetsTarget === null ? "" : q.meetsTarget ? " — meets the target" : " — *below the target*";
  const lines = [
    `*${pct(q.accuracy)}* of ${count(q.records, "record")} pass every check (target ${pct(q.target)})${verdict}`,
    "*Worst checks*",
    ...[...q.checks]
      .filter((c) => c.failures > 0)
      .sort((a, b) => b.failures - a.failures)
      .map(
        (c) =>
          `• ${data(c.rule)}: ${count(c.failures, "record")} — ${escapeMrkdwn(FIX_WHERE[c.code] ?? "fix on the opportunity")}`,
      ),
  ];
  if (q.checks.every((c) => c.failures === 0)) lines.push("• every check passes");
  if (q.failingRecords.rows.length > 0) {
    lines.push(
      `*Where to fix* (${q.failingRecords.rows.length} of ${q.failingRecords.total} failing records)`,
    );
    for (const r of q.failingRecords.rows)
      lines.push(
        `• ${data(r.name ?? `deal ${r.dealId}`)} (${data(r.owner)}): ${r.failures.map((f) => escapeMrkdwn(`${f.code.replaceAll("_", " ")}${f.value === null ? "" : ` (${f.value})`}`)).join(", ")}`,
      );
  }
  return { title, parts: lines };
}

/** A Slack user id as a mention; anything else (which the store should never hold) as text. */
const userRef = (id: string) => (/^[UW][A-Z0-9]{2,}$/.test(id) ? `<@${id}>` : data(id));

export function actionItemsSection(prior: PriorActions | null, reviewKey: string): ThreadSection {
  const title = "Prior review's action items";
  const add: Block = {
    type: "actions",
    elements: [openCreateButton({ dealId: null, reviewKey }, "Add action item")],
  };
  if (!prior) return { title, parts: ["No action items are tracked from a prior review yet.", add] };
  const c = prior.completion;
  const rate =
    c.rate === null
      ? "no items were created at that review"
      : `*${pct(c.rate)}* done (${c.doneByNext} of ${c.created}; target ${pct(c.target)})${c.meetsTarget ? " — meets the target" : " — *below the target*"}${c.provisional ? " so far" : ""}`;
  const mark = { open: ":white_circle:", done: ":white_check_mark:", dropped: ":heavy_minus_sign:" } as const;
  return {
    title,
    parts: [
      rate,
      ...prior.items.map(
        (it) => `${mark[it.state]} ${data(it.text)} — ${userRef(it.ownerId)}, due ${it.deadline}`,
      ),
      add,
    ],
  };
}
