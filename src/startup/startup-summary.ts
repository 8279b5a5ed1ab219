import path from "node:path";
import { type Config, slackMode } from "../config";
import { formatMoney } from "../domain/money";
import type { StoreOverview } from "../store/overview-repository";

/** The few lines `npm start` prints: what is in the store, where it is, and how to connect Slack. */
export function startupSummary(overview: StoreOverview, config: Config): string[] {
  const n = (x: number) => x.toLocaleString("en-US");
  const last = overview.lastImport;
  const lines = [
    "Revenue Rituals",
    `  database       ${path.resolve(config.DATABASE_PATH)}`,
    `  reps           ${n(overview.reps)} in ${n(overview.teams)} teams`,
    `  accounts       ${n(overview.accounts)}`,
    `  opportunities  ${n(overview.opportunities)}`,
    `  open pipeline  ${formatMoney(overview.openPipelineCents, config.CURRENCY)} in ${n(overview.openDeals)} open deals`,
    `  last import    ${last ? `#${last.id} ${last.kind} from ${path.basename(last.fileName)} at ${last.finishedAt}` : "none yet"}`,
  ];
  const mode = slackMode(config);
  if (mode === "sandbox") {
    lines.push(
      "",
      "Slack is not connected (no SLACK_BOT_TOKEN). To connect it: create the Slack app from manifest.yml,",
      "install it to your workspace, then set SLACK_BOT_TOKEN plus SLACK_APP_TOKEN (Socket Mode) or",
      "SLACK_SIGNING_SECRET (HTTP mode) and run npm start again. See README.md.",
    );
  } else {
    lines.push("", `Slack mode: ${mode}.`);
  }
  return lines;
}
