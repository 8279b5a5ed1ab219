import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../../src/domain/period";
import { dataset, prepared, quota, rep } from "../builders";

const A = rep({ id: 1, name: "Ana" });
const B = rep({ id: 2, name: "Ben" });
const C = rep({ id: 3, name: "Cy" });

describe("quota lookup", () => {
  it("tells no quota (undefined) from a zero quota", () => {
    const p = prepared(
      dataset({ reps: [A, B, C], quotas: [quota(1, "2026-11", 0), quota(2, "2026-Q1", 500)] }),
      "2026-11-15",
    );
    const q = p.quotaOf;
    const period = (k: string) => parsePeriod(k) ?? (null as never);
    expect(q(1, period("2026-11"))).toBe(0);
    expect(q(1, period("2026-12"))).toBeUndefined();
    expect(q(3, period("2026-11"))).toBeUndefined(); // no quota rows at all
    expect(q(2, period("2026-Q2"))).toBeUndefined();
  });

  it("sums a year over quarters given at either grain, in the fiscal calendar", () => {
    // Fiscal year from February: FY2027 runs 2026-02 .. 2027-01; its Q1 is Feb–Apr 2026.
    const fiscal = 2;
    const p = prepared(
      dataset({
        reps: [A],
        quotas: [
          quota(1, "2027-Q1", 900), // Feb–Apr 2026 as a quarter
          quota(1, "2026-05", 100), // Q2 only from two of its months
          quota(1, "2026-07", 200),
          quota(1, "2027-01", 50), // Q4's last month
          quota(1, "2026-01", 7_000), // FY2026: outside the year
        ],
      }),
      "2026-11-15",
      { fiscalStartMonth: fiscal },
    );
    const q = p.quotaOf;
    const period = (k: string) => parsePeriod(k, fiscal) ?? (null as never);
    // 900 + (100 + 200) + nothing in Q3 + 50 = 1,250
    expect(q(1, period("FY2027"))).toBe(1_250);
    expect(q(1, period("2027-Q2"))).toBe(300);
    expect(q(1, period("2027-Q3"))).toBeUndefined();
    // March is the second month of the Feb–Apr quarter: 600 − 300 = 300
    expect(q(1, period("2026-03"))).toBe(300);
  });
});
