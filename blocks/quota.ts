import type { AttainmentResult, AttainmentRow } from "../src/domain/analyses/attainment";
import { periodName } from "../src/domain/period";
import { type AnswerViewFrame, answerMessage } from "./answer";
import {
  chunkLines,
  compact,
  count,
  data,
  headline,
  money,
  pageOf,
  percent,
  scopeTitle,
  section,
} from "./format";
import type { Block, Message } from "./message";

export const QUOTA_REPS_PAGE_SIZE = 15;
const LIST_SIZE = 5;

export interface QuotaView extends AnswerViewFrame {
  result: AttainmentResult;
  /** false: team, region and segment rows only; no rep is named */
  showReps: boolean;
  /** mrkdwn shown instead of rep rows when they are hidden: where this viewer can find theirs */
  repRowsHint?: string;
  /**
   * During the review's first business days the answer is about the month just closed; this is
   * the new month to date, shown as one line pointing to it.
   */
  soFar?: AttainmentResult;
}

/** "December so far: $1.2K of $23K booked (5%) · `/quota 2026-12`" */
export function soFarLine(r: AttainmentResult, c: string): string {
  const share = r.attainment === null ? "no quota" : percent(r.attainment);
  return `*${periodName(r.period)} so far:* ${compact(r.bookingsCents, c)} of ${compact(r.quotaCents, c)} booked (${share}) from ${count(r.wonDeals, "won deal")} · \`/quota ${r.period.key}\``;
}

export const REP_ROWS_NOTE = "Rep-level rows are shown to managers (for their teams) and admins.";

const DIMENSION_TITLES = {
  region: "By region",
  segment: "By segment",
  team: "By team",
  rep: "By rep",
} as const;

function rowLine(row: AttainmentRow, c: string): string {
  // "no quota · $0 of $0 · projected n/a" said nothing: without a quota only bookings mean something.
  if (row.attainment === null)
    return `• *${data(row.name)}*: no quota · ${compact(row.bookingsCents, c)} booked`;
  return `• *${data(row.name)}*: ${percent(row.attainment)} · ${compact(row.bookingsCents, c)} of ${compact(row.quotaCents, c)} · projected ${percent(row.projectedAttainment, "n/a")}`;
}

/** Projected attainment: the stored forecast's base over quota (or, for an ended period, its bookings). */
function projectedField(r: AttainmentResult, c: string): string {
  const p = r.projection;
  if (p.projectedBookingsCents === null) return `*Projected*\nn/a (no forecast stored for ${r.period.key})`;
  const basis = p.source === "closed_bookings" ? "final" : "forecast base";
  return `*Projected*\n${percent(p.projectedAttainment)} (${money(p.projectedBookingsCents, c)}, ${basis})`;
}

/** A closed period's deals: won and lost, win rates, average won deal and sales cycle. */
function dealFiguresLine(r: AttainmentResult, c: string): string | null {
  const d = r.dealFigures;
  if (d === null) return null;
  const days = (x: number | null) => (x === null ? "n/a" : `${Math.round(x)} days`);
  return (
    `*Closed deals* ${d.wonDeals.toLocaleString("en-US")} won, ${d.lostDeals.toLocaleString("en-US")} lost · ` +
    `win rate ${percent(d.winRateByCount)} by count, ${percent(d.winRateByValue)} by value · ` +
    `average won deal ${d.averageWonDealCents === null ? "n/a" : money(d.averageWonDealCents, c)} · ` +
    `sales cycle median ${days(d.medianSalesCycleDays)}, mean ${days(d.meanSalesCycleDays)}`
  );
}

/** The headline and the four figures every /quota answer opens with. */
function summaryBlocks(r: AttainmentResult, c: string, attainment: string): Block[] {
  return [
    headline(
      r.attainment === null
        ? `No quota set for ${r.period.key}`
        : `${attainment} of quota for ${r.period.key}`,
      [
        `${compact(r.bookingsCents, c)} of ${compact(r.quotaCents, c)} booked`,
        `projected ${percent(r.projection.projectedAttainment)}`,
      ],
    ),
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Attainment*\n${attainment} (${money(r.bookingsCents, c)} of ${money(r.quotaCents, c)})`,
        },
        {
          type: "mrkdwn",
          text: projectedField(r, c),
        },
        {
          type: "mrkdwn",
          text: `*Pace*\n${percent(r.pace.paceRatio)} of the ${money(r.pace.expectedToDateCents, c)} expected by now`,
        },
        {
          type: "mrkdwn",
          text: `*Won deals*\n${r.wonDeals.toLocaleString("en-US")} (${count(r.reps, "rep")} in scope)`,
        },
      ],
    },
  ];
}

/**
 * One section list per breakdown (region, segment, team, and rep when shown); the rep rows are
 * paged, so this also says which page was shown (clamped into range) and how many there are.
 */
function breakdownSections(
  r: AttainmentResult,
  c: string,
  showReps: boolean,
  askedPage: number,
): { blocks: Block[]; page: number; pages: number } {
  const blocks: Block[] = [];
  let page = askedPage;
  let pages = 1;
  for (const group of r.breakdown) {
    if (group.rows.length === 0) continue;
    if (group.dimension === "rep") {
      if (!showReps) continue;
      const shown = pageOf(group.rows, page, QUOTA_REPS_PAGE_SIZE);
      pages = shown.pages;
      page = shown.page;
      const lines = shown.items.map((row) => rowLine(row, c));
      const suffix =
        shown.pages > 1
          ? ` (${shown.page * QUOTA_REPS_PAGE_SIZE + 1}–${shown.page * QUOTA_REPS_PAGE_SIZE + shown.items.length} of ${group.rows.length})`
          : "";
      for (const chunk of chunkLines([`*${DIMENSION_TITLES.rep}*${suffix}`, ...lines]))
        blocks.push(section(chunk));
      continue;
    }
    for (const chunk of chunkLines([
      `*${DIMENSION_TITLES[group.dimension]}*`,
      ...group.rows.map((row) => rowLine(row, c)),
    ]))
      blocks.push(section(chunk));
  }
  return { blocks, page, pages };
}

/** Top performers and at-risk reps, each cut at LIST_SIZE with a count of the rest. */
function repListSections(r: AttainmentResult, c: string): Block[] {
  const top = r.topPerformers.slice(0, LIST_SIZE);
  const risk = r.atRiskReps.reps.slice(0, LIST_SIZE);
  return [
    section(
      top.length === 0
        ? "*Top performers*\nNo rep has reached quota yet."
        : `*Top performers* (≥ 100%)\n${top
            .map(
              (p) =>
                `${p.rank}. ${data(p.rep)}${p.team ? ` (${data(p.team)})` : ""} — ${percent(p.attainment)}`,
            )
            .join(
              "\n",
            )}${r.topPerformers.length > LIST_SIZE ? `\n…and ${r.topPerformers.length - LIST_SIZE} more` : ""}`,
    ),
    section(
      risk.length === 0
        ? `*At-risk reps*\nNone projected below ${percent(r.atRiskReps.threshold)}.`
        : `*At-risk reps* (projected < ${percent(r.atRiskReps.threshold)})\n${risk
            .map(
              (p) =>
                `• ${data(p.rep)}${p.team ? ` (${data(p.team)})` : ""} — projected ${percent(p.projectedAttainment)}, gap ${money(p.projectedGapCents, c)}`,
            )
            .join(
              "\n",
            )}${r.atRiskReps.reps.length > LIST_SIZE ? `\n…and ${r.atRiskReps.reps.length - LIST_SIZE} more` : ""}`,
    ),
  ];
}

/** `/quota`: attainment and pace, breakdowns by region/segment/team/rep, top performers, at-risk reps. */
export function quotaMessage(v: QuotaView): Message {
  const r = v.result;
  const c = v.currency;
  const attainment = r.attainment === null ? "no quota" : percent(r.attainment);
  const breakdown = breakdownSections(r, c, v.showReps, v.ref.page);
  const body: Block[] = [...summaryBlocks(r, c, attainment)];
  const closed = dealFiguresLine(r, c);
  if (closed) body.push(section(closed));
  if (v.soFar) body.push({ type: "context", elements: [{ type: "mrkdwn", text: soFarLine(v.soFar, c) }] });
  body.push(...breakdown.blocks);
  if (v.showReps) body.push(...repListSections(r, c));
  else
    body.push({
      type: "context",
      elements: [{ type: "mrkdwn", text: v.repRowsHint ?? REP_ROWS_NOTE }],
    });
  return answerMessage({
    title: `Quota · ${scopeTitle(v.scopeKey)} · ${r.period.key}`,
    body,
    asOf: v.asOf,
    summary: `attainment ${attainment}, projected ${percent(r.projection.projectedAttainment)}`,
    ref: { ...v.ref, page: breakdown.page },
    pages: breakdown.pages,
  });
}
