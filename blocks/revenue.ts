import type { RevenueFocusResult } from "../src/domain/analyses/revenue-focus";
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

export const RANKING_PAGE_SIZE = 10;

export interface RevenueView extends AnswerViewFrame {
  result: RevenueFocusResult;
  /** false: high-value opportunities are counted, not listed */
  showDeals: boolean;
}

const SEGMENT_NAMES = { strategic: "Strategic", growth: "Growth", developing: "Developing" } as const;
const STATUS_NAMES = { growing: "growing", stable: "stable", at_risk: "at risk" } as const;

type Figure = { value: number | null; reason: string | null };

function moneyFigure(f: Figure, c: string): string {
  return f.value === null ? `n/a (${data(f.reason)})` : money(f.value, c);
}

function ratioFigure(f: Figure): string {
  return f.value === null ? `n/a (${data(f.reason)})` : percent(f.value);
}

function daysFigure(f: Figure): string {
  return f.value === null ? `n/a (${data(f.reason)})` : `${Math.round(f.value)} days`;
}

/** `/revenue`: revenue at risk, high-value opportunities, segments, customer ranking, KPIs. */
export function revenueMessage(v: RevenueView): Message {
  const r = v.result;
  const c = v.currency;
  const risk = r.revenueAtRisk;
  const hv = r.highValueOpportunities;
  const body: Block[] = [
    headline(`${compact(risk.valueCents, c)} revenue at risk`, [
      `${count(risk.customerCount, "customer")}, ${count(risk.contractCount, "contract")}`,
      `${count(hv.count, "high-value opportunity", "high-value opportunities")} worth ${compact(hv.amountCents, c)}`,
    ]),
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Revenue at risk*\n${money(risk.valueCents, c)} · ${count(risk.contractCount, "contract")}, ${count(risk.customerCount, "customer")}`,
        },
        {
          type: "mrkdwn",
          text: `*High-value opportunities* (probability > ${r.thresholds.highValueProbabilityAbove}%)\n${r.highValueOpportunities.count} · ${money(r.highValueOpportunities.amountCents, c)}`,
        },
        {
          type: "mrkdwn",
          text: `*Customers*\n${r.customerCount.toLocaleString("en-US")} of ${count(r.accountCount, "account")}`,
        },
        {
          type: "mrkdwn",
          text: `*Growth potential*\n${count(r.growthPotential.count, "account")} with more opportunities`,
        },
      ],
    },
    section(
      `*Customer segments* (annual value)\n${r.segments
        .map(
          (s) =>
            `• ${SEGMENT_NAMES[s.segment]}: ${count(s.accounts, "account")} · ${compact(s.annualValueCents, c)}`,
        )
        .join("\n")}`,
    ),
  ];
  if (v.showDeals && r.highValueOpportunities.top.length > 0) {
    const lines = r.highValueOpportunities.top.map(
      (o) =>
        `• ${data(o.name ?? o.dealId)} — ${data(o.accountName)} (${data(o.ownerName)}) ${compact(o.amountCents, c)} · ${Math.round(o.probability)}% · closes ${o.closeDate}`,
    );
    for (const chunk of chunkLines(["*Largest high-value opportunities*", ...lines]))
      body.push(section(chunk));
  }
  const page = pageOf(r.ranking, v.ref.page, RANKING_PAGE_SIZE);
  const rankLines = page.items.map(
    (a) =>
      `${a.rank}. ${data(a.accountName)} — ${money(a.annualValueCents, c)} (${SEGMENT_NAMES[a.segment]}, ${STATUS_NAMES[a.status]})`,
  );
  for (const chunk of chunkLines([
    `*Customer ranking* by annual value${page.pages > 1 ? ` (${page.page + 1}/${page.pages})` : ""}`,
    ...(rankLines.length > 0 ? rankLines : ["No customer with annual value yet."]),
  ]))
    body.push(section(chunk));
  body.push(kpiFields(r.kpis, c));
  return answerMessage({
    title: `Revenue · ${scopeTitle(v.scopeKey)}`,
    body,
    asOf: v.asOf,
    summary: `${compact(risk.valueCents, c)} at risk, ${count(hv.count, "high-value opportunity", "high-value opportunities")}`,
    ref: { ...v.ref, page: page.page },
    pages: page.pages,
  });
}

/** The KPI grid that closes every /revenue answer. */
function kpiFields(k: RevenueFocusResult["kpis"], c: string): Block {
  return {
    type: "section",
    fields: [
      { type: "mrkdwn", text: `*Total contract value*\n${moneyFigure(k.totalContractValue, c)}` },
      { type: "mrkdwn", text: `*Average deal size*\n${moneyFigure(k.averageDealSize, c)}` },
      { type: "mrkdwn", text: `*Win rate*\n${ratioFigure(k.winRate)}` },
      { type: "mrkdwn", text: `*Sales cycle (median)*\n${daysFigure(k.salesCycleMedianDays)}` },
      { type: "mrkdwn", text: `*Customer lifetime value*\n${moneyFigure(k.customerLifetimeValue, c)}` },
      { type: "mrkdwn", text: `*Gross revenue retention*\n${ratioFigure(k.grossRevenueRetention)}` },
      {
        type: "mrkdwn",
        text: `*Coverage ${data(k.coveragePeriod)}*\n${k.coverage.value === null ? `n/a (${data(k.coverage.reason)})` : `${k.coverage.value.toFixed(1)}x`}`,
      },
      {
        type: "mrkdwn",
        text: `*Velocity*\n${k.velocity.value === null ? `n/a (${data(k.velocity.reason)})` : `${money(k.velocity.value, c)}/day`}`,
      },
      { type: "mrkdwn", text: `*Average open deal age*\n${daysFigure(k.averageOpenAgeDays)}` },
      { type: "mrkdwn", text: `*Open deals*\n${k.openDealCount.toLocaleString("en-US")}` },
    ],
  };
}
