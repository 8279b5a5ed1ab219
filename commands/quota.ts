import type { AnswerRef } from "../blocks/answer-ref";
import { quotaMessage, REP_ROWS_NOTE } from "../blocks/quota";
import type { Viewer } from "../src/domain/access";
import { companyScope } from "../src/domain/access";
import type { AttainmentResult } from "../src/domain/analyses/attainment";
import { scopeKey } from "../src/domain/crm";
import { parsePeriod, shiftPeriod } from "../src/domain/period";
import type { Answer, AnswerContext, CommandSpec } from "../src/slack/answers/answer-command";
import { teamArg } from "../src/slack/answers/args";
import { readStoredAnalysis } from "../src/slack/answers/reader";
import { storedAnswer } from "../src/slack/answers/stored-answer";

function buildQuota(ctx: AnswerContext): Answer {
  return storedAnswer<AttainmentResult>(ctx, "attainment", (result, frame) =>
    quotaMessage({
      result,
      ...frame,
      showReps: ctx.access.detail,
      repRowsHint: repRowsHint(ctx.viewer, ctx.ref),
      soFar: newMonthSoFar(ctx, result),
    }),
  );
}

/**
 * When no period was asked and the default is a month already closed (the review's first
 * business days), the new month to date, for the answer's one line pointing to it.
 */
function newMonthSoFar(ctx: AnswerContext, result: AttainmentResult): AttainmentResult | undefined {
  if (ctx.args.period || ctx.ref.period || !result.periodComplete || result.period.kind !== "month")
    return undefined;
  const fiscalStart = ctx.deps.config.FISCAL_YEAR_START_MONTH;
  const closed = parsePeriod(result.period.key, fiscalStart);
  if (!closed) return undefined;
  const read = readStoredAnalysis<AttainmentResult>(
    ctx.deps.db,
    "attainment",
    scopeKey(ctx.scope),
    shiftPeriod(closed, 1, fiscalStart),
  );
  return "stored" in read ? read.stored.payload : undefined;
}

/**
 * Where the asker finds the rep rows this answer hides: a manager their teams, a rep their own
 * figures. A shared answer keeps the general note, since the channel is not the sharer.
 */
function repRowsHint(viewer: Viewer, ref: AnswerRef): string {
  if (ref.sharedBy) return REP_ROWS_NOTE;
  const teams = viewer.role === "manager" ? viewer.managedTeamNames : [];
  if (teams.length > 0) {
    const commands = teams.map((t) => `\`/quota ${teamArg(t)}\``);
    return `Rep rows for the ${teams.length === 1 ? "team" : "teams"} you manage: ${commands.join(", ")}`;
  }
  if (viewer.rep) return `${REP_ROWS_NOTE} Your own figures: \`/quota me\`.`;
  return REP_ROWS_NOTE;
}

export const quotaCommand: CommandSpec = {
  command: "quota",
  summary: "quota attainment by rep, team, region and segment; top performers and at-risk reps",
  usage: "/quota [period] [scope]",
  args: { period: true, scope: true },
  defaultScope: companyScope,
  build: buildQuota,
  viewerVariant: repRowsHint,
};
