import {
  type DataQualityCheckCode,
  type DataQualityResult,
  dataQualityResultSchema,
} from "../domain/analyses/data-quality";
import { type Deal, type Scope, scopeKey } from "../domain/crm";
import { DATA_QUALITY_RULES, type DataQualityFailure, dataQualityFailures } from "./data-quality-checks";
import type { AnalysisDefinition, AnalysisResult } from "./definition";
import type { Prepared } from "./prepare";
import { percent, renderPairs, renderTable } from "./text-table";

export const DATA_QUALITY_TARGET = 0.98;
export const DATA_QUALITY_RECORD_LIMIT = 200;

export function dataQualityFor(
  prepared: Prepared,
  deals: readonly Deal[],
  failures: Map<string, DataQualityFailure[]>,
): DataQualityResult {
  const counts = new Map<DataQualityCheckCode, number>();
  const failingDeals: Deal[] = [];
  for (const d of deals) {
    const f = failures.get(d.id);
    if (!f) continue;
    failingDeals.push(d);
    for (const x of f) counts.set(x.code, (counts.get(x.code) ?? 0) + 1);
  }
  const total = failingDeals.length;
  // Listed in id order so the capped list is stable from refresh to refresh.
  failingDeals.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const failing = failingDeals.slice(0, DATA_QUALITY_RECORD_LIMIT).map((d) => ({
    dealId: d.id,
    name: d.name,
    owner: prepared.repsById.get(d.ownerId)?.name ?? null,
    failures: failures.get(d.id) ?? [],
  }));
  const records = deals.length;
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
  const failures = dataQualityFailures(prepared);
  const results: AnalysisResult<DataQualityResult>[] = [];
  // Segments are left out: data quality is owned by reps, their teams and regions.
  const scopes: Scope[] = prepared.scopes.filter((s) => s.kind !== "segment");
  for (const scope of scopes) {
    const deals = prepared.dealsIn(scope);
    results.push({
      scope: scopeKey(scope),
      period: "current",
      isDefault: true,
      payload: dataQualityFor(prepared, deals, failures),
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
  name: "data-quality",
  definitionVersion: 1,
  title: "Data quality",
  schema: dataQualityResultSchema,
  compute,
  renderText,
};
