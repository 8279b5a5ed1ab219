import { ANALYSIS_SPECS } from "../../domain/analyses/catalog";
import type { DataQualityCheckCode, DataQualityResult } from "../../domain/analyses/data-quality";
import { type Deal, type Scope, scopeKey } from "../../domain/crm";
import type { AnalysisDefinition, AnalysisResult } from "../definition";
import { percent } from "../metrics/percent";
import type { Prepared } from "../prepare/prepare";
import { renderPairs, renderTable } from "../text-table";
import { DATA_QUALITY_RULES, type DataQualityFailure, dataQualityFailures } from "./checks";

export const DATA_QUALITY_TARGET = 0.98;
export const DATA_QUALITY_RECORD_LIMIT = 200;

/** Records, failing deals and failures per check of one group of deals (a rep's, or those of no known rep). */
interface DataQualityTally {
  records: number;
  /** the failing deals' positions in dataset.deals, in id order */
  failing: number[];
  counts: Map<DataQualityCheckCode, number>;
}

function emptyTally(): DataQualityTally {
  return { records: 0, failing: [], counts: new Map() };
}

/** Tallies per owner id in one pass, so that scopes only add up their reps' tallies. */
export function dataQualityTallies(
  deals: readonly Deal[],
  failures: readonly (DataQualityFailure[] | null)[],
): Map<number, DataQualityTally> {
  const byOwner = new Map<number, DataQualityTally>();
  for (let i = 0; i < deals.length; i++) {
    const d = deals[i] as Deal;
    let t = byOwner.get(d.ownerId);
    if (!t) {
      t = emptyTally();
      byOwner.set(d.ownerId, t);
    }
    t.records++;
    const f = failures[i];
    if (!f) continue;
    t.failing.push(i);
    for (const x of f) t.counts.set(x.code, (t.counts.get(x.code) ?? 0) + 1);
  }
  // In id order once here, so that a scope lists its first failing records from the head of each
  // of its tallies instead of sorting all its failing deals. Deals usually come in id order
  // already: then the check is all it costs.
  const byId = (a: number, b: number): number => idOrder(deals[a] as Deal, deals[b] as Deal);
  for (const t of byOwner.values()) if (!inIdOrder(deals, t.failing)) t.failing.sort(byId);
  return byOwner;
}

const idOrder = (a: Deal, b: Deal): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function inIdOrder(deals: readonly Deal[], positions: readonly number[]): boolean {
  for (let k = 1; k < positions.length; k++)
    if (idOrder(deals[positions[k - 1] as number] as Deal, deals[positions[k] as number] as Deal) > 0)
      return false;
  return true;
}

export function dataQualityFor(
  prepared: Prepared,
  tallies: readonly DataQualityTally[],
  failures: readonly (DataQualityFailure[] | null)[],
): DataQualityResult {
  const deals = prepared.dataset.deals;
  const counts = new Map<DataQualityCheckCode, number>();
  // Listed in id order so the capped list is stable from refresh to refresh. Each tally's failing
  // deals are in id order (see dataQualityTallies): the first ones overall are among its first ones.
  const firstFailing: number[] = [];
  let records = 0;
  let total = 0;
  for (const t of tallies) {
    records += t.records;
    total += t.failing.length;
    for (let i = 0; i < t.failing.length && i < DATA_QUALITY_RECORD_LIMIT; i++)
      firstFailing.push(t.failing[i] as number);
    for (const [code, n] of t.counts) counts.set(code, (counts.get(code) ?? 0) + n);
  }
  firstFailing.sort((a, b) => idOrder(deals[a] as Deal, deals[b] as Deal));
  const failing = firstFailing.slice(0, DATA_QUALITY_RECORD_LIMIT).map((at) => {
    const d = deals[at] as Deal;
    return {
      dealId: d.id,
      name: d.name,
      owner: prepared.repsById.get(d.ownerId)?.name ?? null,
      failures: failures[at] ?? [],
    };
  });
  const accuracy = records > 0 ? (records - total) / records : null;
  return {
    asOfDate: prepared.ctx.today,
    records,
    passing: records - total,
    accuracy,
    accuracyNullReason: accuracy === null ? "no_records" : null,
    target: DATA_QUALITY_TARGET,
    meetsTarget: accuracy === null ? null : accuracy > DATA_QUALITY_TARGET,
    checks: (Object.keys(DATA_QUALITY_RULES) as DataQualityCheckCode[]).map((code) => ({
      code,
      rule: DATA_QUALITY_RULES[code],
      failures: counts.get(code) ?? 0,
    })),
    failingRecords: { total, limit: DATA_QUALITY_RECORD_LIMIT, rows: failing },
  };
}

function compute(prepared: Prepared) {
  const deals = prepared.dataset.deals;
  const failures = dataQualityFailures(prepared);
  const tallies = dataQualityTallies(deals, failures);
  const results: AnalysisResult<DataQualityResult>[] = [];
  // Segments are left out: data quality is owned by reps, their teams and regions.
  const scopes: Scope[] = prepared.scopes.filter((s) => s.kind !== "segment");
  for (const scope of scopes) {
    // The company counts every deal, those of owners unknown to the reps list included.
    const groups =
      scope.kind === "company"
        ? [...tallies.values()]
        : prepared.repsIn(scope).map((r) => tallies.get(r.id) ?? emptyTally());
    results.push({
      scope: scopeKey(scope),
      period: "current",
      isDefault: true,
      payload: dataQualityFor(prepared, groups, failures),
    });
  }
  return { results };
}

function renderText(r: DataQualityResult): string {
  return [
    renderPairs([
      ["Records", r.records],
      ["Passing", r.passing],
      [
        "Accuracy",
        r.accuracy === null
          ? "n/a (no records)"
          : `${percent(r.accuracy, 2)} (target > ${percent(r.target, 0)}: ${r.meetsTarget ? "met" : "not met"})`,
      ],
    ]),
    "",
    renderTable(
      ["check", "failures", "rule"],
      r.checks.map((c) => [c.code, c.failures, c.rule]),
      { align: ["left", "right", "left"] },
    ),
    "",
    `Failing records (${r.failingRecords.rows.length} of ${r.failingRecords.total} shown)`,
    renderTable(
      ["deal", "name", "owner", "failed checks"],
      r.failingRecords.rows.map((x) => [
        x.dealId,
        x.name,
        x.owner,
        x.failures.map((f) => `${f.code}${f.value === null ? "" : `=${f.value}`}`).join("; "),
      ]),
      { align: ["left", "left", "left", "left"] },
    ),
  ].join("\n");
}

export const dataQuality: AnalysisDefinition<DataQualityResult> = {
  ...ANALYSIS_SPECS["data-quality"],
  compute,
  renderText,
};
