import { describe, expect, it } from "vitest";
import {
  emptyOpenSums,
  type OpenSums,
  PIPELINE_TOP_PUSHED,
  type PushedDeal,
  pushedOrder,
  sumOpenSums,
} from "../../../src/analytics/pipeline/open-sums";

const pushed = (dealId: string, amountCents: number): PushedDeal => ({
  dealId,
  name: null,
  owner: null,
  stage: "Proposal",
  amountCents,
  firstCloseDate: "2026-11-01",
  closeDate: "2026-12-01",
  pushes: 1,
});

function sums(partial: Partial<OpenSums>): OpenSums {
  return { ...emptyOpenSums(), ...partial };
}

describe("open pipeline sums", () => {
  it("add up a scope's reps: counts, cents and ages, stages in order of first appearance", () => {
    const ana = sums({
      deals: 3,
      cents: 600,
      byStage: new Map([
        ["Proposal", { deals: 2, amountCents: 500 }],
        ["Pilot", { deals: 1, amountCents: 100 }],
      ]),
      bucketDeals: [2, 1, 0, 0, 0],
      bucketCents: [500, 100, 0, 0, 0],
      ageSum: 50,
      stageAges: new Map([["Proposal", { deals: 2, sum: 14 }]]),
      withHistory: 2,
      closeHistoryDeals: 1,
    });
    const ben = sums({
      deals: 2,
      cents: 70,
      byStage: new Map([
        ["Scoping", { deals: 1, amountCents: 30 }],
        ["Proposal", { deals: 1, amountCents: 40 }],
      ]),
      bucketDeals: [0, 0, 0, 0, 2],
      bucketCents: [0, 0, 0, 0, 70],
      ageSum: 400,
      stageAges: new Map([
        ["Scoping", { deals: 1, sum: 3 }],
        ["Proposal", { deals: 1, sum: 6 }],
      ]),
      withHistory: 2,
      closeHistoryDeals: 2,
    });
    const s = sumOpenSums([ana, ben]);
    expect(s).toMatchObject({ deals: 5, cents: 670, ageSum: 450, withHistory: 4, closeHistoryDeals: 3 });
    // Ana's Proposal and Pilot, then Ben's Scoping: the order the scope's deals list them in
    expect([...s.byStage]).toEqual([
      ["Proposal", { deals: 3, amountCents: 540 }],
      ["Pilot", { deals: 1, amountCents: 100 }],
      ["Scoping", { deals: 1, amountCents: 30 }],
    ]);
    expect([...s.stageAges]).toEqual([
      ["Proposal", { deals: 3, sum: 20 }],
      ["Scoping", { deals: 1, sum: 3 }],
    ]);
    expect(s.bucketDeals).toEqual([2, 1, 0, 0, 2]);
    expect(s.bucketCents).toEqual([500, 100, 0, 0, 70]);
    // the parts are left as they were
    expect(ana.byStage.get("Proposal")).toEqual({ deals: 2, amountCents: 500 });
    // a scope of one rep reads that rep's sums; none gives empty sums
    expect(sumOpenSums([ben])).toBe(ben);
    expect(sumOpenSums([])).toMatchObject({ deals: 0, cents: 0, top: [] });
  });

  it("list the largest pushed deals of all reps, ties by deal id", () => {
    const ana = sums({
      pushedDeals: 12,
      pushedCents: 1_000,
      top: [pushed("a1", 90), pushed("a2", 50), pushed("a3", 50)],
    });
    const ben = sums({ pushedDeals: 1, pushedCents: 50, top: [pushed("b0", 50)] });
    const cy = sums({
      pushedDeals: 10,
      pushedCents: 100,
      top: Array.from({ length: PIPELINE_TOP_PUSHED }, (_, i) => pushed(`c${i}`, 10)),
    });
    const s = sumOpenSums([ana, ben, cy]);
    expect(s.pushedDeals).toBe(23);
    expect(s.pushedCents).toBe(1_150);
    expect(s.top.map((x) => x.dealId)).toEqual(["a1", "a2", "a3", "b0", "c0", "c1", "c2", "c3", "c4", "c5"]);
    expect(pushedOrder(pushed("a", 5), pushed("b", 5))).toBeLessThan(0);
    expect(pushedOrder(pushed("b", 6), pushed("a", 5))).toBeLessThan(0);
  });
});
