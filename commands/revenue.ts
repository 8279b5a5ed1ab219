import type { App } from "@slack/bolt";
import { revenueMessage } from "../blocks/revenue";
import type { RevenueFocusResult } from "../src/domain/analyses/revenue-focus";
import { type AnswerContext, type CommandSpec, notice, type SlackDeps } from "../src/slack/answer-command";
import { asOfLine } from "../src/slack/as-of";
import { companyScope } from "../src/slack/default-scopes";
import { scopeKeyOf } from "../src/slack/permissions";
import { readStoredAnalysis } from "../src/slack/reader";
import { registerAnswerCommand } from "../src/slack/register-answer-command";

function buildRevenue({ deps, scope, access, ref }: AnswerContext) {
  // Revenue focus is stored once per scope (period "current"): the default read is the answer.
  const read = readStoredAnalysis<RevenueFocusResult>(deps.db, "revenue-focus", scopeKeyOf(scope));
  if ("missing" in read) return notice(read.missing);
  const { stored } = read;
  return {
    kind: "answer" as const,
    message: revenueMessage({
      result: stored.payload,
      scopeKey: stored.scope,
      asOf: asOfLine(stored, deps.config.WORKSPACE_TIMEZONE),
      currency: deps.config.CURRENCY,
      ref,
      showDeals: access.detail,
    }),
  };
}

export const revenueCommand: CommandSpec = {
  command: "revenue",
  summary: "revenue at risk, high-value opportunities, segments, customer ranking and KPIs",
  usage: "/revenue [scope]",
  args: { period: false, scope: true },
  defaultScope: companyScope,
  build: buildRevenue,
};

export function register(app: App, deps: SlackDeps): void {
  registerAnswerCommand(app, revenueCommand, deps);
}
