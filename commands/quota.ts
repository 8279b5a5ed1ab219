import type { App } from "@slack/bolt";
import { quotaMessage } from "../blocks/quota";
import type { AttainmentResult } from "../src/domain/analyses/attainment";
import type { Answer, AnswerContext, CommandSpec, SlackDeps } from "../src/slack/answer-command";
import { companyScope } from "../src/slack/default-scopes";
import { registerAnswerCommand } from "../src/slack/register-answer-command";
import { storedAnswer } from "../src/slack/stored-answer";

function buildQuota(ctx: AnswerContext): Answer {
  return storedAnswer<AttainmentResult>(ctx, "attainment", (result, frame) =>
    quotaMessage({ result, ...frame, showReps: ctx.access.detail }),
  );
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
