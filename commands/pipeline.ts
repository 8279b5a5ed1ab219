import type { App } from "@slack/bolt";
import { pipelineMessage } from "../blocks/pipeline";
import type { PipelineResult } from "../src/domain/analyses/pipeline";
import { type AnswerContext, type CommandSpec, notice, type SlackDeps } from "../src/slack/answer-command";
import { asOfLine } from "../src/slack/as-of";
import { companyScope } from "../src/slack/default-scopes";
import { scopeKeyOf } from "../src/slack/permissions";
import { readStoredAnalysis } from "../src/slack/reader";
import { registerAnswerCommand } from "../src/slack/register-answer-command";

function buildPipeline({ deps, args, scope, access, ref }: AnswerContext) {
  const read = readStoredAnalysis<PipelineResult>(deps.db, "pipeline", scopeKeyOf(scope), args.period);
  if ("missing" in read) return notice(read.missing);
  const { stored } = read;
  return {
    kind: "answer" as const,
    message: pipelineMessage({
      result: stored.payload,
      scopeKey: stored.scope,
      asOf: asOfLine(stored, deps.config.WORKSPACE_TIMEZONE),
      currency: deps.config.CURRENCY,
      ref,
      showDeals: access.detail,
    }),
  };
}

export const pipelineCommand: CommandSpec = {
  command: "pipeline",
  summary: "pipeline health: coverage, stages, velocity, aging, pushed deals, generation",
  usage: "/pipeline [period] [scope]",
  args: { period: true, scope: true },
  defaultScope: companyScope,
  build: buildPipeline,
};

export function register(app: App, deps: SlackDeps): void {
  registerAnswerCommand(app, pipelineCommand, deps);
}
