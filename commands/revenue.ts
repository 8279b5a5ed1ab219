import { revenueMessage } from "../blocks/revenue";
import { companyScope } from "../src/domain/access";
import type { RevenueFocusResult } from "../src/domain/analyses/revenue-focus";
import { ownDealsHint } from "../src/slack/access";
import type { Answer, AnswerContext, CommandSpec } from "../src/slack/answers/answer-command";
import { storedAnswer } from "../src/slack/answers/stored-answer";

function buildRevenue(ctx: AnswerContext): Answer {
  // Revenue focus is stored once per scope (period "current"): the default read is the answer.
  return storedAnswer<RevenueFocusResult>(
    ctx,
    "revenue-focus",
    (result, frame) =>
      revenueMessage({
        result,
        ...frame,
        showDeals: ctx.access.detail,
        // on a shared answer the hint is for everyone in the channel: their own deals
        dealsHint: ctx.ref.sharedBy ? "`/revenue me`" : ownDealsHint(ctx.viewer, "revenue"),
      }),
    { period: null },
  );
}

export const revenueCommand: CommandSpec = {
  command: "revenue",
  summary: "revenue at risk, high-value opportunities, segments, customer ranking and KPIs",
  usage: "/revenue [scope]",
  args: { period: false, scope: true },
  defaultScope: companyScope,
  build: buildRevenue,
  viewerVariant: (viewer) => ownDealsHint(viewer, "revenue") ?? "",
};
