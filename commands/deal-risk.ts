import type { App } from "@slack/bolt";
import { dealRiskMessage } from "../blocks/deal-risk";
import type { DealRiskResult } from "../src/domain/analyses/deal-risk";
import { flaggedDealsWithoutAction } from "../src/slack/action-items";
import { type AnswerContext, type CommandSpec, notice, type SlackDeps } from "../src/slack/answer-command";
import { asOfLine } from "../src/slack/as-of";
import { ownDealsScope } from "../src/slack/default-scopes";
import { scopeKeyOf } from "../src/slack/permissions";
import { readStoredAnalysis } from "../src/slack/reader";
import { registerAnswerCommand } from "../src/slack/register-answer-command";

export const MAX_TOP = 50;

function buildDealRisk({ deps, args, scope, access, ref }: AnswerContext) {
  const read = readStoredAnalysis<DealRiskResult>(deps.db, "deal-risk", scopeKeyOf(scope), args.period);
  if ("missing" in read) return notice(read.missing);
  const { stored } = read;
  return {
    kind: "answer" as const,
    message: dealRiskMessage({
      result: stored.payload,
      scopeKey: stored.scope,
      asOf: asOfLine(stored, deps.config.WORKSPACE_TIMEZONE),
      currency: deps.config.CURRENCY,
      ref,
      ...(args.top !== undefined ? { top: args.top } : {}),
      showDeals: access.detail,
      withoutAction: flaggedDealsWithoutAction(deps.db, stored.payload.flaggedDealIds),
    }),
  };
}

export const dealRiskCommand: CommandSpec = {
  command: "deal-risk",
  summary: "the risk register: riskiest open deals with reasons, mitigations and executive flags",
  usage: "/deal-risk [period] [scope] [top N]",
  args: { period: true, scope: true, maxTop: MAX_TOP },
  defaultScope: ownDealsScope,
  build: buildDealRisk,
};

export function register(app: App, deps: SlackDeps): void {
  registerAnswerCommand(app, dealRiskCommand, deps);
}
