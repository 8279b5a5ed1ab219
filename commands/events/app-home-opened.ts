import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from "@slack/bolt";
import { homeView } from "../../blocks/home";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { ForecastResult } from "../../src/domain/analyses/forecast";
import type { PipelineResult } from "../../src/domain/analyses/pipeline";
import { LINK_HELP } from "../../src/slack/access";
import { asOfLine } from "../../src/slack/answers/as-of";
import { readStoredAnalysis } from "../../src/slack/answers/reader";
import type { ListenerDeps } from "../../src/slack/listeners";

/** Publishes the Home tab with the company's headline figures whenever a user opens it. */
export function register(app: App, deps: ListenerDeps): void {
  app.event(
    "app_home_opened",
    async function publishHome({
      event,
      client,
    }: SlackEventMiddlewareArgs<"app_home_opened"> & AllMiddlewareArgs) {
      if (event.tab !== "home") return;
      const forecast = readStoredAnalysis<ForecastResult>(deps.db, "forecast", "company");
      const attainment = readStoredAnalysis<AttainmentResult>(deps.db, "attainment", "company");
      const pipeline = readStoredAnalysis<PipelineResult>(deps.db, "pipeline", "company");
      const first = [forecast, attainment, pipeline].find((r) => "stored" in r);
      const viewer = await deps.directory.viewer(event.user);
      const view = homeView({
        forecast:
          "stored" in forecast ? { period: forecast.stored.period, result: forecast.stored.payload } : null,
        attainment:
          "stored" in attainment
            ? { period: attainment.stored.period, result: attainment.stored.payload }
            : null,
        pipeline:
          "stored" in pipeline ? { period: pipeline.stored.period, result: pipeline.stored.payload } : null,
        asOf: first && "stored" in first ? asOfLine(first.stored, deps.config.WORKSPACE_TIMEZONE) : null,
        currency: deps.config.CURRENCY,
        linkHelp: viewer.role === "unlinked" ? LINK_HELP : null,
      });
      await client.views.publish({ user_id: event.user, view });
    },
  );
}
