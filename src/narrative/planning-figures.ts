import type { AttainmentResult } from "../domain/analyses/attainment";
import type { TerritoryResult } from "../domain/analyses/territory";
import { count, date, money, type PlanningCheckInFigures, percent, period, score, text } from "./figures";

/** Seed 001's four weeks, each with what it must produce. */
export const PLANNING_WEEK_GOALS = [
  "the current-state assessment package",
  "the planning scenarios and models",
  "the approved revenue plan, territories and quotas",
  "the plan communicated and rolled out",
] as const;

/** The executive alignment session, which the planning deck is made for, is week 3. */
export const EXECUTIVE_SESSION_WEEK = 3;

/**
 * A quarterly planning check-in's figures from the stored analyses (company scope): attainment of
 * the quarter being closed and the territory plan of the quarter after it.
 */
export function planningCheckInFigures(a: {
  currency: string;
  attainment: Pick<AttainmentResult, "period" | "bookingsCents" | "quotaCents" | "attainment">;
  territory: TerritoryResult;
  /** week of the cycle, 1–4; default the executive session's */
  week?: number;
}): PlanningCheckInFigures {
  const t = a.territory;
  const q = a.attainment;
  const week = a.week ?? EXECUTIVE_SESSION_WEEK;
  const goal = PLANNING_WEEK_GOALS[week - 1];
  if (goal === undefined) throw new RangeError(`planning week ${week}: the cycle has weeks 1 to 4`);
  const ratio = (f: { value: number | null }, as = percent) => (f.value === null ? null : as(f.value));
  return {
    ritual: "planning-check-in",
    currency: a.currency,
    asOf: date(t.asOfDate),
    plannedPeriod: period(t.plannedPeriod.key, t.plannedPeriod.start, t.plannedPeriod.end),
    week: count(week, "weeks"),
    weeksInCycle: count(PLANNING_WEEK_GOALS.length, "weeks"),
    weekGoal: text(goal),
    currentQuarter: {
      period: period(q.period.key, q.period.start, q.period.end),
      bookings: money(q.bookingsCents),
      plan: q.quotaCents > 0 ? money(q.quotaCents) : null,
      attainment: q.attainment === null ? null : percent(q.attainment),
    },
    scenarios: t.scenarios.map((s) => ({ name: text(s.name), totalPlan: money(s.totalPlanCents) })),
    scenarioVariance: ratio(t.scenarioVariance),
    scenarioVarianceTarget: percent(t.scenarioVarianceTarget),
    fairness: {
      current: ratio(t.fairness.current, score),
      proposed: ratio(t.fairness.proposed, score),
      target: score(t.fairness.target),
    },
    coverageGaps: t.territories.flatMap((territory) =>
      territory.coverageGap === "under_covered" || territory.coverageGap === "over_covered"
        ? [{ team: text(territory.team), gap: territory.coverageGap }]
        : [],
    ),
  };
}
