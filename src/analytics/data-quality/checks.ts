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
  // the stages' holders and open deals' probabilities in one pass over the deals
  const probabilities = new Map<string, number[]>();
  for (const d of deals) {
    hold(d.stage, d.id);
    if (d.isClosed || d.probability === null) continue;
    const list = probabilities.get(d.stage);
    if (list) list.push(d.probability);
    else probabilities.set(d.stage, [d.probability]);
  }
  // History only matters for stages still held by fewer than 2 deals; usually there are none.
  const unsure = new Set(
    [...holders].filter(([, s]) => s.size < DATA_QUALITY_MIN_DEALS_PER_STAGE).map(([k]) => k),
  );
  if (unsure.size > 0) holdFromHistory(prepared.dataset, unsure, hold);

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
 * amount and close date as a deal of smaller id, the smallest such id; undefined for the others.
 * Each deal's fields become a 32-bit hash, the deals are radix-sorted by it, and only runs of equal
 * hashes (the few duplicates, and rare collisions) are compared field by field. A string key per
 * deal in a Map was most of data quality's time at 1M deals; a hash table of deal indexes after it
 * still cost a cache miss per deal in its 8 MB of slots, where the sort reads and writes in order.
 */
export function duplicatesOf(deals: readonly Deal[]): (string | undefined)[] {
  const n = deals.length;
  const { nameId, dateId, hash } = duplicateKeys(deals);
  const { order, keys } = sortedByHash(hash);
  const duplicateOf = new Array<string | undefined>(n);
  // by sorted index: already found to be in the group of an earlier deal of its run
  const grouped = new Uint8Array(n);
  const members: number[] = [];
  let start = 0;
  while (start < n) {
    const top = (keys[start] as number) >>> UNSORTED_BITS;
    let end = start + 1;
    while (end < n && (keys[end] as number) >>> UNSORTED_BITS === top) end++;
    // a run of one hash prefix: a single deal, mostly
    for (let j = start; end - start > 1 && j < end; j++) {
      if (grouped[j] === 1) continue;
      const a = order[j] as number;
      members.length = 0;
      for (let k = j + 1; k < end; k++) {
        const b = order[k] as number;
        if (grouped[k] === 1 || keys[k] !== keys[j] || !sameKey(deals, nameId, dateId, a, b)) continue;
        grouped[k] = 1;
        members.push(b);
      }
      if (members.length === 0) continue;
      members.push(a);
      let smallest = (deals[a] as Deal).id;
      for (const m of members) if ((deals[m] as Deal).id < smallest) smallest = (deals[m] as Deal).id;
      for (const m of members) if ((deals[m] as Deal).id !== smallest) duplicateOf[m] = smallest;
    }
    start = end;
  }
  return duplicateOf;
}

/** Whether the deals at positions a and b have the same account, name, amount and close date. */
function sameKey(
  deals: readonly Deal[],
  nameId: Int32Array,
  dateId: Int32Array,
  a: number,
  b: number,
): boolean {
  const x = deals[a] as Deal;
  const y = deals[b] as Deal;
  return (
    nameId[a] === nameId[b] &&
    dateId[a] === dateId[b] &&
    x.accountId === y.accountId &&
    x.amountCents === y.amountCents
  );
}

/** Per deal, its name (normalized) and close date as small numbers, and a hash of all four fields. */
function duplicateKeys(deals: readonly Deal[]): {
  nameId: Int32Array;
  dateId: Int32Array;
  hash: Uint32Array;
} {
  const n = deals.length;
  // names and close dates as small numbers, each distinct value numbered once
  const nameIds = new Map<string, number>();
  const normalizedIds = new Map<string, number>();
  const dateIds = new Map<string, number>();
  const nameId = new Int32Array(n);
  const dateId = new Int32Array(n);
  const hash = new Uint32Array(n);
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
    // equal fields give equal hashes; `| 0` takes an integer amount's low 32 bits (no % of a double)
    let h = Math.imul(d.accountId ?? -1, 0x9e37_79b1) ^ id;
    h = Math.imul(h ^ (d.amountCents | 0), 0x85eb_ca6b) ^ ((d.amountCents / 4_294_967_296) | 0);
    h = Math.imul(h ^ date, 0xc2b2_ae35);
    hash[i] = (h ^ (h >>> 16)) >>> 0;
  }
  return { nameId, dateId, hash };
}

/** The low bits of a hash the sort leaves unordered: runs of one prefix are a deal or two. */
const UNSORTED_BITS = 10;

/**
 * Positions 0 … n − 1 and their hashes, ordered by the hash's top 22 bits (a stable radix sort,
 * two passes of 11 bits): equal hashes are then next to each other.
 */
function sortedByHash(hash: Uint32Array): { order: Int32Array; keys: Uint32Array } {
  const n = hash.length;
  let order = new Int32Array(n);
  let keys = hash.slice();
  let nextOrder = new Int32Array(n);
  let nextKeys = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const counts = new Int32Array(2048);
  for (let shift = UNSORTED_BITS; shift < 32; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const b = ((keys[i] as number) >>> shift) & 2047;
      counts[b] = (counts[b] as number) + 1;
    }
    let sum = 0;
    for (let b = 0; b < 2048; b++) {
      const c = counts[b] as number;
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i] as number;
      const b = (k >>> shift) & 2047;
      const to = counts[b] as number;
      counts[b] = to + 1;
      nextKeys[to] = k;
      nextOrder[to] = order[i] as number;
    }
    [order, nextOrder] = [nextOrder, order];
    [keys, nextKeys] = [nextKeys, keys];
  }
  return { order, keys };
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
