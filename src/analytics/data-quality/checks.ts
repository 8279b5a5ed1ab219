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
 * - closed after created: the close date is not before the created date (the import accepts such a
 *   deal, as the CRM did; one of the two dates was mistyped). Open deals too: an expected close
 *   before the deal existed is as wrong. Value "close < created", both dates.
 */
import type { DataQualityCheckCode } from "../../domain/analyses/data-quality";
import type { Dataset, Deal } from "../../domain/crm";
import { median } from "../metrics/quantiles";
import { isClosedStageName, isWonStageName } from "../metrics/stages";
import type { Prepared } from "../prepare/prepare";

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
  closed_after_created: "the close date is not before the created date",
};

export interface DataQualityFailure {
  code: DataQualityCheckCode;
  value: string | number | null;
}

/** Each deal's failures, by position in dataset.deals: null for a deal passing every check. */
export function dataQualityFailures(prepared: Prepared): (DataQualityFailure[] | null)[] {
  const { deals } = prepared.dataset;
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
  if (unsure.size > 0) holdFromHistory(prepared.dataset, unsure, hold);

  const probabilities = new Map<string, number[]>();
  for (const d of deals) {
    if (d.isClosed || d.probability === null) continue;
    const list = probabilities.get(d.stage);
    if (list) list.push(d.probability);
    else probabilities.set(d.stage, [d.probability]);
  }
  const typical = new Map<string, number>();
  for (const [stage, list] of probabilities) typical.set(stage, median(list) as number);

  const duplicateOf = duplicatesOf(deals);
  const stages = new Map<string, StageFacts>();
  const result = new Array<DataQualityFailure[] | null>(deals.length);
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    let facts = stages.get(d.stage);
    if (facts === undefined) {
      facts = stageFacts(d.stage);
      stages.set(d.stage, facts);
    }
    result[i] = checkDeal(prepared, d, today, facts, holders, typical, duplicateOf[i]);
  }
  return result;
}

/**
 * Offers `hold` each stage-history row entering a stage of `unsure`, as (stage, deal id). From the
 * history columns when the store loaded them: reading Dataset.stageHistory would build its row
 * objects from the columns just for this (3.9M at 1M deals, most of data quality's time with the
 * garbage collection they cause). The columns hold the same rows, so the same deals are offered.
 */
function holdFromHistory(
  dataset: Dataset,
  unsure: ReadonlySet<string>,
  hold: (stage: string, id: string) => void,
): void {
  const columns = dataset.historyColumns?.stage;
  if (columns === undefined) {
    for (const h of dataset.stageHistory) if (unsure.has(h.stage)) hold(h.stage, h.opportunityId);
    return;
  }
  const { first, value, values } = columns;
  // which distinct values are unsure stages: one lookup per value, not per row
  const wanted = new Uint8Array(values.length);
  let any = false;
  for (let v = 0; v < values.length; v++) {
    if (unsure.has(values[v] as string)) {
      wanted[v] = 1;
      any = true;
    }
  }
  if (!any) return;
  const deals = dataset.deals;
  for (let i = 0; i < deals.length; i++) {
    const end = first[i + 1] as number;
    for (let r = first[i] as number; r < end; r++) {
      const v = value[r] as number;
      if (wanted[v] === 1) hold(values[v] as string, (deals[i] as Deal).id);
    }
  }
}

/**
 * By position in `deals`: for each deal with the same account, name (trimmed, case-insensitive),
 * amount and close date as a deal of smaller id, the smallest such id; undefined for the others. Deals are grouped in a hash table of deal indexes
 * over typed arrays and compared field by field, rather than by a string key per deal in a Map:
 * at 1M deals building and hashing those keys was most of data quality's time.
 */
export function duplicatesOf(deals: readonly Deal[]): (string | undefined)[] {
  const n = deals.length;
  // names and close dates as small numbers, each distinct value numbered once
  const nameIds = new Map<string, number>();
  const normalizedIds = new Map<string, number>();
  const dateIds = new Map<string, number>();
  const nameId = new Int32Array(n);
  const dateId = new Int32Array(n);
  const bits = Math.max(4, Math.ceil(Math.log2(n + 1)) + 1);
  const heads = new Int32Array(1 << bits).fill(-1);
  // per deal: the next group in its slot's chain, and the index of its group's first deal
  const next = new Int32Array(n).fill(-1);
  const groupOf = new Int32Array(n);
  // per group (indexed by its first deal): the index of its deal with the smallest id
  const smallest = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const d = deals[i] as Deal;
    const name = d.name ?? "";
    let id = nameIds.get(name);
    if (id === undefined) {
      const normalized = name.trim().toLowerCase();
      id = normalizedIds.get(normalized);
      if (id === undefined) {
        id = normalizedIds.size;
        normalizedIds.set(normalized, id);
      }
      nameIds.set(name, id);
    }
    nameId[i] = id;
    let date = dateIds.get(d.closeDate);
    if (date === undefined) {
      date = dateIds.size;
      dateIds.set(d.closeDate, date);
    }
    dateId[i] = date;
    let h = Math.imul(d.accountId ?? -1, 0x9e37_79b1) ^ id;
    h =
      (Math.imul(h ^ ((d.amountCents % 4_294_967_296) | 0), 0x85eb_ca6b) ^ (d.amountCents / 4_294_967_296)) |
      0;
    h = Math.imul(h ^ date, 0xc2b2_ae35);
    const slot = (h ^ (h >>> 16)) & (heads.length - 1);
    let g = heads[slot] as number;
    while (g >= 0) {
      const first = deals[g] as Deal;
      if (
        nameId[g] === id &&
        dateId[g] === date &&
        first.accountId === d.accountId &&
        first.amountCents === d.amountCents
      )
        break;
      g = next[g] as number;
    }
    if (g < 0) {
      next[i] = heads[slot] as number;
      heads[slot] = i;
      groupOf[i] = i;
      smallest[i] = i;
    } else {
      groupOf[i] = g;
      if (d.id < (deals[smallest[g] as number] as Deal).id) smallest[g] = i;
    }
  }
  const duplicateOf = new Array<string | undefined>(n);
  for (let i = 0; i < n; i++) {
    const first = (deals[smallest[groupOf[i] as number] as number] as Deal).id;
    duplicateOf[i] = first !== (deals[i] as Deal).id ? first : undefined;
  }
  return duplicateOf;
}

/** What the checks need to know of a stage name, worked out once per distinct name. */
interface StageFacts {
  blank: boolean;
  closedName: boolean;
  wonName: boolean;
}

function stageFacts(stage: string): StageFacts {
  return {
    blank: !stage.trim(),
    closedName: isClosedStageName(stage),
    wonName: isWonStageName(stage),
  };
}

/** The deal's failed checks, or null when it passes every one (most do: no list is made for them). */
function checkDeal(
  prepared: Prepared,
  d: Deal,
  today: string,
  stage: StageFacts,
  holders: Map<string, Set<string>>,
  typical: Map<string, number>,
  /** the id of the earlier deal this one duplicates */
  original: string | undefined,
): DataQualityFailure[] | null {
  let failures: DataQualityFailure[] | null = null;
  if (!d.name?.trim() || d.accountId === null || stage.blank || !d.createdDate || !d.closeDate) {
    const missing: string[] = [];
    if (!d.name?.trim()) missing.push("name");
    if (d.accountId === null) missing.push("account");
    if (stage.blank) missing.push("stage");
    if (!d.createdDate) missing.push("created_date");
    if (!d.closeDate) missing.push("close_date");
    failures = [{ code: "required_fields", value: missing.join(",") }];
  }
  if (d.amountCents <= 0) failures = withFailure(failures, "amount_positive", d.amountCents);
  if (!d.isClosed && d.closeDate < today)
    failures = withFailure(failures, "close_date_not_past", d.closeDate);
  if (!prepared.repsById.has(d.ownerId)) failures = withFailure(failures, "known_owner", d.ownerId);
  const stageKnown = stage.closedName
    ? d.isClosed && d.isWon === stage.wonName
    : !d.isClosed && (holders.get(d.stage)?.size ?? 0) >= DATA_QUALITY_MIN_DEALS_PER_STAGE;
  if (!stage.blank && !stageKnown) failures = withFailure(failures, "known_stage", d.stage);
  if (!d.isClosed && d.probability !== null) {
    const expected = typical.get(d.stage);
    if (expected !== undefined && Math.abs(d.probability - expected) > DATA_QUALITY_PROBABILITY_TOLERANCE)
      failures = withFailure(failures, "probability_consistent", d.probability);
  }
  if (original !== undefined) failures = withFailure(failures, "no_duplicate", original);
  if (d.createdDate && d.closeDate && d.closeDate < d.createdDate) {
    failures = withFailure(failures, "closed_after_created", `${d.closeDate} < ${d.createdDate}`);
  }
  return failures;
}

function withFailure(
  failures: DataQualityFailure[] | null,
  code: DataQualityCheckCode,
  value: DataQualityFailure["value"],
): DataQualityFailure[] {
  if (failures === null) return [{ code, value }];
  failures.push({ code, value });
  return failures;
}
