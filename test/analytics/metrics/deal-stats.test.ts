import { describe, expect, it } from "vitest";
import { averageDealSize } from "../../../src/analytics/metrics/deal-size";
import { closedBetween } from "../../../src/analytics/metrics/deals";
import { median, quantile, sortedCopy } from "../../../src/analytics/metrics/quantiles";
import { salesCycle } from "../../../src/analytics/metrics/sales-cycle";
import {
  isClosedStageName,
  MIN_DEALS_FOR_OBSERVED_RATE,
  stageOrder,
  stageRateLookup,
  stageWinRates,
} from "../../../src/analytics/metrics/stages";
import { winRate } from "../../../src/analytics/metrics/win-rate";
import { dataset, deal, prepared, rep, stageChanges } from "../builders";

const won = (amountCents: number, createdDate: string, closeDate: string) =>
  deal({ ownerId: 1, stage: "Closed Won", amountCents, createdDate, closeDate });
const lost = (amountCents: number, closeDate = "2026-06-01") =>
  deal({ ownerId: 1, stage: "Closed Lost", amountCents, closeDate });

describe("deal statistics", () => {
  it("win rate by count and by value over closed deals; null when nothing closed", () => {
    // won 100 + 300, lost 200: by count 2 / 3, by value 400 / 600
    const r = winRate([
      won(100, "2026-01-01", "2026-02-01"),
      won(300, "2026-01-01", "2026-02-01"),
      lost(200),
      deal({ ownerId: 1 }),
    ]);
    expect(r).toEqual({ won: 2, lost: 1, byCount: 2 / 3, byValue: 400 / 600 });
    expect(winRate([])).toEqual({ won: 0, lost: 0, byCount: null, byValue: null });
  });

  it("average deal size of won deals rounded to the cent; sales cycle median and mean", () => {
    // (100 + 101) / 2 = 100.5 → 101
    expect(
      averageDealSize([
        won(100, "2026-01-01", "2026-01-11"),
        won(101, "2026-01-01", "2026-01-21"),
        lost(5000),
      ]),
    ).toBe(101);
    expect(averageDealSize([lost(1)])).toBeNull();
    // cycles 10, 20, 40 days: median 20, mean 70 / 3
    const c = salesCycle([
      won(1, "2026-01-01", "2026-01-11"),
      won(1, "2026-01-01", "2026-01-21"),
      won(1, "2026-01-01", "2026-02-10"),
    ]);
    expect(c).toEqual({ medianDays: 20, meanDays: 70 / 3, deals: 3 });
    expect(salesCycle([])).toEqual({ medianDays: null, meanDays: null, deals: 0 });
  });

  it("closedBetween takes closed deals with close date in the inclusive range", () => {
    const inRange = lost(1, "2026-03-31");
    expect(
      closedBetween(
        [inRange, lost(1, "2026-04-01"), deal({ ownerId: 1, closeDate: "2026-03-15" })],
        "2026-03-01",
        "2026-03-31",
      ),
    ).toEqual([inRange]);
  });

  it("quantile interpolates between closest ranks", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6, 12);
    expect(quantile([], 0.5)).toBeNull();
  });

  it("sorts a copy numerically, keeping the comparator's order when a NaN is present", () => {
    const values = [10, 9, 100, -1, 2];
    expect(Array.from(sortedCopy(values))).toEqual([-1, 2, 9, 10, 100]);
    expect(values).toEqual([10, 9, 100, -1, 2]);
    expect(median([10, 9, 100, -1])).toBe(9.5);
    const withNaN = [3, Number.NaN, 1];
    expect(Array.from(sortedCopy(withNaN))).toEqual([...withNaN].sort((a, b) => a - b));
  });

  it("recognises closed stage names", () => {
    expect(["Closed Won", "closed lost", "Won", "Lost "].every(isClosedStageName)).toBe(true);
    expect(["Negotiation", "Won over", "Closing"].some(isClosedStageName)).toBe(false);
  });

  it("orders open stages by mean CRM probability, or by position in history when there is none", () => {
    const deals = [
      deal({ ownerId: 1, stage: "Proposal", probability: 60 }),
      deal({ ownerId: 1, stage: "Proposal", probability: 40 }),
      deal({ ownerId: 1, stage: "Discovery", probability: 30 }),
      deal({ ownerId: 1, stage: "Closed Won" }),
    ];
    // Proposal's mean is 50 > Discovery's 30
    expect(stageOrder(deals, [])).toEqual(["Discovery", "Proposal"]);
    const history = [
      { opportunityId: "h", stage: "Intro", enteredAt: "2026-01-01" },
      { opportunityId: "h", stage: "Demo", enteredAt: "2026-01-02" },
      { opportunityId: "h", stage: "Closed Lost", enteredAt: "2026-01-03" },
    ];
    expect(stageOrder([], history)).toEqual(["Intro", "Demo"]);
  });

  it("breaks probability ties by mean history position, closed rows taking no position", () => {
    const deals = [
      deal({ ownerId: 1, stage: "Demo", probability: 40 }),
      deal({ ownerId: 1, stage: "Intro", probability: 40 }),
      deal({ ownerId: 1, stage: "Pilot", probability: null }),
    ];
    const row = (opportunityId: string, stage: string) => ({ opportunityId, stage, enteredAt: "2026-01-01" });
    const history = [
      // a: Closed Lost first takes no position, so Demo is at 0 and Intro at 1
      row("a", "Closed Lost"),
      row("a", "Demo"),
      row("a", "Intro"),
      // b: Intro 0, Demo 1, Pilot 2 → Demo 0.5, Intro 0.5: equal, so by name
      row("b", "Intro"),
      row("b", "Demo"),
      row("b", "Pilot"),
      // c: Demo 0 → Demo 1/3 < Intro 1/2
      row("c", "Demo"),
    ];
    expect(stageOrder(deals, history)).toEqual(["Demo", "Intro", "Pilot"]);
    // without c the two tie on probability and position: by name
    expect(stageOrder(deals, history.slice(0, 6))).toEqual(["Demo", "Intro", "Pilot"]);
    expect(stageOrder(deals.slice(1), history.slice(3, 6))).toEqual(["Intro", "Demo", "Pilot"]);
  });

  it("observes a stage win rate from 20 closed deals and falls back to CRM probability below that", () => {
    expect(MIN_DEALS_FOR_OBSERVED_RATE).toBe(20);
    const deals = [
      deal({ ownerId: 1, stage: "Prospecting", probability: 10 }),
      deal({ ownerId: 1, stage: "Discovery", probability: 40 }),
      // 10 won (reach every stage) and 10 lost without history (reach the first stage only)
      ...Array.from({ length: 10 }, () => won(1, "2026-01-01", "2026-06-01")),
      ...Array.from({ length: 10 }, () => lost(1, "2026-06-01")),
      // closed more than 12 months before today: ignored
      ...Array.from({ length: 30 }, () => lost(1, "2025-01-01")),
    ];
    const rates = stageWinRates(deals, [], "2026-11-18");
    // Prospecting: 20 reached, 10 won → observed 0.5. Discovery: 10 reached → CRM probability 40% → 0.4
    expect(rates).toEqual([
      { stage: "Prospecting", reached: 20, won: 10, rate: 0.5, source: "observed" },
      { stage: "Discovery", reached: 10, won: 10, rate: 0.4, source: "crm_probability" },
    ]);
    const lookup = stageRateLookup(rates);
    expect(lookup("Discovery", 90)).toBe(0.4);
    expect(lookup("Unknown", 30)).toBe(0.3);
    expect(lookup("Unknown", null)).toBe(0);
  });

  it("counts the furthest stage from history the same whether deals and history come sorted by id or not", () => {
    const open = [
      deal({ id: "A1", ownerId: 1, stage: "Prospecting", probability: 10 }),
      deal({ id: "A2", ownerId: 1, stage: "Discovery", probability: 40 }),
      deal({ id: "A3", ownerId: 1, stage: "Proposal", probability: 60 }),
    ];
    const closed = Array.from({ length: 24 }, (_, i) =>
      deal({
        id: `L${String(i).padStart(2, "0")}`,
        ownerId: 1,
        stage: "Closed Lost",
        closeDate: "2026-06-01",
      }),
    );
    const history = closed.flatMap((d, i) =>
      stageChanges(d.id, [
        ["Prospecting", "2026-01-01"],
        ["Discovery", "2026-02-01"],
        ...(i < 22 ? ([["Proposal", "2026-03-01"]] as [string, string][]) : []),
        ["Closed Lost", "2026-06-01"],
      ]),
    );
    // rows of a deal that is not loaded are passed over
    history.push(...stageChanges("L99", [["Proposal", "2026-03-01"]]));
    const sorted = stageWinRates([...open, ...closed], history, "2026-11-18");
    expect(sorted.map((r) => [r.stage, r.reached, r.source])).toEqual([
      ["Prospecting", 24, "observed"],
      ["Discovery", 24, "observed"],
      ["Proposal", 22, "observed"],
    ]);
    // deals reversed, and each deal's rows split into two runs
    const shuffled = [...history.filter((_, i) => i % 2 === 0), ...history.filter((_, i) => i % 2 === 1)];
    expect(stageWinRates([...closed, ...open].reverse(), shuffled, "2026-11-18")).toEqual(sorted);
    // prepare hands the rates each deal's furthest stage from the stage history facts: same rates
    const reps = [rep({ id: 1, name: "Ana" })];
    for (const [deals, rows] of [
      [[...open, ...closed], history],
      [[...closed, ...open].reverse(), shuffled],
    ] as const) {
      const p = prepared(dataset({ reps, deals: [...deals], stageHistory: [...rows] }), "2026-11-18");
      expect(p.stageWinRates).toEqual(sorted);
    }
  });
});
