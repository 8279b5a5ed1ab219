import type { App } from "@slack/bolt";
import { quotaMessage } from "../blocks/quota";
import type { AttainmentResult } from "../src/domain/analyses/attainment";
import { type AnswerContext, type CommandSpec, notice, type SlackDeps } from "../src/slack/answer-command";
import { asOfLine } from "../src/slack/as-of";
import { companyScope } from "../src/slack/default-scopes";
import { scopeKeyOf } from "../src/slack/permissions";
import { readStoredAnalysis } from "../src/slack/reader";
import { registerAnswerCommand } from "../src/slack/register-answer-command";

function buildQuota({ deps, args, scope, access, ref }: AnswerContext) {
  const read = readStoredAnalysis<AttainmentResult>(deps.db, "attainment", scopeKeyOf(scope), args.period);
  if ("missing" in read) return notice(read.missing);
  const { stored } = read;
  return {
    kind: "answer" as const,
    message: quotaMessage({
      result: stored.payload,
      scopeKey: stored.scope,
      asOf: asOfLine(stored, deps.config.WORKSPACE_TIMEZONE),
      currency: deps.config.CURRENCY,
      ref,
      showReps: access.detail,
    }),
  };
}

export const quotaCommand: CommandSpec = {
  command: "quota",
  summary: "quota attainment by rep, team, region and segment; top performers and at-risk reps",
  usage: "/quota [period] [scope]",
  args: { period: true, scope: true },
  defaultScope: companyScope,
  build: buildQuota,
};

export function register(app: App, deps: SlackDeps): void {
  registerAnswerCommand(app, quotaCommand, deps);
}
