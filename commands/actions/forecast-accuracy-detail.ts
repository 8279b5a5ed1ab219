import type { App } from "@slack/bolt";
import { accuracyDetailMessage } from "../../blocks/forecast-accuracy";
import { ActionIds } from "../../blocks/ids";
import type { ForecastAccuracyResult } from "../../src/domain/analyses/forecast-accuracy";
import type { Answer, AnswerContext, CommandSpec } from "../../src/slack/answers/answer-command";
import { registerAnswerButton } from "../../src/slack/answers/register-answer-button";
import { storedAnswer } from "../../src/slack/answers/stored-answer";
import type { ListenerDeps } from "../../src/slack/listeners";
import { forecastCommand } from "../forecast";

/** The accuracy detail reuses the forecast's permission and scope resolution, then reads accuracy. */
const accuracyDetailCommand: CommandSpec = {
  ...forecastCommand,
  build(ctx: AnswerContext): Answer {
    // Always the default (latest completed) period; shared as a forecast answer, so the Share
    // button re-posts the forecast, not this detail.
    return storedAnswer<ForecastAccuracyResult>(
      ctx,
      "forecast-accuracy",
      (result, frame) => accuracyDetailMessage({ result, ...frame, showDetail: ctx.access.detail }),
      { period: null },
    );
  },
};

/** "Accuracy detail" under a /forecast answer: the variance contributors, for whoever clicked. */
export function register(app: App, deps: ListenerDeps): void {
  registerAnswerButton(app, deps, {
    actionIds: [ActionIds.forecastAccuracyDetail],
    specs: new Map([[forecastCommand.command, accuracyDetailCommand]]),
    staleNotice: "This button is from an older version of the app: run /forecast again.",
    page: () => 0,
    deliver: () => ({}),
  });
}
