import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs, webApi } from "@slack/bolt";
import { actionFiguresText, actionItemsHomeBlocks } from "../../blocks/action-list";
import { homeView } from "../../blocks/home";
import { onTimeRate } from "../../src/actions/figures";
import { listActionItemsFor } from "../../src/actions/lists";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { ForecastResult } from "../../src/domain/analyses/forecast";
import type { PipelineResult } from "../../src/domain/analyses/pipeline";
import { LINK_HELP } from "../../src/slack/access";
import type { SlackDeps } from "../../src/slack/answers/answer-command";
import { asOfLine } from "../../src/slack/answers/as-of";
import { readStoredAnalysis } from "../../src/slack/answers/reader";
import type { ListenerDeps } from "../../src/slack/listeners";
import { listActionItems } from "../../src/store/actions-repository";
import { latestCompletion, teamUserIds } from "../action-item-lists";

/**
 * The Home tab: the company's headline figures, then the viewer's open action items by deadline
 * with their buttons, a manager's team's overdue items, and the completion and on-time figures.
 */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, userId: string): Promise<void> {
  const forecast = readStoredAnalysis<ForecastResult>(deps.db, "forecast", "company");
  const attainment = readStoredAnalysis<AttainmentResult>(deps.db, "attainment", "company");
  const pipeline = readStoredAnalysis<PipelineResult>(deps.db, "pipeline", "company");
  const first = [forecast, attainment, pipeline].find((r) => "stored" in r);
  const viewer = await deps.directory.viewer(userId);
  const view = homeView({
    forecast:
      "stored" in forecast ? { period: forecast.stored.period, result: forecast.stored.payload } : null,
    attainment:
      "stored" in attainment ? { period: attainment.stored.period, result: attainment.stored.payload } : null,
    pipeline:
      "stored" in pipeline ? { period: pipeline.stored.period, result: pipeline.stored.payload } : null,
    asOf: first && "stored" in first ? asOfLine(first.stored, deps.config.WORKSPACE_TIMEZONE) : null,
    currency: deps.config.CURRENCY,
    linkHelp: viewer.role === "unlinked" ? LINK_HELP : null,
  });
  const now = deps.clock();
  const team = teamUserIds(deps, viewer);
  const mine = listActionItemsFor(deps.db, { kind: "mine", userId }, now);
  const summary = actionFiguresText({
    completion: latestCompletion(deps, now),
    onTime: onTimeRate(listActionItems(deps.db, { ownerIds: [userId], states: ["done"] })),
  });
  view.blocks.push(
    { type: "divider" },
    ...actionItemsHomeBlocks({
      mine,
      teamOverdue:
        team.length > 0 ? listActionItemsFor(deps.db, { kind: "overdue", ownerIds: team }, now) : null,
      now,
      summary,
    }),
  );
  await client.views.publish({ user_id: userId, view });
}

/** Publishes the Home tab whenever a user opens it. */
export function register(app: App, deps: ListenerDeps): void {
  app.event(
    "app_home_opened",
    async function publishHomeTab({
      event,
      client,
    }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) {
      if (event.tab !== "home") return;
      await publishHome(deps, client, event.user);
    },
  );
}
