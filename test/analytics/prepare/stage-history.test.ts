import { describe, expect, it } from "vitest";
import { dayNumber } from "../../../src/analytics/metrics/day-number";
import { NO_DAY } from "../../../src/analytics/prepare/stage-history";
import { revenueFocus } from "../../../src/analytics/revenue-focus/revenue-focus";
import type { Dataset } from "../../../src/domain/crm";
import { dataset, deal, prepared, rep, stageChanges } from "../builders";

describe("day numbers", () => {
  it("equal Date.UTC / 86,400,000 for dates and datetimes over four centuries", () => {
    let mismatches = 0;
    for (let t = Date.UTC(1900, 0, 1); t < Date.UTC(2300, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString();
      if (dayNumber(iso.slice(0, 10)) !== t / 86_400_000 || dayNumber(iso) !== t / 86_400_000) mismatches++;
    }
    expect(mismatches).toBe(0);
    // 2024-03-01 is day 19,783; the leap day before it is one less
    expect(dayNumber("2024-03-01")).toBe(19_783);
    expect(dayNumber("2024-02-29T23:59:00Z")).toBe(19_782);
  });

  it("give what Date gives for text that is not a plain date", () => {
    for (const odd of ["2026-02-30", "2026-13-01", "26-01-01", "", "soon"]) {
      const viaDate =
        Date.UTC(Number(odd.slice(0, 4)), Number(odd.slice(5, 7)) - 1, Number(odd.slice(8, 10))) / 86_400_000;
      expect(dayNumber(odd)).toEqual(viaDate);
    }
  });
});

function historyDataset(): Dataset {
  const reps = [rep({ id: 1, name: "Ana" })];
  const a = deal({ id: "A", ownerId: 1, stage: "Proposal" });
  const b = deal({ id: "B", ownerId: 1, stage: "Closed Lost" });
  const c = deal({ id: "C", ownerId: 1, stage: "Discovery" });
  return dataset({
    reps,
    deals: [a, b, c],
    stageHistory: [
      ...stageChanges("A", [
        ["Discovery", "2026-03-01T09:00:00Z"],
        ["Proposal", "2026-03-11T09:00:00Z"],
        ["Discovery", "2026-03-20"],
        ["Proposal", "2026-04-02"],
      ]),
      ...stageChanges("B", [
        ["Discovery", "2026-02-01"],
        ["Negotiation", "2026-02-10"],
        ["Closed Lost", "2026-02-20"],
      ]),
      // C has no history
    ],
  });
}

describe("stage history facts", () => {
  it("read each deal's rows, furthest stage and current-stage entry", () => {
    const p = prepared(historyDataset(), "2026-04-10");
    const f = p.stageHistoryFacts;
    const order = p.stageOrder;
    // A: rows 0–3, B: rows 4–6, C: none
    expect([...f.first]).toEqual([0, 4, 7, 7]);
    expect(f.enteredDay[1]).toBe(dayNumber("2026-03-11"));
    expect(f.stageNames[f.stage[4] as number]).toBe("Discovery");
    // A last entered Proposal on 2 April (not 11 March); C's history does not show Discovery
    expect(f.currentStageEnteredDay[0]).toBe(dayNumber("2026-04-02"));
    expect(f.currentStageEnteredDay[2]).toBe(NO_DAY);
    // B went as far as Negotiation; C sits in Discovery
    expect(f.furthest[1]).toBe(order.indexOf("Negotiation"));
    expect(f.furthest[2]).toBe(order.indexOf("Discovery"));
  });

  it("are the same when the rows or deals do not come sorted by id", () => {
    const sorted = historyDataset();
    const facts = (ds: Dataset) => {
      const f = prepared(ds, "2026-04-10").stageHistoryFacts;
      return {
        first: [...f.first],
        day: [...f.enteredDay],
        stage: [...f.stage].map((s) => f.stageNames[s]),
        furthest: [...f.furthest],
        current: [...f.currentStageEnteredDay],
      };
    };
    // B's rows before A's (each deal's own rows still oldest first)
    const rowsOutOfOrder = {
      ...sorted,
      stageHistory: [...sorted.stageHistory.slice(4), ...sorted.stageHistory.slice(0, 4)],
    };
    expect(facts(rowsOutOfOrder)).toEqual(facts(sorted));
    // deals C, B, A: the facts follow the deals' order
    const dealsOutOfOrder = { ...sorted, deals: [...sorted.deals].reverse() };
    const reversed = facts(dealsOutOfOrder);
    expect(reversed.furthest).toEqual([...facts(sorted).furthest].reverse());
    expect(reversed.current).toEqual([...facts(sorted).current].reverse());
    expect(reversed.first).toEqual([0, 0, 3, 7]);
  });
});

describe("revenue focus high-value list across reps", () => {
  it("keeps the ten largest of the company although each rep holds several", () => {
    const reps = [rep({ id: 1, name: "Ana", team: "East" }), rep({ id: 2, name: "Bo", team: "West" })];
    // 8 high-value deals each: Ana's amounts 1..8 × $1,000, Bo's 1.5..8.5 × $1,000
    const deals = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((k) => [
      deal({ id: `A${k}`, ownerId: 1, amountCents: k * 100_000, probability: 90 }),
      deal({ id: `B${k}`, ownerId: 2, amountCents: k * 100_000 + 50_000, probability: 90 }),
    ]);
    const p = prepared(dataset({ reps, deals }), "2026-04-10");
    const company = revenueFocus.compute(p).results.find((r) => r.scope === "company");
    const top = company?.payload.highValueOpportunities;
    expect(top?.count).toBe(16);
    // Σ = (1+…+8) × 1,000 + (1.5+…+8.5) × 1,000 = 36,000 + 40,000 dollars
    expect(top?.amountCents).toBe(7_600_000);
    // the ten largest: B8 8.5k, A8 8k, B7, A7, B6, A6, B5, A5, B4, A4
    expect(top?.top.map((o) => o.dealId)).toEqual([
      "B8",
      "A8",
      "B7",
      "A7",
      "B6",
      "A6",
      "B5",
      "A5",
      "B4",
      "A4",
    ]);
  });
});
