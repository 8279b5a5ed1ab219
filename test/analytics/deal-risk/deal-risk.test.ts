import { describe, expect, it } from "vitest";
import { dealRisk, flaggedWithoutAction, topN } from "../../../src/analytics/deal-risk/deal-risk";
import { pushCount, pushesAmong, RISK_POINTS } from "../../../src/analytics/deal-risk/factors";
import type { DealRiskResult } from "../../../src/domain/analyses/deal-risk";
import type { Dataset } from "../../../src/domain/crm";
import { account, closeDateChanges, dataset, deal, prepared, rep, stageChanges } from "../builders";
import { computeChecked, payloadFor } from "../results";

const TODAY = "2026-11-25";

/** every payload passes its schema and survives JSON unchanged (no NaN/Infinity/undefined) */
function run(ds: Dataset, today = TODAY) {
  return computeChecked(dealRisk, prepared(ds, today));
}

function result(results: ReturnType<typeof run>, scope: string, period: string): DealRiskResult {
  return payloadFor(results, scope, period);
}

function sampleCompany(): Dataset {
  const reps = [
    rep({ id: 1, name: "Ana", team: "West", region: "NA" }),
    rep({ id: 2, name: "Bo", team: "East", region: "NA" }),
  ];
  const deals = [
    // two won deals of $10,000 in the trailing year → average deal size $10,000
    deal({ id: "W1", ownerId: 2, stage: "Closed Won", amountCents: 1_000_000, closeDate: "2026-06-10" }),
    deal({ id: "W2", ownerId: 2, stage: "Closed Won", amountCents: 1_000_000, closeDate: "2026-07-10" }),
    deal({
      id: "A",
      name: "Big renewal",
      accountId: 7,
      ownerId: 1,
      stage: "Proposal",
      amountCents: 4_000_000,
      probability: 90,
      closeDate: "2026-11-20",
      lastActivityDate: "2026-11-06",
      nextStep: null,
    }),
    deal({
      id: "B",
      ownerId: 2,
      stage: "Proposal",
      amountCents: 500_000,
      probability: 10,
      closeDate: "2026-11-30",
      lastActivityDate: "2026-11-24",
      nextStep: "call on Friday",
    }),
    deal({ id: "C", ownerId: 2, stage: "Proposal", amountCents: 300_000, closeDate: "2026-12-10" }),
  ];
  return dataset({
    reps,
    accounts: [account({ id: 7, name: "Acme" })],
    deals,
    stageHistory: [
      ...stageChanges("A", [
        ["Discovery", "2026-08-01"],
        ["Proposal", "2026-09-01"],
      ]),
      ...stageChanges("B", [["Proposal", "2026-11-05"]]),
    ],
    closeDateHistory: [
      ...closeDateChanges("A", [
        ["2026-09-30", "2026-08-01"],
        ["2026-10-31", "2026-09-20"],
        ["2026-11-20", "2026-10-25"],
      ]),
      ...closeDateChanges("B", [["2026-11-30", "2026-11-05"]]),
    ],
  });
}

describe("deal risk score", () => {
  it("adds the points of each named factor and caps at 100", () => {
    const r = result(run(sampleCompany()), "company", "2026-11");
    const a = r.register.find((d) => d.dealId === "A");
    expect(a).toBeDefined();
    // A: stage age 85 days (Sep 1 → Nov 25); Proposal ages [85, 20] → median 52.5, ×1.5 = 78.75 → stalled (20)
    // pushed Sep → Oct → Nov = twice (25); close date Nov 20 passed 5 days ago (20);
    // last activity Nov 6 → 19 days (15); next step field is in the data and A has none (10);
    // Proposal win rate falls back to mean CRM probability (90 + 10) / 2 = 50%, |90 − 50| = 40 > 25 (10);
    // $40,000 = 4.0× the $10,000 average (10). Sum 110 → capped at 100.
    expect(a?.factors.map((f) => f.code).sort()).toEqual(
      [
        "concentration",
        "missing_next_step",
        "no_recent_activity",
        "past_close_date",
        "probability_mismatch",
        "pushed_repeatedly",
        "stalled",
      ].sort(),
    );
    expect(a?.factors.reduce((s, f) => s + f.points, 0)).toBe(110);
    expect(a?.score).toBe(100);
    expect(a?.summary).toContain("pushed twice");
    expect(a?.summary).toContain("no activity 19 days");
    expect(a?.accountName).toBe("Acme");
    expect(a?.ownerName).toBe("Ana");
    expect(a?.revenueAtRiskCents).toBe(4_000_000);
    for (const f of a?.factors ?? []) expect(f.mitigation.length).toBeGreaterThan(0);
  });

  it("scores only the factors that apply and says which it could not assess", () => {
    const results = run(sampleCompany());
    const b = result(results, "company", "2026-11").register.find((d) => d.dealId === "B");
    // B: age 20 < 78.75, not pushed, not past, active yesterday, has next step, $5,000 < $30,000;
    // only |10 − 50| = 40 > 25 → probability mismatch, 10 points; at risk $5,000 × 10% = $500
    expect(b?.factors.map((f) => f.code)).toEqual(["probability_mismatch"]);
    expect(b?.score).toBe(RISK_POINTS.probability_mismatch);
    expect(b?.revenueAtRiskCents).toBe(50_000);
    const c = result(results, "company", "2026-12").register.find((d) => d.dealId === "C");
    expect(c?.notAssessed).toContainEqual({ code: "stalled", reason: "no stage history" });
    expect(c?.notAssessed.map((n) => n.code)).toContain("no_recent_activity");
  });

  it("flags for executive engagement only high scores in the top decile of open deal amounts", () => {
    const r = result(run(sampleCompany()), "company", "2026-11");
    // open amounts [40,000, 5,000, 3,000]: P90 = 5,000 + 0.8 × 35,000 = $33,000
    expect(r.thresholds.executiveAmountCents).toBe(3_300_000);
    expect(r.flaggedDealIds).toEqual(["A"]);
    expect(r.flaggedCount).toBe(1);
    expect(r.register.find((d) => d.dealId === "B")?.executiveFlag).toBe(false);
    expect(flaggedWithoutAction(r, new Set(["A"]))).toEqual([]);
    expect(flaggedWithoutAction(r, new Set(["B"]))).toEqual(["A"]);
    expect(r.interventionSlaHours).toBe(48);
  });

  it("counts a push only when the close date moves to a later month", () => {
    // Mar 3 → Mar 28 (same month, no push) → Apr 2 (push) → Feb 1 (pulled in) → May 1 (push)
    const h = closeDateChanges("X", [
      ["2026-03-03", "2026-01-01"],
      ["2026-03-28", "2026-02-01"],
      ["2026-04-02", "2026-03-01"],
      ["2026-02-01", "2026-03-02"],
      ["2026-05-01", "2026-03-03"],
    ]);
    expect(pushCount(h)).toBe(2);
    expect(pushCount(undefined)).toBe(0);
    // the same rule over a range of rows read by position (as from the history columns)
    const months = ["2026-01", "2026-03", "2026-03", "2026-04", "2026-02", "2026-05"];
    expect(pushesAmong(1, 6, (r) => months[r] as string)).toBe(2);
    expect(pushesAmong(0, 2, (r) => months[r] as string)).toBe(1);
    expect(pushesAmong(3, 3, (r) => months[r] as string)).toBe(0);
  });
});

describe("deal risk register", () => {
  it("orders by revenue at risk, not amount, and keeps the top 20", () => {
    const reps = [rep({ id: 1, name: "Ana", team: "West" })];
    // 25 deals all past their close date (20 points each): revenue at risk = amount × 20%
    const deals = Array.from({ length: 25 }, (_, i) =>
      deal({
        id: `P${String(i + 1).padStart(2, "0")}`,
        ownerId: 1,
        amountCents: (i + 1) * 100_000,
        closeDate: "2026-11-02",
      }),
    );
    // Q: $30,000 but scores 20 + 25 (pushed twice) = 45 → $13,500 at risk, ahead of P25 ($2,500 × 20% = $500)
    deals.push(deal({ id: "Q", ownerId: 1, amountCents: 3_000_000, closeDate: "2026-11-03" }));
    const closeDateHistory = closeDateChanges("Q", [
      ["2026-09-03", "2026-08-01"],
      ["2026-10-03", "2026-09-01"],
      ["2026-11-03", "2026-10-01"],
    ]);
    const r = result(run(dataset({ reps, deals, closeDateHistory })), "company", "2026-11");
    expect(r.openDealCount).toBe(26);
    expect(r.register).toHaveLength(20);
    expect(r.register[0]?.dealId).toBe("Q");
    expect(r.register[0]?.revenueAtRiskCents).toBe(1_350_000);
    expect(r.register.slice(1).map((d) => d.dealId)).toEqual(
      Array.from({ length: 19 }, (_, i) => `P${String(25 - i).padStart(2, "0")}`),
    );
    // total at risk = 13,500 + 20% × 1,000 × (1 + … + 25) = 13,500 + 65,000 = $78,500
    expect(r.revenueAtRiskCents).toBe(7_850_000);
    // register = 13,500 + 20% × 1,000 × (7 + … + 25 = 304) = 13,500 + 60,800 = $74,300
    expect(r.registerRevenueAtRiskCents).toBe(7_430_000);
  });

  it("cuts by scope: team registers hold only their reps' deals and sum to the company", () => {
    const results = run(sampleCompany());
    const company = result(results, "company", "2026-11");
    const west = result(results, "team:West", "2026-11");
    const east = result(results, "team:East", "2026-11");
    expect(west.register.map((d) => d.dealId)).toEqual(["A"]);
    expect(east.register.map((d) => d.dealId)).toEqual(["B"]);
    expect(west.revenueAtRiskCents + east.revenueAtRiskCents).toBe(company.revenueAtRiskCents);
    expect(west.openDealCount + east.openDealCount).toBe(company.openDealCount);
    expect(result(results, "rep:Ana", "2026-11").register.map((d) => d.dealId)).toEqual(["A"]);
  });

  it("puts a scope's reps together: the top 20 of two reps' deals and their sums", () => {
    const reps = [rep({ id: 1, name: "Ana", region: "NA" }), rep({ id: 2, name: "Bo", region: "NA" })];
    // 15 deals each, all past their close date (20 points): at risk = 20% of the amount; Ana has
    // D01, D03, …, Bo D02, D04, …, so the top 20 interleaves them
    const deals = Array.from({ length: 30 }, (_, i) =>
      deal({
        id: `D${String(i + 1).padStart(2, "0")}`,
        ownerId: (i % 2) + 1,
        amountCents: (i + 1) * 100_000,
        closeDate: "2026-11-02",
      }),
    );
    const results = run(dataset({ reps, deals }));
    const region = result(results, "region:NA", "2026-11");
    expect(region.openDealCount).toBe(30);
    expect(region.register.map((d) => d.dealId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `D${String(30 - i).padStart(2, "0")}`),
    );
    // 20% × 1,000 × (1 + … + 30) = $93,000; register: 20% × 1,000 × (11 + … + 30 = 410) = $82,000
    expect(region.revenueAtRiskCents).toBe(9_300_000);
    expect(region.registerRevenueAtRiskCents).toBe(8_200_000);
    expect(result(results, "rep:Bo", "2026-11").register[0]?.dealId).toBe("D30");
    expect(region).toEqual(result(results, "company", "2026-11"));
  });

  it("stores current month as default, next month and current quarter too", () => {
    const results = run(sampleCompany());
    const company = results.filter((r) => r.scope === "company");
    expect(company.map((r) => [r.period, r.isDefault])).toEqual([
      ["2026-11", true],
      ["2026-12", false],
      ["2026-Q4", false],
    ]);
    // the quarter holds November's and December's open deals
    expect(result(results, "company", "2026-Q4").openDealCount).toBe(3);
  });

  it("keeps every score within 0–100", () => {
    for (const r of run(sampleCompany()))
      for (const d of r.payload.register) {
        expect(d.score).toBeGreaterThanOrEqual(0);
        expect(d.score).toBeLessThanOrEqual(100);
      }
  });
});

describe("top-n selection", () => {
  it("agrees with a full sort and keeps ties in order", () => {
    const xs = [5, 3, 9, 1, 9, 7, 2, 8, 6, 4, 0];
    const desc = (a: number, b: number) => b - a;
    expect(topN(xs, 4, desc)).toEqual([...xs].sort(desc).slice(0, 4));
    expect(topN(xs, 20, desc)).toEqual([...xs].sort(desc));
    expect(topN([], 3, desc)).toEqual([]);
  });
});

describe("deal risk on degenerate data", () => {
  it("gives an empty register with no deals", () => {
    const results = run(dataset({ reps: [rep({ id: 1, name: "Ana" })] }));
    const r = result(results, "company", "2026-11");
    expect(r.register).toEqual([]);
    expect(r.revenueAtRiskCents).toBe(0);
    expect(r.thresholds.executiveAmountCents).toBeNull();
    expect(r.thresholds.averageDealSizeCents).toBeNull();
    expect(result(results, "rep:Ana", "2026-11").openDealCount).toBe(0);
    expect(dealRisk.renderText(r, { scope: "company", period: "2026-11", currency: "USD" })).toContain(
      "No open deals",
    );
  });

  it("scores a single deal with no history and no won deals without guessing", () => {
    const ds = dataset({
      reps: [rep({ id: 1, name: "Ana" })],
      deals: [deal({ id: "S", ownerId: 1, amountCents: 500_000, closeDate: "2026-11-28" })],
    });
    const r = result(run(ds), "company", "2026-11");
    expect(r.register).toHaveLength(1);
    expect(r.register[0]?.score).toBe(0);
    expect(r.register[0]?.notAssessed.map((n) => n.code)).toEqual([
      "stalled",
      "no_recent_activity",
      "missing_next_step",
      "probability_mismatch",
      "concentration",
    ]);
    const text = dealRisk.renderText(r, { scope: "company", period: "2026-11", currency: "USD" });
    expect(text).toContain("$5,000");
  });
});
