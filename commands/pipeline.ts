import { pipelineMessage } from "../blocks/pipeline";
import { companyScope } from "../src/domain/access";
import type { PipelineResult } from "../src/domain/analyses/pipeline";
import {
  type Answer,
  type AnswerContext,
  type CommandSpec,
  notice,
} from "../src/slack/answers/answer-command";
import { openDealsCoverNotice, periodCover } from "../src/slack/answers/period-cover";
import { storedAnswer } from "../src/slack/answers/stored-answer";

function buildPipeline(ctx: AnswerContext): Answer {
  const cover = periodCover(ctx, "pipeline");
  if (cover) return notice(openDealsCoverNotice(cover, "pipeline", "Pipeline health"));
  return storedAnswer<PipelineResult>(ctx, "pipeline", (result, frame) =>
    pipelineMessage({ result, ...frame, showDeals: ctx.access.detail }),
  );
}

export const pipelineCommand: CommandSpec = {
  command: "pipeline",
  summary: "pipeline health: coverage, stages, velocity, aging, pushed deals, generation",
  usage: "/pipeline [period] [scope]",
  args: { period: true, scope: true },
  defaultScope: companyScope,
  build: buildPipeline,
};
