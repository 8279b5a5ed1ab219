import { describe, expect, it } from "vitest";
import {
  type ClosedRepFigures,
  closedFiguresByOwner,
  dealFigures,
} from "../../../src/analytics/attainment/deal-figures";
import { monthPeriod, quarterPeriod } from "../../../src/domain/period";
import { dataset, deal, prepared, rep } from "../builders";

const A = rep({ id: 1, name: "Ana" });
const B = rep({ id: 2, name: "Ben" });

describe("closed deal figures", () => {
  it("count each rep's closed deals in every period at once, and sum a scope's reps", () => {
    const ds = dataset({
      reps: [A, B],
      deals: [
        // October: Ana won 400 in 10 days, lost 100; Ben won 200 in 30 days
        deal({
          ownerId: 1,
          stage: "Closed Won",
          amountCents: 400,
          createdDate: "2026-10-01",
          closeDate: "2026-10-11",
        }),
        deal({ ownerId: 1, stage: "Closed Lost", amountCents: 100, closeDate: "2026-10-20" }),
        deal({
          ownerId: 2,
          stage: "Closed Won",
          amountCents: 200,
          createdDate: "2026-09-01",
          closeDate: "2026-10-01",
        }),
        // November, in Q4 only: Ana won 600 in 5 days
        deal({
          ownerId: 1,
          stage: "Closed Won",
          amountCents: 600,
          createdDate: "2026-11-25",
          closeDate: "2026-11-30",
        }),
        // open: not counted
        deal({ ownerId: 1, stage: "Proposal", amountCents: 9_999, closeDate: "2026-10-15" }),
      ],
    });
    const [october, q4] = closedFiguresByOwner(prepared(ds, "2027-01-05"), [
      monthPeriod(2026, 10),
      quarterPeriod(2026, 4),
    ]);
    expect(october?.get(1)).toEqual({ won: 1, lost: 1, wonCents: 400, closedCents: 500, cycleDays: [10] });
    expect(q4?.get(1)).toEqual({ won: 2, lost: 1, wonCents: 1_000, closedCents: 1_100, cycleDays: [10, 5] });
    // both reps in October: 2 of 3 won, 600 of 700 by value, 300 a won deal, cycles 10 and 30 days
    expect(dealFigures(october as Map<number, ClosedRepFigures>, [A, B])).toEqual({
      wonDeals: 2,
      lostDeals: 1,
      winRateByCount: 2 / 3,
      winRateByValue: 600 / 700,
      averageWonDealCents: 300,
      medianSalesCycleDays: 20,
      meanSalesCycleDays: 20,
    });
    // Q4, Ana and Ben: cycles 10, 5 and 30: median 10, mean 15
    expect(dealFigures(q4 as Map<number, ClosedRepFigures>, [A, B])).toMatchObject({
      medianSalesCycleDays: 10,
      meanSalesCycleDays: 15,
    });
    expect(dealFigures(new Map(), [A])).toMatchObject({
      wonDeals: 0,
      winRateByCount: null,
      averageWonDealCents: null,
      medianSalesCycleDays: null,
      meanSalesCycleDays: null,
    });
  });
});
