import type { App } from "@slack/bolt";
import type { AnswerRef } from "../blocks/answer-ref";
import { forecastMessage } from "../blocks/forecast";
import { accuracyDetailMessage } from "../blocks/forecast-accuracy";
import { ActionIds } from "../blocks/ids";
import { companyScope } from "../src/domain/access";
import type { ForecastResult } from "../src/domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../src/domain/analyses/forecast-accuracy";
import { scopeKey } from "../src/domain/crm";
import {
  type Answer,
  type AnswerContext,
  answerCommand,
  type CommandSpec,
  type SlackDeps,
} from "../src/slack/answers/answer-command";
import { readStoredAnalysis } from "../src/slack/answers/reader";
import { registerAnswerButton } from "../src/slack/answers/register-answer-button";
import { registerAnswerCommand } from "../src/slack/answers/register-answer-command";
import { storedAnswer } from "../src/slack/answers/stored-answer";

function buildForecast(ctx: AnswerContext): Answer {
  return storedAnswer<ForecastResult>(ctx, "forecast", (result, frame) => {
    // Accuracy is measured over completed periods: the default stored one for the same scope.
    const accuracy = readStoredAnalysis<ForecastAccuracyResult>(
      ctx.deps.db,
      "forecast-accuracy",
      scopeKey(ctx.scope),
    );
    return forecastMessage({
      result,
      ...frame,
      accuracy: "stored" in accuracy ? { result: accuracy.stored.payload } : accuracy,
    });
  });
}

export const forecastCommand: CommandSpec = {
  command: "forecast",
  summary: "base / conservative / upside forecast with assumptions, gap to goal and accuracy",
  usage: "/forecast [period] [scope]",
  args: { period: true, scope: true },
  defaultScope: companyScope,
  build: buildForecast,
};

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

export function register(app: App, deps: SlackDeps): void {
  registerAnswerCommand(app, forecastCommand, deps);
  function forecastAccuracyDetail(ref: AnswerRef, userId: string): Answer | Promise<Answer> {
    return answerCommand(accuracyDetailCommand, deps, { userId, text: ref.args, page: 0 });
  }
  registerAnswerButton(app, deps, {
    actionIds: [ActionIds.forecastAccuracyDetail],
    commands: ["forecast"],
    staleNotice: "This button is from an older version of the app: run /forecast again.",
    answer: forecastAccuracyDetail,
    post: () => ({}),
  });
}
