/**
 * Deal risk factors at their thresholds (metrics.md): no activity for 14+ days, and an amount
 * more than 3 × the average deal (exactly 3 × is not concentration).
 */
import { describe, expect, it } from "vitest";
import { type RiskBaseline, scoreDeal } from "../../src/analytics/deal-risk/factors";
import { addDays } from "../../src/domain/period";
import { deal } from "../analytics/builders";

const TODAY = "2026-11-24";

const base: RiskBaseline = {
  today: TODAY,
  medianStageAge: new Map(),
  averageDealSizeCents: 2_000_00,
  nextStepPresent: false,
  stageRate: () => 0.3,
  executiveScore: 60,
  executiveAmountCents: null,
};

/** An open deal closing next month with only the given fields set, scored as of TODAY. */
function codes(partial: Parameters<typeof deal>[0]): string[] {
  return scoreDeal(deal({ closeDate: "2026-12-15", ...partial }), 3, undefined, base).factors.map(
    (f) => f.code,
  );
}

describe("no recent activity", () => {
  it("is a factor at exactly 14 days without activity, and not at 13", () => {
    expect(codes({ ownerId: 1, lastActivityDate: addDays(TODAY, -14) })).toEqual(["no_recent_activity"]);
    expect(codes({ ownerId: 1, lastActivityDate: addDays(TODAY, -13) })).toEqual([]);
  });

  it("reads an activity timestamp by its date, and says how many days", () => {
    const s = scoreDeal(
      deal({ ownerId: 1, closeDate: "2026-12-15", lastActivityDate: `${addDays(TODAY, -14)}T23:59:00Z` }),
      3,
      undefined,
      base,
    );
    expect(s.factors).toEqual([expect.objectContaining({ code: "no_recent_activity", points: 15 })]);
    expect(s.factors[0]?.reason).toBe("no activity 14 days");
    expect(s.score).toBe(15);
  });
});

describe("concentration", () => {
  it("is not a factor at exactly 3 × the average deal, and is one cent above", () => {
    expect(codes({ ownerId: 1, amountCents: 6_000_00 })).toEqual([]);
    expect(codes({ ownerId: 1, amountCents: 6_000_01 })).toEqual(["concentration"]);
  });
});
