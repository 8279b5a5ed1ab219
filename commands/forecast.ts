import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { forecastMessage } from "../blocks/forecast";
import { accuracyDetailMessage } from "../blocks/forecast-accuracy";
import { ActionIds } from "../blocks/ids";
import type { ForecastResult } from "../src/domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../src/domain/analyses/forecast-accuracy";
import {
  type Answer,
  type AnswerContext,
  answerCommand,
  type CommandSpec,
  notice,
  type SlackDeps,
} from "../src/slack/answer-command";
import { asOfLine } from "../src/slack/as-of";
import { decodeAnswerRef } from "../src/slack/button-value";
import { companyScope } from "../src/slack/default-scopes";
import { scopeKeyOf } from "../src/slack/permissions";
import { readStoredAnalysis } from "../src/slack/reader";
import { registerAnswerCommand, safeAnswer } from "../src/slack/register-answer-command";
import { toResponse } from "../src/slack/respond";

function buildForecast({ deps, args, scope, ref }: AnswerContext): Answer {
  const key = scopeKeyOf(scope);
  const read = readStoredAnalysis<ForecastResult>(deps.db, "forecast", key, args.period);
  if ("missing" in read) return notice(read.missing);
  const { stored } = read;
  // Accuracy is measured over completed periods: the default stored one for the same scope.
  const accuracy = readStoredAnalysis<ForecastAccuracyResult>(deps.db, "forecast-accuracy", key);
  return {
    kind: "answer",
    message: forecastMessage({
      result: stored.payload,
      accuracy: "stored" in accuracy ? { result: accuracy.stored.payload } : accuracy,
      scopeKey: stored.scope,
      asOf: asOfLine(stored, deps.config.WORKSPACE_TIMEZONE),
      currency: deps.config.CURRENCY,
      ref,
    }),
  };
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
  build({ deps, scope, access, ref }: AnswerContext): Answer {
    const read = readStoredAnalysis<ForecastAccuracyResult>(deps.db, "forecast-accuracy", scopeKeyOf(scope));
    if ("missing" in read) return notice(read.missing);
    const { stored } = read;
    return {
      kind: "answer",
      message: accuracyDetailMessage({
        result: stored.payload,
        scopeKey: stored.scope,
        asOf: asOfLine(stored, deps.config.WORKSPACE_TIMEZONE),
        currency: deps.config.CURRENCY,
        // Shared as a forecast answer: the Share button re-posts the forecast, not this detail.
        ref,
        showDetail: access.detail,
      }),
    };
  },
};

export function register(app: App, deps: SlackDeps): void {
  registerAnswerCommand(app, forecastCommand, deps);
  app.action<BlockAction<ButtonAction>>(
    ActionIds.forecastAccuracyDetail,
    async function forecastAccuracyDetail({
      ack,
      body,
      action,
      respond,
    }: SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs): Promise<void> {
      await ack();
      const ref = decodeAnswerRef(action.value);
      if (ref?.command !== "forecast") {
        await respond(
          toResponse(notice("This button is from an older version of the app: run /forecast again.").message),
        );
        return;
      }
      const answer = await safeAnswer(deps, () =>
        answerCommand(accuracyDetailCommand, deps, { userId: body.user.id, text: ref.args, page: 0 }),
      );
      await respond(toResponse(answer.message));
    },
  );
}
