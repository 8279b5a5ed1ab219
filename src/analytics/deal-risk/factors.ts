/**
 * The deal risk factor table (metrics.md, "Deal risk register") and the scoring of one deal.
 * Each factor has a stable code, the points it adds, a reason text and a mitigation.
 */

import type { RiskDeal, RiskFactor, RiskFactorCode } from "../../domain/analyses/deal-risk";
import type { CloseDateChange, Deal } from "../../domain/crm";
import { daysBetween } from "../../domain/period";

export const RISK_POINTS: Record<RiskFactorCode, number> = {
  stalled: 20,
  pushed_once: 15,
  pushed_repeatedly: 25,
  past_close_date: 20,
  no_recent_activity: 15,
  missing_next_step: 10,
  probability_mismatch: 10,
  concentration: 10,
};

export const MITIGATIONS: Record<RiskFactorCode, string> = {
  stalled: "agree a dated mutual action plan with the champion to move the deal forward",
  pushed_once: "re-confirm the close date with the champion",
  pushed_repeatedly: "re-qualify the deal: confirm budget, decision process and a date the buyer commits to",
  past_close_date: "update the close date after confirming the timeline with the buyer",
  no_recent_activity: "book a call with the buyer this week",
  missing_next_step: "agree a dated next step with the buyer and record it in the CRM",
  probability_mismatch: "review the probability against the stage's exit criteria",
  concentration: "book an executive alignment call",
};

export const STALLED_MULTIPLE = 1.5;
export const INACTIVITY_DAYS = 14;
export const PROBABILITY_GAP_POINTS = 25;
export const CONCENTRATION_MULTIPLE = 3;
export const REGISTER_SIZE = 20;
export const INTERVENTION_SLA_HOURS = 48;

/** Figures shared by every deal's score, computed once per refresh over the whole company. */
export interface RiskBaseline {
  today: string;
  /** median current stage age (days) of open deals per stage, from stage history */
  medianStageAge: Map<string, number>;
  /** trailing-12-month mean won deal size; null with none */
  averageDealSizeCents: number | null;
  /** true when any deal in the data carries a next step (the field is in the export) */
  nextStepPresent: boolean;
  stageRate: (stage: string, probability: number | null) => number;
  executiveScore: number;
  executiveAmountCents: number | null;
}

/**
 * Times the close date moved to a later month. Refinement: "period" in "moved to a later period"
 * is the calendar month (the finest period), so a move from 3 to 28 March is not a push.
 */
export function pushCount(history: readonly CloseDateChange[] | undefined): number {
  if (!history) return 0;
  return pushesAmong(0, history.length, (i) => (history[i] as CloseDateChange).closeDate.slice(0, 7));
}

/** Pushes among rows from … to − 1 (oldest first), given each row's close month ("YYYY-MM"). */
export function pushesAmong(from: number, to: number, monthOf: (row: number) => string): number {
  let pushes = 0;
  for (let r = from + 1; r < to; r++) if (monthOf(r) > monthOf(r - 1)) pushes++;
  return pushes;
}

const pct = (x: number) => `${Math.round(x)}%`;

function factor(code: RiskFactorCode, reason: string): RiskFactor {
  return { code, points: RISK_POINTS[code], reason, mitigation: MITIGATIONS[code] };
}

export interface ScoredFactors {
  score: number;
  factors: RiskFactor[];
  notAssessed: { code: RiskFactorCode; reason: string }[];
}

/**
 * Scores one open deal: the sum of its factors' points, capped at 100. `age`: days in the current
 * stage by the history (metrics/stage-age.ts), null when the history does not show it entering the
 * stage. `closeDateHistory`: the deal's close-date history, or its pushes already counted from it.
 */
export function scoreDeal(
  deal: Deal,
  age: number | null,
  closeDateHistory: readonly CloseDateChange[] | undefined | number,
  base: RiskBaseline,
): ScoredFactors {
  const factors: RiskFactor[] = [];
  const notAssessed: { code: RiskFactorCode; reason: string }[] = [];

  const typical = base.medianStageAge.get(deal.stage);
  if (age === null) notAssessed.push({ code: "stalled", reason: "no stage history" });
  else if (typical !== undefined && age > STALLED_MULTIPLE * typical)
    factors.push(factor("stalled", `stalled in ${deal.stage} ${age} days (median ${Math.round(typical)})`));

  const pushes = typeof closeDateHistory === "number" ? closeDateHistory : pushCount(closeDateHistory);
  if (pushes === 1) factors.push(factor("pushed_once", "pushed once"));
  else if (pushes === 2) factors.push(factor("pushed_repeatedly", "pushed twice"));
  else if (pushes > 2) factors.push(factor("pushed_repeatedly", `pushed ${pushes} times`));

  if (deal.closeDate < base.today) {
    const overdue = daysBetween(deal.closeDate, base.today);
    factors.push(
      factor("past_close_date", `close date passed ${overdue} day${overdue === 1 ? "" : "s"} ago`),
    );
  }

  if (deal.lastActivityDate === null)
    notAssessed.push({ code: "no_recent_activity", reason: "no activity date" });
  else {
    const idle = daysBetween(deal.lastActivityDate.slice(0, 10), base.today);
    if (idle >= INACTIVITY_DAYS) factors.push(factor("no_recent_activity", `no activity ${idle} days`));
  }

  if (!base.nextStepPresent)
    notAssessed.push({ code: "missing_next_step", reason: "next step not in the data" });
  else if (deal.nextStep === null || deal.nextStep.trim() === "")
    factors.push(factor("missing_next_step", "no next step"));

  if (deal.probability === null)
    notAssessed.push({ code: "probability_mismatch", reason: "no CRM probability" });
  else {
    const stagePct = base.stageRate(deal.stage, deal.probability) * 100;
    if (Math.abs(deal.probability - stagePct) > PROBABILITY_GAP_POINTS)
      factors.push(
        factor(
          "probability_mismatch",
          `probability ${pct(deal.probability)} vs stage win rate ${pct(stagePct)}`,
        ),
      );
  }

  if (base.averageDealSizeCents === null || base.averageDealSizeCents <= 0)
    notAssessed.push({ code: "concentration", reason: "no won deal in the trailing 12 months" });
  else if (deal.amountCents > CONCENTRATION_MULTIPLE * base.averageDealSizeCents) {
    const multiple = deal.amountCents / base.averageDealSizeCents;
    factors.push(factor("concentration", `amount ${multiple.toFixed(1)}× average deal size`));
  }

  const score = Math.min(
    100,
    factors.reduce((s, f) => s + f.points, 0),
  );
  return { score, factors, notAssessed };
}

/** "pushed twice, no activity 19 days" */
export function summarize(factors: readonly RiskFactor[]): string {
  return factors.map((f) => f.reason).join(", ");
}

export function isExecutiveFlagged(
  deal: Pick<RiskDeal, "score" | "amountCents">,
  base: RiskBaseline,
): boolean {
  return (
    deal.score >= base.executiveScore &&
    base.executiveAmountCents !== null &&
    deal.amountCents >= base.executiveAmountCents
  );
}
