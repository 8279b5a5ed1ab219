/**
 * The trailing 12 months (close date in (today − 365, today]) at its edges: for stage win rates
 * and for the average won deal size that deal risk's concentration factor compares against.
 */
import { describe, expect, it } from "vitest";
import { riskBaseline } from "../../src/analytics/deal-risk/deal-risk";
import { stageWinRates } from "../../src/analytics/metrics/stages";
import { addDays } from "../../src/domain/period";
import { dataset, deal, prepared, rep } from "../analytics/builders";

const TODAY = "2026-11-24";
const ORDER = ["Discovery", "Proposal"];

/** One closed deal per close date: won when `won`, else lost. */
function closedOn(dates: string[], won: boolean) {
  return dates.map((closeDate) =>
    deal({ ownerId: 1, stage: won ? "Closed Won" : "Closed Lost", closeDate, amountCents: 1_000_00 }),
  );
}

describe("the stage win-rate window", () => {
  it("counts a deal closed 364 days ago or today, not one closed 365 days ago or tomorrow", () => {
    expect(addDays(TODAY, -365)).toBe("2025-11-24");
    const deals = [
      ...closedOn(["2025-11-24"], true), // 365 days ago: outside
      ...closedOn(["2025-11-25"], true), // 364 days ago: inside
      ...closedOn([TODAY], false), // today: inside
      ...closedOn(["2026-11-25"], true), // tomorrow: not closed yet as of today
    ];
    const [first] = stageWinRates(deals, [], TODAY, ORDER);
    expect(first).toMatchObject({ stage: "Discovery", reached: 2, won: 1 });
  });

  it("turns observed at exactly 20 closed deals in the window, the 365-day-old one not counting", () => {
    const inside = [
      ...closedOn(
        Array.from({ length: 9 }, (_, i) => addDays(TODAY, -364 + i)),
        true,
      ),
      ...closedOn(
        Array.from({ length: 10 }, (_, i) => addDays(TODAY, -i)),
        false,
      ),
    ];
    const edge = closedOn([addDays(TODAY, -365)], true);
    const [withoutEdge] = stageWinRates([...inside, ...edge], [], TODAY, ORDER);
    expect(withoutEdge).toMatchObject({ reached: 19, source: "crm_probability" });
    const [twenty] = stageWinRates([...inside, ...closedOn([addDays(TODAY, -364)], true)], [], TODAY, ORDER);
    expect(twenty).toMatchObject({ reached: 20, won: 10, rate: 0.5, source: "observed" });
  });
});

describe("the average won deal size for concentration", () => {
  it("averages won deals closed in (today − 365, today], not one closed 365 days ago", () => {
    const ds = dataset({
      reps: [rep({ id: 1, name: "Ada Lovelace" })],
      deals: [
        deal({ ownerId: 1, stage: "Closed Won", amountCents: 9_000_00, closeDate: "2025-11-24" }),
        deal({ ownerId: 1, stage: "Closed Won", amountCents: 1_000_00, closeDate: "2025-11-25" }),
        deal({ ownerId: 1, stage: "Closed Won", amountCents: 3_000_00, closeDate: TODAY }),
        deal({ ownerId: 1, stage: "Closed Won", amountCents: 50_000_00, closeDate: "2026-11-25" }),
        deal({ ownerId: 1, stage: "Proposal", amountCents: 1_000_00, closeDate: "2026-12-15" }),
      ],
    });
    expect(riskBaseline(prepared(ds, TODAY)).averageDealSizeCents).toBe(2_000_00);
  });
});
