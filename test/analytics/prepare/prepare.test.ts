import { describe, expect, it } from "vitest";
import { standardPeriods } from "../../../src/analytics/prepare/prepare";
import { scopeKey } from "../../../src/domain/crm";
import { closeDateChanges, dataset, deal, prepared, rep, stageChanges } from "../builders";

/** what a by-position accessor gives for positions 0 … n − 1 */
const byPosition = <T>(of: (i: number) => T, n: number): T[] => Array.from({ length: n }, (_, i) => of(i));

describe("prepare", () => {
  const reps = [
    rep({ id: 2, name: "Zoe", team: "West", region: "Americas", segment: "SMB" }),
    rep({ id: 1, name: "Ana", team: "East", region: "EMEA", segment: "Enterprise" }),
    rep({ id: 3, name: "Bo", team: null, region: "Americas", segment: null }),
  ];
  const ds = dataset({
    reps,
    deals: [
      deal({ id: "a", ownerId: 1 }),
      deal({ id: "z", ownerId: 2 }),
      deal({ id: "b", ownerId: 3 }),
      deal({ id: "z2", ownerId: 2 }),
    ],
  });

  it("lists the company, then regions, segments, teams and reps, each sorted", () => {
    expect(prepared(ds, "2026-11-18").scopes.map(scopeKey)).toEqual([
      "company",
      "region:Americas",
      "region:EMEA",
      "segment:Enterprise",
      "segment:SMB",
      "team:East",
      "team:West",
      "rep:Ana",
      "rep:Bo",
      "rep:Zoe",
    ]);
  });

  it("finds a scope's reps and deals case-insensitively", () => {
    const p = prepared(ds, "2026-11-18");
    expect(p.repsIn({ kind: "region", value: "americas" }).map((r) => r.name)).toEqual(["Zoe", "Bo"]);
    expect(p.dealsIn({ kind: "team", value: "WEST" }).map((d) => d.id)).toEqual(["z", "z2"]);
    expect(p.dealsIn({ kind: "company", value: "" })).toHaveLength(4);
    expect(p.dealsIn({ kind: "rep", value: "nobody" })).toEqual([]);
  });

  it("groups history by deal whether or not it comes sorted by deal, keeping row order", () => {
    const stageHistory = [
      ...stageChanges("a", [["Discovery", "2026-01-01"]]),
      ...stageChanges("z", [["Discovery", "2026-01-02"]]),
      // back to a deal already seen, then one between the two
      ...stageChanges("a", [["Proposal", "2026-02-01"]]),
      ...stageChanges("b", [
        ["Discovery", "2026-01-03"],
        ["Proposal", "2026-01-04"],
      ]),
      ...stageChanges("z", [["Negotiation", "2026-03-01"]]),
    ];
    const p = prepared(
      dataset({
        reps,
        deals: ds.deals,
        stageHistory,
        closeDateHistory: closeDateChanges("b", [["2026-01-01", "2026-05-01"]]),
      }),
      "2026-11-18",
    );
    expect(p.dealsByOwner.get(2)?.map((d) => d.id)).toEqual(["z", "z2"]);
    // by position in dataset.deals (a, z, b, z2: not in id order either)
    expect(byPosition(p.stageHistoryOf, 4).map((l) => l?.map((h) => h.stage))).toEqual([
      ["Discovery", "Proposal"],
      ["Discovery", "Negotiation"],
      ["Discovery", "Proposal"],
      undefined,
    ]);
    expect(byPosition(p.closeDateHistoryOf, 4).map((l) => l?.length)).toEqual([
      undefined,
      undefined,
      1,
      undefined,
    ]);
  });

  it("pairs sorted deals and history in one walk, passing over rows of deals not loaded", () => {
    const deals = ["a", "b", "c", "d"].map((id) => deal({ id, ownerId: 1 }));
    const stageHistory = [
      ...stageChanges("0", [["Discovery", "2026-01-01"]]),
      ...stageChanges("b", [
        ["Discovery", "2026-01-01"],
        ["Proposal", "2026-01-02"],
      ]),
      ...stageChanges("bb", [["Discovery", "2026-01-01"]]),
      ...stageChanges("d", [["Discovery", "2026-01-03"]]),
      ...stageChanges("e", [["Discovery", "2026-01-04"]]),
    ];
    const p = prepared(dataset({ reps, deals, stageHistory }), "2026-11-18");
    expect(byPosition(p.stageHistoryOf, 4).map((l) => l?.length)).toEqual([undefined, 2, undefined, 1]);
    expect(p.stageHistoryOf(1)?.map((h) => `${h.opportunityId} ${h.stage}`)).toEqual([
      "b Discovery",
      "b Proposal",
    ]);
    expect(p.stageHistoryOf(3)?.map((h) => h.opportunityId)).toEqual(["d"]);
    expect(byPosition(p.closeDateHistoryOf, 4)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("gives each sorted deal exactly its own run of rows, the first row's deal included", () => {
    const deals = ["a", "b", "c"].map((id) => deal({ id, ownerId: 1 }));
    const stageHistory = [
      ...stageChanges("a", [
        ["Discovery", "2026-01-01"],
        ["Proposal", "2026-01-02"],
      ]),
      ...stageChanges("c", [["Negotiation", "2026-01-03"]]),
    ];
    const p = prepared(dataset({ reps, deals, stageHistory }), "2026-11-18");
    expect(
      byPosition(p.stageHistoryOf, 3).map((l) => l?.map((h) => `${h.opportunityId} ${h.stage}`)),
    ).toEqual([["a Discovery", "a Proposal"], undefined, ["c Negotiation"]]);
    // asking twice gives the same rows
    expect(p.stageHistoryOf(0)).toEqual(p.stageHistoryOf(0));
  });

  it("derives the standard periods, with a fiscal year starting in April", () => {
    const calendar = standardPeriods("2026-01-10", 1);
    expect([
      calendar.previousMonth.key,
      calendar.currentQuarter.key,
      calendar.previousQuarter.key,
      calendar.previousYear.key,
    ]).toEqual(["2025-12", "2026-Q1", "2025-Q4", "FY2025"]);
    // FY2027 runs April 2026 – March 2027; November is in its Q3 (October – December)
    const april = standardPeriods("2026-11-18", 4);
    expect(april.currentQuarter).toEqual({
      kind: "quarter",
      key: "2027-Q3",
      start: "2026-10-01",
      end: "2026-12-31",
    });
    expect(april.nextQuarter.key).toBe("2027-Q4");
    expect(april.currentYear).toEqual({
      kind: "year",
      key: "FY2027",
      start: "2026-04-01",
      end: "2027-03-31",
    });
    expect(april.nextMonth.key).toBe("2026-12");
  });
});
