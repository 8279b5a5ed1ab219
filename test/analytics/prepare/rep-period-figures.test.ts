import { describe, expect, it } from "vitest";
import { repPeriodFiguresLookup } from "../../../src/analytics/prepare/rep-period-figures";
import { monthPeriod } from "../../../src/domain/period";
import { dataset, deal, rep } from "../builders";

const A = rep({ id: 1, name: "Ana" });
const B = rep({ id: 2, name: "Ben" });

function lookup(today: string) {
  const ds = dataset({
    reps: [A, B],
    deals: [
      // November: Ana won 300 on the first day and 200 on the last, lost 1,000
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 300, closeDate: "2026-11-01" }),
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 200, closeDate: "2026-11-30" }),
      deal({ ownerId: 1, stage: "Closed Lost", amountCents: 1_000, closeDate: "2026-11-15" }),
      // Ana's open November pipeline: 101 at 50% + 99 at 25% = 50.5 + 24.75 = 75.25 → 75
      deal({ ownerId: 1, stage: "Proposal", amountCents: 101, closeDate: "2026-11-20" }),
      deal({ ownerId: 1, stage: "Discovery", amountCents: 99, closeDate: "2026-11-20" }),
      // the days either side of November
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 7, closeDate: "2026-10-31" }),
      deal({ ownerId: 2, stage: "Proposal", amountCents: 5, closeDate: "2026-12-01" }),
      // Ben: one open deal at 50%: 3 × 0.5 = 1.5 → 2
      deal({ ownerId: 2, stage: "Proposal", amountCents: 3, closeDate: "2026-11-02" }),
      // an owner who is not a rep
      deal({ ownerId: 9, stage: "Closed Won", amountCents: 1_000_000, closeDate: "2026-11-10" }),
    ],
  });
  const rate = (stage: string) => (stage === "Proposal" ? 0.5 : 0.25);
  return repPeriodFiguresLookup(ds, today, (repId) => (repId === 1 ? 10_000 : undefined), rate);
}

describe("rep period figures", () => {
  it("sum each rep's won and open deals closing in the period, bounds included", () => {
    const figures = lookup("2026-11-18")(monthPeriod(2026, 11));
    expect([...figures]).toEqual([
      [
        1,
        {
          bookingsCents: 500,
          wonDeals: 2,
          quotaCents: 10_000,
          openDeals: 2,
          openCents: 200,
          weightedCents: 75,
        },
      ],
      [2, { bookingsCents: 0, wonDeals: 0, quotaCents: 0, openDeals: 1, openCents: 3, weightedCents: 2 }],
    ]);
  });

  it("leave open deals out once the period has ended, and answer any period asked for", () => {
    const of = lookup("2026-12-05");
    expect(of(monthPeriod(2026, 11)).get(1)).toMatchObject({
      bookingsCents: 500,
      openDeals: 0,
      weightedCents: 0,
    });
    expect(of(monthPeriod(2026, 10)).get(1)).toMatchObject({ bookingsCents: 7, wonDeals: 1 });
    expect(of(monthPeriod(2026, 12)).get(2)).toMatchObject({ openDeals: 1, openCents: 5, weightedCents: 3 });
    // a month with no close date at all
    expect(of(monthPeriod(2027, 3)).get(1)).toMatchObject({ bookingsCents: 0, openDeals: 0 });
    expect(of(monthPeriod(2026, 11))).toBe(of(monthPeriod(2026, 11)));
  });
});
