import { forecastMessage } from "../blocks/forecast";
import { companyScope } from "../src/domain/access";
import type { ForecastResult } from "../src/domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../src/domain/analyses/forecast-accuracy";
import { scopeKey } from "../src/domain/crm";
import type { Answer, AnswerContext, CommandSpec } from "../src/slack/answers/answer-command";
import { readStoredAnalysis } from "../src/slack/answers/reader";
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

/** Its Accuracy detail button is in actions/forecast-accuracy-detail.ts. */
export const forecastCommand: CommandSpec = {
  command: "forecast",
  summary: "base / conservative / upside forecast with assumptions, gap to goal and accuracy",
  usage: "/forecast [period] [scope]",
  args: { period: true, scope: true },
  defaultScope: companyScope,
  build: buildForecast,
};
