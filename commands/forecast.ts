import { forecastMessage } from "../blocks/forecast";
import { closedForecastMessage } from "../blocks/forecast-closed";
import { companyScope } from "../src/domain/access";
import type { ForecastResult } from "../src/domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../src/domain/analyses/forecast-accuracy";
import { scopeKey } from "../src/domain/crm";
import {
  type Answer,
  type AnswerContext,
  type CommandSpec,
  notice,
} from "../src/slack/answers/answer-command";
import { periodCover, periodList } from "../src/slack/answers/period-cover";
import { readStoredAnalysis } from "../src/slack/answers/reader";
import { storedAnswer } from "../src/slack/answers/stored-answer";

/**
 * A period the forecast does not cover: one that has closed answers with what was forecast
 * against what closed (the stored accuracy), else the answer says what the forecast covers.
 */
function uncoveredPeriod(ctx: AnswerContext): Answer | null {
  const cover = periodCover(ctx, "forecast");
  if (!cover) return null;
  const key = cover.period.key;
  if (cover.ended) {
    const closed = storedAnswer<ForecastAccuracyResult>(ctx, "forecast-accuracy", (result, frame) =>
      closedForecastMessage({ result, ...frame }),
    );
    if (closed.kind === "answer") return closed;
    const measured = periodCover(ctx, "forecast-accuracy")?.covered ?? [];
    return notice(
      `${key} has closed. What was forecast against what closed is stored for ${periodList(measured)}; ` +
        `\`/quota ${key}\` shows what it booked.`,
    );
  }
  return notice(
    `The forecast covers this month, next month, this quarter and next quarter (${periodList(cover.covered)}); ` +
      `${key} is not one of them${cover.suggestion ? `: try \`/forecast ${cover.suggestion}\`` : ""}. ` +
      `\`/quota ${key}\` shows ${key}'s bookings and projection.`,
  );
}

function buildForecast(ctx: AnswerContext): Answer {
  const uncovered = uncoveredPeriod(ctx);
  if (uncovered) return uncovered;
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
