/**
 * Running an analysis in a test as a refresh would, and picking one scope's payload out of its
 * results; shared by the analyses' suites. Extend additively.
 */
import { expect } from "vitest";
import type { AnalysisDefinition, AnalysisResult } from "../../src/analytics/definition";
import type { Prepared } from "../../src/analytics/prepare/prepare";
import type { Dataset } from "../../src/domain/crm";
import { dataset, deal, rep } from "./builders";

/**
 * The analysis's results for `p`, each payload checked as the store would take it: it passes its
 * schema and survives JSON unchanged (no NaN, Infinity or undefined); with `textContains`, its
 * `rituals analyze` text contains that too.
 */
export function computeChecked<T>(
  analysis: AnalysisDefinition<T>,
  p: Prepared,
  textContains?: string,
): AnalysisResult<T>[] {
  const out = analysis.compute(p);
  for (const r of out.results) {
    expect(analysis.schema.parse(r.payload)).toEqual(r.payload);
    expect(JSON.parse(JSON.stringify(r.payload))).toEqual(r.payload);
    if (textContains !== undefined)
      expect(analysis.renderText(r.payload, { scope: r.scope, period: r.period, currency: "USD" })).toContain(
        textContains,
      );
  }
  return out.results;
}

/** The payload stored for a scope (and period, when given); throws naming them when there is none. */
export function payloadFor<T>(
  results: readonly Pick<AnalysisResult<T>, "scope" | "period" | "payload">[],
  scope: string,
  period?: string,
): T {
  const r = results.find((x) => x.scope === scope && (period === undefined || x.period === period));
  if (!r)
    throw new Error(period === undefined ? `no result for ${scope}` : `no result for ${scope} ${period}`);
  return r.payload;
}

/**
 * Reps Ana (West, id 1) and Bo (East, id 2), and two $1 open deals closing far ahead (on
 * `closeDate`) that fix the stage win rates through their CRM probability: Discovery 0.2,
 * Proposal 0.5. The forecasting suites build their months on it.
 */
export function twoRepsWithStageRates(closeDate: string): Dataset {
  return dataset({
    reps: [rep({ id: 1, name: "Ana", team: "West" }), rep({ id: 2, name: "Bo", team: "East" })],
    deals: [
      deal({
        id: "R1",
        ownerId: 1,
        stage: "Discovery",
        probability: 20,
        amountCents: 100,
        createdDate: "2026-08-01",
        closeDate,
      }),
      deal({
        id: "R2",
        ownerId: 2,
        stage: "Proposal",
        probability: 50,
        amountCents: 100,
        createdDate: "2026-08-01",
        closeDate,
      }),
    ],
  });
}
