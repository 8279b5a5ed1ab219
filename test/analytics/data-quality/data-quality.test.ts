import { describe, expect, it } from "vitest";
import { duplicatesOf } from "../../../src/analytics/data-quality/checks";
import { dataQuality } from "../../../src/analytics/data-quality/data-quality";
import type { DataQualityResult } from "../../../src/domain/analyses/data-quality";
import type { Deal, HistoryColumns } from "../../../src/domain/crm";
import { dataset, deal, prepared, rep } from "../builders";
import { payloadFor } from "../results";

const TODAY = "2026-11-18";
const A = rep({ id: 1, name: "Ana", team: "West", region: "Americas" });
const B = rep({ id: 2, name: "Ben", team: "East", region: "EMEA" });

/** A clean open deal: named, with an account, amount > 0, closing after today, Discovery at 40%. */
function clean(partial: Partial<Deal> & { id: string }): Deal {
  return deal({
    ownerId: 1,
    name: `Deal ${partial.id}`,
    accountId: 10,
    stage: "Discovery",
    probability: 40,
    amountCents: 100_000,
    closeDate: "2026-12-15",
    ...partial,
  });
}

function run(deals: Deal[], stageHistory = dataset().stageHistory) {
  const out = dataQuality.compute(prepared(dataset({ reps: [A, B], deals, stageHistory }), TODAY));
  const get = (scope: string): DataQualityResult => payloadFor(out.results, scope);
  return { out, get };
}

const failuresOf = (r: DataQualityResult, id: string) =>
  r.failingRecords.rows.find((x) => x.dealId === id)?.failures;

describe("data quality", () => {
  // Baseline: 3 clean Discovery deals at 40% make the stage known (≥ 2 deals) and its typical probability 40.
  const base = [
    clean({ id: "ok1" }),
    clean({ id: "ok2", amountCents: 200_000 }),
    clean({ id: "ok3", ownerId: 2 }),
  ];

  it("passes clean records", () => {
    const r = run(base).get("company");
    expect(r).toMatchObject({ records: 3, passing: 3, accuracy: 1, meetsTarget: true });
    expect(r.failingRecords).toMatchObject({ total: 0, rows: [] });
  });

  it.each([
    ["required_fields", clean({ id: "x", name: null, accountId: null }), "name,account"],
    ["amount_positive", clean({ id: "x", amountCents: 0 }), 0],
    ["close_date_not_past", clean({ id: "x", closeDate: "2026-11-17" }), "2026-11-17"],
    ["known_owner", clean({ id: "x", ownerId: 99 }), 99],
    // a stage only one deal ever held looks like a typo of the CRM's list
    ["known_stage", clean({ id: "x", stage: "Discvery" }), "Discvery"],
    // closed won by name but not flagged won
    [
      "known_stage",
      clean({ id: "x", stage: "Closed Won", isClosed: true, isWon: false, closeDate: "2026-11-01" }),
      "Closed Won",
    ],
    // |80 − 40| = 40 > 25 points off the stage's typical 40%
    ["probability_consistent", clean({ id: "x", probability: 80 }), 80],
    // same account, name, amount and close date as ok1 (case and spaces in the name ignored)
    ["no_duplicate", clean({ id: "x", name: " deal OK1 " }), "ok1"],
    // closing on 2026-12-15, created on 2026-12-20
    ["closed_after_created", clean({ id: "x", createdDate: "2026-12-20" }), "2026-12-15 < 2026-12-20"],
  ] as const)("flags %s with the offending value", (code, bad, value) => {
    const r = run([...base, bad]).get("company");
    // 3 of 4 records pass every check: 0.75
    expect(r.records).toBe(4);
    expect(r.passing).toBe(3);
    expect(r.accuracy).toBe(0.75);
    expect(r.meetsTarget).toBe(false);
    expect(failuresOf(r, "x")).toEqual([{ code, value }]);
    expect(r.checks.find((c) => c.code === code)?.failures).toBe(1);
    expect(r.checks.reduce((s, c) => s + c.failures, 0)).toBe(1);
  });

  it("leaves what does not apply alone: closed deals' close dates and probabilities, missing probabilities", () => {
    const r = run([
      ...base,
      clean({
        id: "w",
        stage: "Closed Won",
        isClosed: true,
        isWon: true,
        closeDate: "2026-01-01",
        probability: 5,
      }),
      clean({ id: "l", stage: "Closed Lost", isClosed: true, isWon: false, closeDate: "2026-02-01" }),
      clean({ id: "n", probability: null }),
      // exactly 25 points off is still consistent
      clean({ id: "e", probability: 65 }),
    ]).get("company");
    expect(r.failingRecords.total).toBe(0);
  });

  it("counts a record once however many checks it fails, and computes accuracy over 50 records", () => {
    const deals = Array.from({ length: 48 }, (_, i) =>
      clean({ id: `ok${String(i).padStart(2, "0")}`, amountCents: 1000 + i }),
    );
    deals.push(clean({ id: "bad1", amountCents: -5, closeDate: "2026-01-01", probability: 100 }));
    deals.push(clean({ id: "bad2", name: "" }));
    const r = run(deals).get("company");
    // 48 of 50 pass: 0.96, below the > 98% target
    expect(r).toMatchObject({ records: 50, passing: 48, accuracy: 0.96, meetsTarget: false, target: 0.98 });
    expect(failuresOf(r, "bad1")?.map((f) => f.code)).toEqual([
      "amount_positive",
      "close_date_not_past",
      "probability_consistent",
    ]);
    expect(failuresOf(r, "bad2")).toEqual([{ code: "required_fields", value: "name" }]);
  });

  it("caps the listed records at 200 but counts them all, in id order", () => {
    const deals = Array.from({ length: 250 }, (_, i) =>
      clean({ id: `b${String(i).padStart(3, "0")}`, amountCents: 0 }),
    );
    const r = run(deals).get("company");
    expect(r.failingRecords.total).toBe(250);
    expect(r.failingRecords.rows).toHaveLength(200);
    expect(r.failingRecords.rows[0]?.dealId).toBe("b000");
    expect(r.failingRecords.rows[199]?.dealId).toBe("b199");
  });

  it("lists the first 200 failing records by id across reps, whatever order the deals come in", () => {
    const deals = Array.from({ length: 500 }, (_, i) =>
      clean({ id: `f${String(i).padStart(3, "0")}`, ownerId: i % 3 === 0 ? 1 : 2, amountCents: 0 }),
    ).reverse();
    const { get } = run(deals);
    const ids = (scope: string) => get(scope).failingRecords.rows.map((r) => r.dealId);
    expect(ids("company")).toEqual(Array.from({ length: 200 }, (_, i) => `f${String(i).padStart(3, "0")}`));
    expect(ids("rep:Ana")).toEqual(
      Array.from({ length: 167 }, (_, i) => `f${String(i * 3).padStart(3, "0")}`).slice(0, 167),
    );
    expect(get("rep:Ben").failingRecords.total).toBe(333);
    expect(ids("rep:Ben").slice(0, 3)).toEqual(["f001", "f002", "f004"]);
  });

  it("finds duplicates as a key of account, trimmed lower-case name, amount and close date would", () => {
    // many deals over few values of each field: plenty of groups sharing hash slots
    const deals: Deal[] = [];
    for (let i = 0; i < 3_000; i++)
      deals.push(
        clean({
          id: `d${(i * 7919) % 3_000}`,
          accountId: i % 5 === 0 ? null : i % 4,
          name: [null, "Acme", " acme ", "ACME", "Beta", ""][i % 6] as string | null,
          amountCents: [0, 5, 2 ** 40 + 5, 2 ** 40 + 2 ** 33 + 5][(i % 7) % 4] as number,
          closeDate: ["2026-12-01", "2026-12-02"][(i % 11) % 2] as string,
        }),
      );
    const expected = new Map<string, string>();
    const first = new Map<string, string>();
    const key = (d: Deal) =>
      `${d.accountId ?? ""}\u0000${(d.name ?? "").trim().toLowerCase()}\u0000${d.amountCents}\u0000${d.closeDate}`;
    for (const d of deals) {
      const f = first.get(key(d));
      if (f === undefined || d.id < f) first.set(key(d), d.id);
    }
    for (const d of deals) if (first.get(key(d)) !== d.id) expected.set(d.id, first.get(key(d)) as string);
    const found = new Map(
      duplicatesOf(deals).flatMap((first, i) =>
        first === undefined ? [] : [[(deals[i] as Deal).id, first]],
      ),
    );
    expect(found.size).toBeGreaterThan(2_000);
    expect(new Map([...found].sort())).toEqual(new Map([...expected].sort()));
  });

  it("knows a stage another deal held in its history, read from the history columns when loaded so", () => {
    // "Scoping" is held now by s1 only; s2 entered it before moving on, s3 never did
    const deals = [
      ...base,
      clean({ id: "s1", stage: "Scoping" }),
      clean({ id: "s2" }),
      clean({ id: "s3", stage: "Pilot" }),
    ];
    // deal positions 0–5: ok1, ok2, ok3, s1, s2, s3; s2 owns rows 0–1, s3 row 2
    const stage: HistoryColumns = {
      first: Int32Array.from([0, 0, 0, 0, 0, 2, 3]),
      value: Int32Array.from([0, 1, 2]),
      values: ["Scoping", "Discovery", "Pilot"],
      at: Int32Array.from([0, 1, 1]),
      instants: ["2026-10-01", "2026-10-05"],
    };
    const none: HistoryColumns = {
      first: new Int32Array(7),
      value: new Int32Array(0),
      values: [],
      at: new Int32Array(0),
      instants: [],
    };
    const ds = dataset({ reps: [A, B], deals, historyColumns: { stage, closeDate: none } });
    Object.defineProperty(ds, "stageHistory", {
      get: () => {
        throw new Error("the row objects are not built when columns are loaded");
      },
    });
    const r = payloadFor<DataQualityResult>(dataQuality.compute(prepared(ds, TODAY)).results, "company");
    // s1's Scoping is held by s1 and s2; s3's Pilot by s3 alone (its own history row is the same deal)
    expect(failuresOf(r, "s1")).toBeUndefined();
    expect(failuresOf(r, "s3")).toEqual([{ code: "known_stage", value: "Pilot" }]);
    // the same rows as row objects give the same answer
    const rows = run(deals, [
      { opportunityId: "s2", stage: "Scoping", enteredAt: "2026-10-01" },
      { opportunityId: "s2", stage: "Discovery", enteredAt: "2026-10-05" },
      { opportunityId: "s3", stage: "Pilot", enteredAt: "2026-10-05" },
    ]).get("company");
    expect(rows).toEqual(r);
  });

  it("finds the same duplicates among 100,000 mostly distinct deals, whose hashes share prefixes", () => {
    // distinct keys by the thousand: many share a sorted hash prefix, a pair or so a whole hash
    const deals: Deal[] = [];
    for (let i = 0; i < 100_000; i++) {
      const k = i % 9 === 0 ? (i * 7) % 1_000 : i;
      deals.push(
        clean({
          id: `m${String((i * 48_271) % 100_000).padStart(6, "0")}`,
          accountId: k % 97,
          name: `Deal ${k % 1_013}`,
          amountCents: 100 + (k % 991),
          closeDate: ["2026-12-01", "2026-12-02", "2026-12-03"][k % 3] as string,
        }),
      );
    }
    const key = (d: Deal) => `${d.accountId}\u0000${d.name}\u0000${d.amountCents}\u0000${d.closeDate}`;
    const first = new Map<string, string>();
    for (const d of deals) {
      const f = first.get(key(d));
      if (f === undefined || d.id < f) first.set(key(d), d.id);
    }
    const expected = deals.map((d) => (first.get(key(d)) === d.id ? undefined : first.get(key(d))));
    const found = duplicatesOf(deals);
    expect(expected.filter((x) => x !== undefined).length).toBeGreaterThan(5_000);
    expect(Array.from({ length: deals.length }, (_, i) => found[i])).toEqual(expected);
  });

  it("cuts by region, team and rep (not segment) under the period 'current'", () => {
    const { out, get } = run([...base, clean({ id: "x", ownerId: 2, amountCents: 0 })]);
    expect(out.results.map((r) => [r.scope, r.period, r.isDefault])).toEqual([
      ["company", "current", true],
      ["region:Americas", "current", true],
      ["region:EMEA", "current", true],
      ["team:East", "current", true],
      ["team:West", "current", true],
      ["rep:Ana", "current", true],
      ["rep:Ben", "current", true],
    ]);
    expect(get("team:West")).toMatchObject({ records: 2, passing: 2 });
    // Ben: ok3 passes, x fails → 1 / 2
    expect(get("rep:Ben")).toMatchObject({ records: 2, passing: 1, accuracy: 0.5 });
    for (const r of out.results)
      expect(dataQuality.schema.parse(JSON.parse(JSON.stringify(r.payload)))).toEqual(r.payload);
  });

  it("answers with no records", () => {
    const r = run([]).get("company");
    expect(r).toMatchObject({
      records: 0,
      passing: 0,
      accuracy: null,
      accuracyNullReason: "no_records",
      meetsTarget: null,
    });
    expect(dataQuality.renderText(r, { scope: "company", period: "current", currency: "USD" })).toContain(
      "n/a (no records)",
    );
  });
});
