import type { GenerationRow, PipelineResult } from "../src/domain/analyses/pipeline";
import { type AnswerViewFrame, answerMessage } from "./answer";
import { chunkLines, compact, count, data, headline, money, percent, scopeTitle, section } from "./format";
import type { Block, Message } from "./message";

export interface PipelineView extends AnswerViewFrame {
  result: PipelineResult;
  /** false: no deal is named (pushed deals are counted, not listed) */
  showDeals: boolean;
}

const STATUS_TEXT = {
  healthy: "healthy",
  below_healthy: "below healthy",
  quota_met: "quota met",
  no_quota: "no quota",
} as const;

export function coverageText(r: PipelineResult): string {
  const cov = r.coverage;
  if (cov.ratio === null) return STATUS_TEXT[cov.status];
  return `${cov.ratio.toFixed(1)}x vs ${cov.healthyRatio.toFixed(1)}x healthy — ${STATUS_TEXT[cov.status]}`;
}

function generationLine(label: string, row: GenerationRow, c: string): string {
  const vs =
    row.amountVsTrailing === null
      ? "no trailing average"
      : `${percent(row.amountVsTrailing)} of trailing avg`;
  return `• ${label}${row.complete ? "" : " (so far)"}: ${count(row.deals, "deal")} · ${compact(row.amountCents, c)} · ${vs}`;
}

/** `/pipeline`: coverage, stages, velocity, aging, pushes, generation trend. */
export function pipelineMessage(v: PipelineView): Message {
  const r = v.result;
  const c = v.currency;
  const vel = r.velocity;
  const body: Block[] = [
    headline(`${compact(r.openPipeline.amountCents, c)} open pipeline closing ${r.period.key}`, [
      count(r.openPipeline.deals, "deal"),
      `coverage ${coverageText(r)}`,
    ]),
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Open pipeline ${r.period.key}*\n${count(r.openPipeline.deals, "deal")} · ${money(r.openPipeline.amountCents, c)}`,
        },
        { type: "mrkdwn", text: `*Coverage*\n${coverageText(r)}` },
        {
          type: "mrkdwn",
          text: `*Quota left*\n${money(r.coverage.remainingQuotaCents, c)} (${money(r.coverage.bookingsToDateCents, c)} booked)`,
        },
        {
          type: "mrkdwn",
          text: `*Velocity*\n${vel.centsPerDay === null ? "n/a" : `${money(vel.centsPerDay, c)}/day`} · win rate ${percent(vel.winRate)} · ${
            vel.salesCycleDays === null ? "cycle n/a" : `${Math.round(vel.salesCycleDays)}-day cycle`
          }`,
        },
      ],
    },
  ];
  const stageLines = r.stages.map(
    (s) =>
      `• ${data(s.stage)}: ${s.deals.toLocaleString("en-US")} · ${compact(s.amountCents, c)}${s.stageWinRate === null ? "" : ` (win ${percent(s.stageWinRate)})`}`,
  );
  for (const chunk of chunkLines([
    "*Stage distribution*",
    ...(stageLines.length ? stageLines : ["No open deal."]),
  ]))
    body.push(section(chunk));
  const aging = r.aging;
  const agingLines = [
    `*Aging* (average ${aging.averageAgeDays === null ? "n/a" : `${Math.round(aging.averageAgeDays)} days`})`,
    aging.buckets.map((b) => `${data(b.label)}: ${b.deals.toLocaleString("en-US")}`).join(" · ") ||
      "No open deal.",
  ];
  if (aging.stageAge.note) agingLines.push(`_${data(aging.stageAge.note)}_`);
  else if (aging.stageAge.averageDays !== null)
    agingLines.push(`Average time in current stage: ${Math.round(aging.stageAge.averageDays)} days`);
  body.push(section(agingLines.join("\n")));
  const pushed = r.pushed;
  const pushLines = [
    `*Pushed* (close date moved to a later ${pushed.grain}): ${count(pushed.deals, "deal")} · ${compact(pushed.amountCents, c)} · ${percent(pushed.shareOfDeals)} of open deals`,
  ];
  if (v.showDeals) {
    for (const d of pushed.top.slice(0, 5)) {
      pushLines.push(
        `• ${data(d.name ?? d.dealId)} (${data(d.owner)}) ${compact(d.amountCents, c)} — ${d.firstCloseDate} → ${d.closeDate}, ${d.pushes}×`,
      );
    }
  }
  for (const chunk of chunkLines(pushLines)) body.push(section(chunk));
  const weeks = r.generation.weekly.slice(-4);
  const months = r.generation.monthly.slice(-3);
  const genLines = [
    "*Generation* (deals created)",
    ...weeks.map((w) => generationLine(`week of ${w.start}`, w, c)),
    ...months.map((m) => generationLine(`month ${m.start.slice(0, 7)}`, m, c)),
  ];
  for (const chunk of chunkLines(genLines)) body.push(section(chunk));
  return answerMessage({
    title: `Pipeline · ${scopeTitle(v.scopeKey)} · ${r.period.key}`,
    body,
    asOf: v.asOf,
    summary: `${compact(r.openPipeline.amountCents, c)} open, coverage ${coverageText(r)}`,
    ref: v.ref,
  });
}
