import { dealRiskMessage } from "../blocks/deal-risk";
import { ownDealsScope } from "../src/domain/access";
import type { DealRiskResult } from "../src/domain/analyses/deal-risk";
import { flaggedDealsWithoutAction } from "../src/slack/action-items";
import {
  type Answer,
  type AnswerContext,
  type CommandSpec,
  notice,
} from "../src/slack/answers/answer-command";
import { openDealsCoverNotice, periodCover } from "../src/slack/answers/period-cover";
import { storedAnswer } from "../src/slack/answers/stored-answer";

const MAX_TOP = 50;

function buildDealRisk(ctx: AnswerContext): Answer {
  const cover = periodCover(ctx, "deal-risk");
  if (cover) return notice(openDealsCoverNotice(cover, "deal-risk", "The risk register"));
  const { deps, args, access } = ctx;
  return storedAnswer<DealRiskResult>(ctx, "deal-risk", (result, frame) =>
    dealRiskMessage({
      result,
      ...frame,
      ...(args.top !== undefined ? { top: args.top } : {}),
      showDeals: access.detail,
      withoutAction: flaggedDealsWithoutAction(deps.db, result.flaggedDealIds, deps.clock()),
    }),
  );
}

export const dealRiskCommand: CommandSpec = {
  command: "deal-risk",
  summary: "the risk register: riskiest open deals with reasons, mitigations and executive flags",
  usage: "/deal-risk [period] [scope] [top N]",
  args: { period: true, scope: true, maxTop: MAX_TOP },
  defaultScope: ownDealsScope,
  build: buildDealRisk,
};
