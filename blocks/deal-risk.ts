import type { DealRiskResult, RiskDeal } from "../src/domain/analyses/deal-risk";
import { openCreateButton } from "./action-modal";
import { type AnswerViewFrame, answerMessage } from "./answer";
import { compact, count, data, headline, money, pageOf, scopeTitle } from "./format";
import type { Block, Message } from "./message";

export const DEAL_RISK_PAGE_SIZE = 5;

export interface DealRiskView extends AnswerViewFrame {
  result: DealRiskResult;
  /** how many register rows to show (top N); all when undefined */
  top?: number;
  /** false: the viewer sees the totals but not the deals */
  showDeals: boolean;
  /** where the viewer finds deal rows they may see (mrkdwn commands), null when nowhere */
  dealsHint: string | null;
  withoutAction: ReadonlySet<string>;
}

function dealText(deal: RiskDeal, rank: number, v: DealRiskView): string {
  const c = v.currency;
  const title = `*${rank}. ${data(deal.name ?? deal.dealId)}*${deal.accountName ? ` — ${data(deal.accountName)}` : ""}`;
  const flag = deal.executiveFlag ? " · :rotating_light: *executive attention*" : "";
  const lines = [
    `${title}${flag}`,
    `${data(deal.ownerName)} · ${money(deal.amountCents, c)} · closes ${deal.closeDate} · ${data(deal.stage)} · score *${deal.score}*/100 · at risk ${money(deal.revenueAtRiskCents, c)}`,
  ];
  if (deal.factors.length > 0) {
    lines.push(`Why: ${deal.factors.map((f) => `${data(f.reason)} (+${f.points})`).join(", ")}`);
    const mitigations = [...new Set(deal.factors.map((f) => f.mitigation))];
    lines.push(`Do: ${mitigations.map(data).join("; ")}`);
  }
  if (deal.executiveFlag && v.withoutAction.has(deal.dealId)) {
    lines.push(`:warning: no action item yet (SLA ${v.result.interventionSlaHours} h)`);
  }
  const text = lines.join("\n");
  return text.length > 1500 ? `${text.slice(0, 1499)}…` : text;
}

/** What the register shows: its top N, or all of the scope's deals when it has fewer than asked for. */
function registerNote(r: DealRiskResult, shown: number, top: number | undefined): string {
  const rule = "by revenue at risk (amount × score / 100)";
  const asked = top ?? r.thresholds.registerSize;
  if (shown < asked && shown === r.openDealCount) {
    return `Register: all ${count(shown, "open deal")} closing ${r.period.key}, ${rule}`;
  }
  return `Register: top ${shown} ${rule}`;
}

/** `/deal-risk`: totals, then the register page by page (deal, owner, amount, close, score, why, what to do). */
export function dealRiskMessage(v: DealRiskView): Message {
  const r = v.result;
  const c = v.currency;
  const register = v.top === undefined ? r.register : r.register.slice(0, v.top);
  const flaggedWithout = r.flaggedDealIds.filter((id) => v.withoutAction.has(id)).length;
  const body: Block[] = [
    headline(`${compact(r.revenueAtRiskCents, c)} at risk in deals closing ${r.period.key}`, [
      `${count(r.openDealCount, "open deal")} worth ${compact(r.openAmountCents, c)}`,
      `${r.flaggedCount} flagged for executive attention`,
    ]),
    {
      type: "section",
      fields: [
        {
          type: "mrkdwn",
          text: `*Open deals closing ${r.period.key}*\n${count(r.openDealCount, "deal")} · ${money(r.openAmountCents, c)}`,
        },
        { type: "mrkdwn", text: `*Revenue at risk*\n${money(r.revenueAtRiskCents, c)}` },
        { type: "mrkdwn", text: `*Flagged for executive attention*\n${r.flaggedCount}` },
        {
          type: "mrkdwn",
          text: `*Flagged without an action item*\n${flaggedWithout} (SLA ${r.interventionSlaHours} h)`,
        },
      ],
    },
  ];
  let pages = 1;
  const ref = { ...v.ref };
  if (!v.showDeals) {
    body.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: `Deal rows are shown to the deal's owner, their managers and admins${v.dealsHint ? `: try ${v.dealsHint}` : ""}.`,
        },
      ],
    });
  } else if (register.length === 0) {
    body.push({
      type: "section",
      text: { type: "mrkdwn", text: "No open deal closes in this period: nothing at risk." },
    });
  } else {
    const page = pageOf(register, ref.page, DEAL_RISK_PAGE_SIZE);
    pages = page.pages;
    ref.page = page.page;
    const first = page.page * DEAL_RISK_PAGE_SIZE;
    body.push({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: registerNote(r, register.length, v.top),
        },
      ],
    });
    page.items.forEach((deal, i) => {
      body.push({ type: "divider" });
      body.push({
        type: "section",
        text: { type: "mrkdwn", text: dealText(deal, first + i + 1, v) },
        // pre-fills the deal, its owner and the 48-hour intervention deadline
        accessory: openCreateButton({ dealId: deal.dealId, reviewKey: null }),
      });
    });
  }
  return answerMessage({
    title: `Deal risk · ${scopeTitle(v.scopeKey)} · ${r.period.key}`,
    body,
    asOf: v.asOf,
    summary: `${compact(r.revenueAtRiskCents, c)} at risk across ${count(r.openDealCount, "open deal")}, ${r.flaggedCount} flagged`,
    ref,
    pages,
  });
}
