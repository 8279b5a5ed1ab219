import { dealRiskMessage } from "../blocks/deal-risk";
import { REGISTER_SIZE } from "../src/analytics/deal-risk/factors";
import { ownDealsScope } from "../src/domain/access";
import type { DealRiskResult } from "../src/domain/analyses/deal-risk";
import { ownDealsHint } from "../src/slack/access";
import { flaggedDealsWithoutAction } from "../src/slack/action-items";
import {
  type Answer,
  type AnswerContext,
  type CommandSpec,
  notice,
} from "../src/slack/answers/answer-command";
import { openDealsCoverNotice, periodCover } from "../src/slack/answers/period-cover";
import { storedAnswer } from "../src/slack/answers/stored-answer";

/** The hint fits who asks; on a shared answer, everyone in the channel: their own deals. */
function dealsHintFor(ctx: AnswerContext): string | null {
  return ctx.ref.sharedBy ? "`/deal-risk me`" : ownDealsHint(ctx.viewer, "deal-risk");
}

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
      dealsHint: dealsHintFor(ctx),
      withoutAction: flaggedDealsWithoutAction(deps.db, result.flaggedDealIds, deps.clock()),
    }),
  );
}

export const dealRiskCommand: CommandSpec = {
  command: "deal-risk",
  summary: "the risk register: riskiest open deals with reasons, mitigations and executive flags",
  usage: "/deal-risk [period] [scope] [top N]",
  // The register stores the top REGISTER_SIZE deals: a larger N is refused with that limit rather
  // than answered with fewer rows than asked for.
  args: {
    period: true,
    scope: true,
    maxTop: REGISTER_SIZE,
    maxTopReason: `the risk register keeps the top ${REGISTER_SIZE} deals by revenue at risk`,
  },
  defaultScope: ownDealsScope,
  build: buildDealRisk,
  viewerVariant: (viewer) => ownDealsHint(viewer, "deal-risk") ?? "",
};
