import { describe, expect, it } from "vitest";
import {
  allocateProportional,
  capChange,
  rampFactor,
  scenarioVariance,
} from "../../../src/analytics/territory/allocation";
import { territory } from "../../../src/analytics/territory/territory";
import type { TerritoryResult } from "../../../src/domain/analyses/territory";
import type { Dataset } from "../../../src/domain/crm";
import { parsePeriod } from "../../../src/domain/period";
import { dataset, deal, prepared, quota, rep } from "../builders";
import { computeChecked, payloadFor } from "../results";

const TODAY = "2026-11-25";
const SCHEDULE = [0.25, 0.5, 0.75];

function run(ds: Dataset) {
  return computeChecked(territory, prepared(ds, TODAY), "Territory plan");
}

function get(results: ReturnType<typeof run>, scope: string, period = "2027-Q1"): TerritoryResult {
  return payloadFor(results, scope, period);
}

function company(): Dataset {
  return dataset({
    reps: [
      rep({ id: 1, name: "Ana", team: "West", region: "A" }),
      rep({ id: 2, name: "Ben", team: "West", region: "A" }),
      rep({ id: 3, name: "Cy", team: "West", region: "A", hireDate: "2027-01-10" }),
      rep({ id: 4, name: "Dee", team: "East", region: "B" }),
      rep({ id: 5, name: "Eve", team: "North", region: "A" }),
      rep({ id: 6, name: "Fay", team: "South", region: "B" }),
    ],
    deals: [
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 6_000_000, closeDate: "2026-05-01" }),
      deal({ ownerId: 1, amountCents: 4_000_000, closeDate: "2027-02-01" }),
      deal({ ownerId: 2, stage: "Closed Won", amountCents: 3_000_000, closeDate: "2026-06-01" }),
      // before the trailing four quarters (2026-01-01 to today): not potential
      deal({ ownerId: 2, stage: "Closed Won", amountCents: 9_999_900, closeDate: "2025-12-15" }),
      deal({ ownerId: 2, amountCents: 2_000_000, closeDate: "2027-01-15" }),
      deal({ ownerId: 3, amountCents: 10_000_000, closeDate: "2027-03-01" }),
      deal({ ownerId: 4, stage: "Closed Won", amountCents: 8_000_000, closeDate: "2026-09-01" }),
      deal({ ownerId: 5, amountCents: 30_000_000, closeDate: "2027-02-01" }),
      deal({ ownerId: 6, amountCents: 1_000_000, closeDate: "2027-02-01" }),
    ],
    quotas: [
      quota(1, "2027-Q1", 5_000_000),
      quota(2, "2027-Q1", 5_000_000),
      // East has no Q1 quota yet: its Q4 quota carries over × 1.0
      quota(4, "2026-10", 2_000_000),
      quota(4, "2026-11", 2_500_000),
      quota(4, "2026-12", 2_500_000),
    ],
  });
}

describe("ramp, allocation and scenario primitives", () => {
  const q1 = parsePeriod("2027-Q1") as NonNullable<ReturnType<typeof parsePeriod>>;
  it("ramps new hires 25/50/75% in their first three months", () => {
    // hired in January: months 1, 2, 3 → (0.25 + 0.5 + 0.75) / 3 = 0.5
    expect(rampFactor("2027-01-10", q1, SCHEDULE)).toBeCloseTo(0.5, 12);
    // hired in December: Jan = month 2, Feb = 3, Mar = 4 → (0.5 + 0.75 + 1) / 3 = 0.75
    expect(rampFactor("2026-12-05", q1, SCHEDULE)).toBeCloseTo(0.75, 12);
    // hired in February: Jan not yet (0), Feb 0.25, Mar 0.5 → 0.25
    expect(rampFactor("2027-02-01", q1, SCHEDULE)).toBeCloseTo(0.25, 12);
    expect(rampFactor("2026-01-01", q1, SCHEDULE)).toBe(1);
    expect(rampFactor(null, q1, SCHEDULE)).toBe(1);
  });

  it("splits cents in proportion and keeps the total exact", () => {
    expect(allocateProportional(10_000_000, [100, 50, 50])).toEqual([5_000_000, 2_500_000, 2_500_000]);
    // 100 / 3 = 33.33 each; the cent left over goes to the first
    expect(allocateProportional(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProportional(90, [0, 0, 0])).toEqual([30, 30, 30]);
    expect(allocateProportional(90, [])).toEqual([]);
  });

  it("caps a change at ±20% and measures scenario variance", () => {
    expect(capChange(2_500_000, 5_000_000, 0.2)).toBe(4_000_000);
    expect(capChange(9_000_000, 5_000_000, 0.2)).toBe(6_000_000);
    expect(capChange(5_500_000, 5_000_000, 0.2)).toBe(5_500_000);
    expect(capChange(2_500_000, null, 0.2)).toBe(2_500_000);
    // (185 − 170) / 170 = 0.0882
    expect(scenarioVariance([170, 170, 185], 170)).toBeCloseTo(15 / 170, 12);
    expect(scenarioVariance([0, 0], 0)).toBeNull();
  });
});

describe("territory plan", () => {
  it("splits each team's quota by potential × ramp", () => {
    const r = get(run(company()), "company");
    const reps = new Map(r.reps.map((x) => [x.name, x]));
    // potentials: Ana 60,000 + 40,000 = 100,000; Ben 30,000 + 20,000 = 50,000; Cy 100,000 at ramp 0.5
    expect(reps.get("Ana")?.potentialCents).toBe(10_000_000);
    expect(reps.get("Ben")?.potentialCents).toBe(5_000_000);
    expect(reps.get("Cy")?.rampFactor).toBeCloseTo(0.5, 12);
    // West quota 50,000 + 50,000 = 100,000 by weights 100,000 : 50,000 : 50,000 → 50,000 / 25,000 / 25,000
    expect(reps.get("Ana")?.proposedQuotaCents).toBe(5_000_000);
    expect(reps.get("Ben")?.proposedQuotaCents).toBe(2_500_000);
    expect(reps.get("Cy")?.proposedQuotaCents).toBe(2_500_000);
    // capped: Ben may fall only to 80% of 50,000 = 40,000; Cy had no quota (0) so is not capped
    expect(reps.get("Ben")?.cappedQuotaCents).toBe(4_000_000);
    expect(reps.get("Cy")?.cappedQuotaCents).toBe(2_500_000);
    // East: no Q1 quota, Q4 months 20,000 + 25,000 + 25,000 = 70,000 carried over
    const east = r.territories.find((t) => t.team === "East");
    expect(east?.quotaSource).toBe("previous_quarter");
    expect(east?.teamQuotaCents).toBe(7_000_000);
    expect(reps.get("Dee")?.proposedQuotaCents).toBe(7_000_000);
    expect(r.territories.find((t) => t.team === "North")?.quotaSource).toBe("none");
    expect(reps.get("Eve")?.proposedQuotaCents).toBeNull();
  });

  it("scores fairness of current and proposed quotas and the scenario variance", () => {
    const r = get(run(company()), "company");
    // ramped reps' quota / potential now: Ana 0.5, Ben 1.0, Dee 0.875 (Eve, Fay have no quota; Cy ramping)
    // Gini: sorted [0.5, 0.875, 1], Σ = 2.375, Σ i·x = 5.25 → 2 × 5.25 / (3 × 2.375) − 4/3 = 0.14035
    expect(r.fairness.current.value).toBeCloseTo(1 - (10.5 / 7.125 - 4 / 3), 10);
    // proposed: [0.5, 0.5, 0.875], Σ = 1.875, Σ i·x = 4.125 → 8.25 / 5.625 − 4/3 = 0.13333 → 0.86667
    expect(r.fairness.proposed.value).toBeCloseTo(1 - (8.25 / 5.625 - 4 / 3), 10);
    expect(r.fairness.target).toBe(0.85);
    // totals: keep 100,000 + 70,000 = 170,000; proportional 170,000; capped 50 + 40 + 25 + 70 = 185,000
    expect(r.scenarios.map((s) => [s.code, s.totalPlanCents])).toEqual([
      ["keep_current", 17_000_000],
      ["proportional", 17_000_000],
      ["proportional_capped", 18_500_000],
    ]);
    expect(r.scenarioVariance.value).toBeCloseTo(15 / 170, 10);
    // within West, proportional makes Ana and Ben equal (0.5, 0.5) → fairness 1; now [0.5, 1] → 1 − 1/6
    const west = r.territories.find((t) => t.team === "West");
    expect(west?.fairnessProposed.value).toBeCloseTo(1, 12);
    expect(west?.fairnessCurrent.value).toBeCloseTo(1 - (5 / 3 - 1.5), 12);
  });

  it("finds coverage gaps against the median potential per rep", () => {
    const r = get(run(company()), "company");
    // per ramped rep: West 250,000 / 2.5 = 100,000; East 80,000; North 300,000; South 10,000
    // median (80,000 + 100,000) / 2 = 90,000: North > 135,000 under-covered, South < 45,000 over-covered
    expect(r.medianPotentialPerRepCents).toBe(9_000_000);
    expect(
      Object.fromEntries(r.territories.map((t) => [t.team, [t.potentialPerRepCents, t.coverageGap]])),
    ).toEqual({
      East: [8_000_000, "balanced"],
      North: [30_000_000, "under_covered"],
      South: [1_000_000, "over_covered"],
      West: [10_000_000, "balanced"],
    });
  });

  it("rolls teams up to regions and the company", () => {
    const results = run(company());
    const c = get(results, "company");
    const a = get(results, "region:A");
    const b = get(results, "region:B");
    expect(a.territories.map((t) => t.team)).toEqual(["North", "West"]);
    const potential = (x: TerritoryResult) => x.territories.reduce((s, t) => s + t.potentialCents, 0);
    expect(potential(a) + potential(b)).toBe(potential(c));
    const teams = ["West", "East", "North", "South"].map((t) => get(results, `team:${t}`));
    expect(teams.reduce((s, t) => s + potential(t), 0)).toBe(potential(c));
    // a rep's proposed quota does not depend on the scope it is seen from
    expect(get(results, "team:West").reps.find((x) => x.name === "Ben")?.proposedQuotaCents).toBe(2_500_000);
    expect(results.some((x) => x.scope.startsWith("rep:"))).toBe(false);
    expect(results.filter((x) => x.scope === "company").map((x) => [x.period, x.isDefault])).toEqual([
      ["2027-Q1", true],
      ["2026-Q4", false],
    ]);
  });

  it("gives defined answers with no quotas, no deals, or a rep with no deals", () => {
    const r = get(run(dataset({ reps: [rep({ id: 1, name: "Ana", team: "West" })] })), "company");
    expect(r.scenarioVariance).toEqual({
      value: null,
      reason: "no quotas for the planned or previous quarter",
    });
    expect(r.fairness.current.value).toBeNull();
    expect(r.territories[0]).toMatchObject({ potentialCents: 0, coverageGap: null, teamQuotaCents: null });
    // quota but no potential anywhere: split equally, no fairness (no potential to compare with)
    const q = get(
      run(
        dataset({
          reps: [rep({ id: 1, name: "Ana", team: "West" }), rep({ id: 2, name: "Ben", team: "West" })],
          quotas: [quota(1, "2027-Q1", 100), quota(2, "2027-Q1", 100)],
        }),
      ),
      "company",
    );
    expect(q.reps.map((x) => x.proposedQuotaCents)).toEqual([100, 100]);
    expect(q.fairness.proposed.value).toBeNull();
    expect(q.scenarioVariance.value).toBe(0);
    const empty = run(dataset());
    expect(get(empty, "company").territories).toEqual([]);
  });
});
