/**
 * The per-record checks of metrics.md "Data quality", run once over every opportunity; scopes
 * then only count. Refinements (documented here and tested):
 * - required fields: name, account, owner, stage, created date and close date.
 * - known stage: a closed stage name ("… Won"/"… Lost") whose closed/won flags agree with it, or an
 *   open stage held (now or in stage history) by at least 2 deals — a stage seen on one deal only
 *   is most likely a typo, since stage names come from the CRM's fixed list. A deal flagged closed
 *   whose stage is not a closed stage name also fails.
 * - probability consistent: |probability − the stage's typical CRM probability| ≤ 25 points, the
 *   typical probability being the median over open deals in that stage (the CRM's own default for
 *   the stage, robust to the few outliers this check is looking for). Comparing with observed stage
 *   win rates instead would flag whole stages whenever the CRM's defaults are miscalibrated, which
 *   is a forecasting question, not a data-entry error. Open deals with a probability only.
 * - duplicate: same account, name (case-insensitive), amount and close date as an earlier deal
 *   (by id); the first of a group passes, the later ones fail pointing at it.
 */
import type { DataQualityCheckCode } from "../domain/analyses/data-quality";
import type { Deal } from "../domain/crm";
import { isClosedStageName, median } from "./deal-stats";
import type { Prepared } from "./prepare";

export const DATA_QUALITY_PROBABILITY_TOLERANCE = 25;
export const DATA_QUALITY_MIN_DEALS_PER_STAGE = 2;

export const DATA_QUALITY_RULES: Record<DataQualityCheckCode, string> = {
  required_fields: "name, account, owner, stage, created date and close date are present",
  amount_positive: "amount is greater than 0",
  close_date_not_past: "an open deal's close date is not before the as-of date",
  known_owner: "the owner is a known rep",
  known_stage: "the stage is a known funnel stage, or a closed stage matching the closed/won flags",
  probability_consistent: `an open deal's probability is within ${DATA_QUALITY_PROBABILITY_TOLERANCE} points of its stage's typical CRM probability`,
  no_duplicate: "no earlier deal has the same account, name, amount and close date",
};

export interface DataQualityFailure {
  code: DataQualityCheckCode;
  value: string | number | null;
}

/** Failures per deal id; deals passing every check are absent. */
export function dataQualityFailures(prepared: Prepared): Map<string, DataQualityFailure[]> {
  const { deals, stageHistory } = prepared.dataset;
  const today = prepared.ctx.today;

  const holders = new Map<string, Set<string>>();
  const hold = (stage: string, id: string) => {
    let s = holders.get(stage);
    if (!s) {
      s = new Set();
      holders.set(stage, s);
    }
    if (s.size < DATA_QUALITY_MIN_DEALS_PER_STAGE) s.add(id);
  };
  for (const d of deals) hold(d.stage, d.id);
  // History only matters for stages still held by fewer than 2 deals; usually there are none.
  const unsure = new Set(
    [...holders].filter(([, s]) => s.size < DATA_QUALITY_MIN_DEALS_PER_STAGE).map(([k]) => k),
  );
  if (unsure.size > 0) {
    for (const h of stageHistory) if (unsure.has(h.stage)) hold(h.stage, h.opportunityId);
  }

  const probabilities = new Map<string, number[]>();
  for (const d of deals) {
    if (d.isClosed || d.probability === null) continue;
    const list = probabilities.get(d.stage);
    if (list) list.push(d.probability);
    else probabilities.set(d.stage, [d.probability]);
  }
  const typical = new Map<string, number>();
  for (const [stage, list] of probabilities) typical.set(stage, median(list) as number);

  // The earliest id of each (account, name, amount, close date) key; every other deal with the key is a duplicate.
  const keys = deals.map(
    (d) =>
      `${d.accountId ?? ""}\u0000${(d.name ?? "").trim().toLowerCase()}\u0000${d.amountCents}\u0000${d.closeDate}`,
  );
  const firstOfKey = new Map<string, string>();
  deals.forEach((d, i) => {
    const key = keys[i] as string;
    const first = firstOfKey.get(key);
    if (first === undefined || d.id < first) firstOfKey.set(key, d.id);
  });
  const duplicateOf = new Map<string, string>();
  deals.forEach((d, i) => {
    const first = firstOfKey.get(keys[i] as string) as string;
    if (first !== d.id) duplicateOf.set(d.id, first);
  });

  const result = new Map<string, DataQualityFailure[]>();
  for (const d of deals) {
    const failures = checkDeal(prepared, d, today, holders, typical, duplicateOf);
    if (failures.length > 0) result.set(d.id, failures);
  }
  return result;
}

function checkDeal(
  prepared: Prepared,
  d: Deal,
  today: string,
  holders: Map<string, Set<string>>,
  typical: Map<string, number>,
  duplicateOf: Map<string, string>,
): DataQualityFailure[] {
  const failures: DataQualityFailure[] = [];
  const missing: string[] = [];
  if (!d.name?.trim()) missing.push("name");
  if (d.accountId === null) missing.push("account");
  if (!d.stage.trim()) missing.push("stage");
  if (!d.createdDate) missing.push("created_date");
  if (!d.closeDate) missing.push("close_date");
  if (missing.length > 0) failures.push({ code: "required_fields", value: missing.join(",") });
  if (d.amountCents <= 0) failures.push({ code: "amount_positive", value: d.amountCents });
  if (!d.isClosed && d.closeDate < today) failures.push({ code: "close_date_not_past", value: d.closeDate });
  if (!prepared.repsById.has(d.ownerId)) failures.push({ code: "known_owner", value: d.ownerId });
  const closedName = isClosedStageName(d.stage);
  const stageKnown = closedName
    ? d.isClosed && d.isWon === /won\s*$/i.test(d.stage.trim())
    : !d.isClosed && (holders.get(d.stage)?.size ?? 0) >= DATA_QUALITY_MIN_DEALS_PER_STAGE;
  if (d.stage.trim() && !stageKnown) failures.push({ code: "known_stage", value: d.stage });
  if (!d.isClosed && d.probability !== null) {
    const expected = typical.get(d.stage);
    if (expected !== undefined && Math.abs(d.probability - expected) > DATA_QUALITY_PROBABILITY_TOLERANCE)
      failures.push({ code: "probability_consistent", value: d.probability });
  }
  const original = duplicateOf.get(d.id);
  if (original !== undefined) failures.push({ code: "no_duplicate", value: original });
  return failures;
}
