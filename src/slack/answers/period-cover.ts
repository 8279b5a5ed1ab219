/**
 * When a scope has an analysis stored but not for the period asked: which periods it covers, and
 * whether the asked period has ended (as of the stored default), so the answer can say plainly
 * what it covers and where the period's figures are instead of "not stored".
 */
import type { AnalysisName } from "../../domain/analyses/catalog";
import { scopeKey } from "../../domain/crm";
import { localDate, type Period, parsePeriod } from "../../domain/period";
import { listStoredKeys } from "../../store/analyses-repository";
import type { AnswerContext } from "./answer-command";
import { readStoredAnalysis } from "./reader";

export interface PeriodCover {
  period: Period;
  /** true when the period ended before the stored analyses' as-of date */
  ended: boolean;
  /** the periods the analysis is stored for, e.g. ["2026-12", "2026-Q4", "2027-01"] */
  covered: string[];
  /** the longest covered period inside the asked one (a quarter of an asked year), else the first covered */
  suggestion: string | null;
}

export function periodCover(ctx: AnswerContext, name: AnalysisName): PeriodCover | null {
  const period = ctx.args.period;
  if (!period) return null;
  const { db, config } = ctx.deps;
  const scope = scopeKey(ctx.scope);
  if ("stored" in readStoredAnalysis(db, name, scope, period)) return null;
  const fallback = readStoredAnalysis(db, name, scope);
  if (!("stored" in fallback)) return null;
  const today = localDate(new Date(fallback.stored.asOf), config.WORKSPACE_TIMEZONE);
  const covered = listStoredKeys(db, name).periods.filter((p) => p !== "current");
  // the longest covered period inside the asked one: a year's quarter before its month
  const inside = covered
    .map((key) => parsePeriod(key, config.FISCAL_YEAR_START_MONTH))
    .filter(
      (p): p is Period =>
        p !== null && p.key !== period.key && p.start >= period.start && p.end <= period.end,
    )
    .sort((a, b) => b.end.localeCompare(a.end) || a.start.localeCompare(b.start))[0]?.key;
  return { period, ended: period.end < today, covered, suggestion: inside ?? covered[0] ?? null };
}

/** "2026-12, 2026-Q4 and 2027-01" */
export function periodList(keys: readonly string[]): string {
  const quoted = keys.map((k) => `\`${k}\``);
  return quoted.length <= 1
    ? (quoted[0] ?? "none")
    : `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}

/**
 * The notice of an analysis of open deals (pipeline, deal risk) for a period it does not cover:
 * a closed period has no open deals left (its figures are in /quota); any other names the covered ones.
 */
export function openDealsCoverNotice(cover: PeriodCover, command: string, what: string): string {
  const key = cover.period.key;
  const covered = `${what} covers the open deals closing in ${periodList(cover.covered)}`;
  if (cover.ended)
    return `${key} has closed, so no open deals are left in it: \`/quota ${key}\` shows what closed, with its deal figures. ${covered}.`;
  return `${covered}; ${key} is not one of them${cover.suggestion ? `: try \`/${command} ${cover.suggestion}\`` : ""}.`;
}
