import type { AnswerViewFrame } from "../../../blocks/answer";
import type { Message } from "../../../blocks/message";
import type { AnalysisName } from "../../domain/analyses/catalog";
import { scopeKey } from "../../domain/crm";
import { type Period, parsePeriod } from "../../domain/period";
import { type Answer, type AnswerContext, notice } from "./answer-command";
import { asOfLine } from "./as-of";
import { readStoredAnalysis } from "./reader";

/**
 * The ref the answer's buttons carry: with the period read when none was asked for, so Next shows
 * more of this period even after a refresh has moved the default on. Not for answers that always
 * read their default (`period: null`): their stored period ("current") is not one a user names.
 */
function shownRef(ctx: AnswerContext, storedPeriod: string, defaultOnly: boolean): AnswerContext["ref"] {
  if (defaultOnly || ctx.ref.period !== undefined) return ctx.ref;
  const period = parsePeriod(storedPeriod, ctx.deps.config.FISCAL_YEAR_START_MONTH);
  return period ? { ...ctx.ref, period: period.key } : ctx.ref;
}

/**
 * The shape every stored-analysis command shares: read the latest stored result for the resolved
 * scope (and the asked period, unless `period: null`), answer with a notice when there is none,
 * else build the message from the payload and the common frame (scope, trace line, currency, ref).
 */
export function storedAnswer<T>(
  ctx: AnswerContext,
  name: AnalysisName,
  build: (payload: T, frame: AnswerViewFrame) => Message,
  options: { period?: Period | null } = {},
): Answer {
  const period = options.period === null ? undefined : (options.period ?? ctx.args.period);
  const read = readStoredAnalysis<T>(ctx.deps.db, name, scopeKey(ctx.scope), period);
  if ("missing" in read) return notice(read.missing);
  const { stored } = read;
  const frame: AnswerViewFrame = {
    scopeKey: stored.scope,
    asOf: asOfLine(stored, ctx.deps.config.WORKSPACE_TIMEZONE),
    currency: ctx.deps.config.CURRENCY,
    ref: shownRef(ctx, stored.period, options.period === null),
  };
  return { kind: "answer", message: build(stored.payload, frame) };
}
