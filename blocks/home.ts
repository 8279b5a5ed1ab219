import type { AttainmentResult } from "../src/domain/analyses/attainment";
import type { ForecastResult } from "../src/domain/analyses/forecast";
import type { PipelineResult } from "../src/domain/analyses/pipeline";
import { money, percent } from "./format";
import type { Block } from "./message";
import { coverageText } from "./pipeline";

export interface HomeView {
  forecast: { period: string; result: ForecastResult } | null;
  attainment: { period: string; result: AttainmentResult } | null;
  pipeline: { period: string; result: PipelineResult } | null;
  asOf: string | null;
  currency: string;
  /** shown to unlinked users */
  linkHelp: string | null;
}

/** The Home tab: company headline figures (visible to everyone) and where to look next. */
export function homeView(v: HomeView): { type: "home"; blocks: Block[] } {
  const c = v.currency;
  const fields: { type: "mrkdwn"; text: string }[] = [];
  if (v.forecast) {
    const s = v.forecast.result.scenarios;
    fields.push({
      type: "mrkdwn",
      text: `*Forecast ${v.forecast.period}*\n${money(s.baseCents, c)} (${money(s.conservativeCents, c)} – ${money(s.upsideCents, c)})`,
    });
  }
  if (v.attainment) {
    fields.push({
      type: "mrkdwn",
      text: `*Attainment ${v.attainment.period}*\n${v.attainment.result.attainment === null ? "no quota" : percent(v.attainment.result.attainment)}`,
    });
  }
  if (v.pipeline) {
    fields.push({
      type: "mrkdwn",
      text: `*Coverage ${v.pipeline.period}*\n${coverageText(v.pipeline.result)}`,
    });
  }
  const blocks: Block[] = [{ type: "header", text: { type: "plain_text", text: "Revenue Rituals" } }];
  blocks.push(
    fields.length > 0
      ? { type: "section", fields }
      : {
          type: "section",
          text: { type: "mrkdwn", text: "No analyses stored yet: run `npx rituals refresh`." },
        },
  );
  if (v.asOf) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: v.asOf }] });
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      // `me` only for someone linked: unlinked, it would answer with nothing but how to get linked
      text: `Try \`/forecast\`, \`/deal-risk${v.linkHelp ? "" : " me"}\`, \`/pipeline\`, \`/quota\`, \`/revenue\` or \`/rituals help\`.`,
    },
  });
  if (v.linkHelp) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: v.linkHelp }] });
  return { type: "home", blocks };
}
