import type { RevenueFocusResult } from "../src/domain/analyses/revenue-focus";
import { type AnswerViewFrame, answerMessage } from "./answer";
import { chunkLines, compact, count, data, headline, money, percent, scopeTitle, section } from "./format";
import type { Block, Message } from "./message";

export const RANKING_PAGE_SIZE = 10;
export const CONTRACTS_PAGE_SIZE = 10;
export const OPPORTUNITIES_PAGE_SIZE = 5;

export interface RevenueView extends AnswerViewFrame {
  result: RevenueFocusResult;
  /** false: high-value opportunities are counted, not listed */
  showDeals: boolean;
  /** where the viewer finds opportunity rows they may see (mrkdwn commands), null when nowhere */
  dealsHint: string | null;
}

type Contract = RevenueFocusResult["revenueAtRisk"]["contracts"][number];
type Opportunity = RevenueFocusResult["highValueOpportunities"]["top"][number];

function contractLine(k: Contract, c: string): string {
  const when =
    k.daysToEnd < 0
      ? `ended ${k.endDate}, ${count(-k.daysToEnd, "day")} ago`
      : k.daysToEnd === 0
        ? `ends today, ${k.endDate}`
        : `ends ${k.endDate}, in ${count(k.daysToEnd, "day")}`;
  return `• *${data(k.accountName)}* — ${data(k.product)} (${data(k.contractId)}) · ${money(k.valueCents, c)} · ${when}`;
}

function opportunityLine(o: Opportunity, c: string): string {
  return `• *${data(o.name ?? o.dealId)}* — ${data(o.accountName)} · ${data(o.ownerName)} · ${money(o.amountCents, c)} · closes ${o.closeDate} · ${Math.round(o.probability)}% (${data(o.stage)})`;
}

/**
 * One list of the answer on the message's page (all lists page together, like the risk register):
 * its title says how much of the whole it holds; a list shorter than the page says where its rows are.
 */
function listSections<T>(
  title: string,
  list: { items: readonly T[]; total: number; empty: string },
  page: number,
  size: number,
  line: (item: T) => string,
): string[] {
  const { items, total } = list;
  if (items.length === 0) return [`${title}\n${list.empty}`];
  const pages = Math.ceil(items.length / size);
  const whole = items.length < total ? ` · largest ${items.length} of ${total.toLocaleString("en-US")}` : "";
  if (page >= pages) {
    return [`${title}${whole}\nAll ${items.length} on page${pages === 1 ? " 1" : `s 1–${pages}`}.`];
  }
  const at = pages > 1 ? ` (${page + 1}/${pages})` : "";
  const rows = items.slice(page * size, (page + 1) * size).map(line);
  return chunkLines([`${title}${whole}${at}`, ...rows]);
}

/** Pages of the message: as many as its longest list needs. */
function pageCount(v: RevenueView): number {
  const r = v.result;
  const need = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
  return Math.max(
    need(r.ranking.length, RANKING_PAGE_SIZE),
    need(r.revenueAtRisk.contracts.length, CONTRACTS_PAGE_SIZE),
    v.showDeals ? need(r.highValueOpportunities.top.length, OPPORTUNITIES_PAGE_SIZE) : 1,
  );
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

/** The headline, the four headline figures and the customer segments. */
function overviewBlocks(r: RevenueFocusResult, c: string): Block[] {
  const risk = r.revenueAtRisk;
  const hv = r.highValueOpportunities;
  return [
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
          text: `*High-value opportunities* (probability > ${r.thresholds.highValueProbabilityAbove}%)\n${count(hv.count, "opportunity", "opportunities")} · ${money(hv.amountCents, c)}`,
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
}

/** Page `p` of the lists: contracts at risk, high-value opportunities (or where to see them), the ranking. */
function listBlocks(v: RevenueView, p: number): Block[] {
  const r = v.result;
  const c = v.currency;
  const risk = r.revenueAtRisk;
  const hv = r.highValueOpportunities;
  const body: Block[] = [];
  const riskSections = listSections(
    `*Contracts at risk* (ended since ${risk.window.start} or ending by ${risk.window.end})`,
    { items: risk.contracts, total: risk.contractCount, empty: "None: no contract expired or ends soon." },
    p,
    CONTRACTS_PAGE_SIZE,
    (k) => contractLine(k, c),
  );
  for (const text of riskSections) body.push(section(text));
  if (v.showDeals) {
    const oppSections = listSections(
      "*High-value opportunities*",
      { items: hv.top, total: hv.count, empty: "None above the probability threshold." },
      p,
      OPPORTUNITIES_PAGE_SIZE,
      (o) => opportunityLine(o, c),
    );
    for (const text of oppSections) body.push(section(text));
  } else if (hv.count > 0) {
    body.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `Opportunity rows are shown to the deal's owner, their managers and admins${v.dealsHint ? `: try ${v.dealsHint}` : ""}.`,
        },
      ],
    });
  }
  const rankSections = listSections(
    "*Customer ranking* by annual value",
    { items: r.ranking, total: r.customerCount, empty: "No customer with annual value yet." },
    p,
    RANKING_PAGE_SIZE,
    (a) =>
      `${a.rank}. ${data(a.accountName)} — ${money(a.annualValueCents, c)} (${SEGMENT_NAMES[a.segment]}, ${STATUS_NAMES[a.status]})`,
  );
  for (const text of rankSections) body.push(section(text));
  return body;
}

/** `/revenue`: revenue at risk, high-value opportunities, segments, customer ranking, KPIs. */
export function revenueMessage(v: RevenueView): Message {
  const r = v.result;
  const c = v.currency;
  const risk = r.revenueAtRisk;
  const hv = r.highValueOpportunities;
  const pages = pageCount(v);
  const p = Math.min(Math.max(0, v.ref.page), pages - 1);
  const body: Block[] = [...overviewBlocks(r, c), ...listBlocks(v, p)];
  body.push(kpiFields(r.kpis, c));
  return answerMessage({
    title: `Revenue · ${scopeTitle(v.scopeKey)}`,
    body,
    asOf: v.asOf,
    summary: `${compact(risk.valueCents, c)} at risk, ${count(hv.count, "high-value opportunity", "high-value opportunities")}`,
    ref: { ...v.ref, page: p },
    pages,
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
