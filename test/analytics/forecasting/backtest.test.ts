import { describe, expect, it } from "vitest";
import { type Backtest, HORIZONS, type ScopeBacktest } from "../../../src/analytics/forecasting/backtest";
import { cutoffIndex } from "../../../src/analytics/forecasting/close-rates";
import { computeForecast } from "../../../src/analytics/forecasting/forecast";
import type { Dataset, Deal } from "../../../src/domain/crm";
import { closeDateChanges, dataset, deal, prepared, rep, stageChanges } from "../builders";

const $ = (dollars: number) => dollars * 100;
const TODAY = "2026-11-15"; // completed months up to October; Oct's 30-day cutoff is 10-01, Sep's 08-31

/**
 * September teaches the close rate: 20 deals of $1,000, created 08-15 in Proposal closing 09-20;
 * 5 won on 09-20, 15 lost on 09-25. At Sep's 30-day cutoff (08-31) all 20 were open at Proposal
 * closing in September: in-period close rate (month, 30 days) of Proposal = 5,000 / 20,000 = 0.25.
 * October: O1 $4,000 Proposal since 09-10 closing 10-20, won 10-20; O2 $2,000 Proposal since 09-12
 * closing 10-25, pushed on 10-15 to 11-10, still open; O3 $1,000 created 10-05, won 10-28.
 */
function twoMonths(): Dataset {
  const ds = dataset({ reps: [rep({ id: 1, name: "Ana", team: "West" })] });
  for (let i = 1; i <= 20; i++) {
    const id = `S${String(i).padStart(2, "0")}`;
    const won = i <= 5;
    ds.deals.push(
      deal({
        id,
        ownerId: 1,
        stage: won ? "Closed Won" : "Closed Lost",
        amountCents: $(1_000),
        createdDate: "2026-08-15",
        closeDate: won ? "2026-09-20" : "2026-09-25",
      }),
    );
    ds.stageHistory.push(
      ...stageChanges(id, [
        ["Proposal", "2026-08-15"],
        [won ? "Closed Won" : "Closed Lost", won ? "2026-09-20" : "2026-09-25"],
      ]),
    );
    ds.closeDateHistory.push(...closeDateChanges(id, [["2026-09-20", "2026-08-15"]]));
  }
  ds.deals.push(
    deal({
      id: "O1",
      ownerId: 1,
      stage: "Closed Won",
      amountCents: $(4_000),
      createdDate: "2026-09-10",
      closeDate: "2026-10-20",
    }),
    deal({
      id: "O2",
      ownerId: 1,
      stage: "Proposal",
      amountCents: $(2_000),
      createdDate: "2026-09-12",
      closeDate: "2026-11-10",
    }),
    deal({
      id: "O3",
      ownerId: 1,
      stage: "Closed Won",
      amountCents: $(1_000),
      createdDate: "2026-10-05",
      closeDate: "2026-10-28",
    }),
  );
  ds.stageHistory.push(
    ...stageChanges("O1", [
      ["Proposal", "2026-09-10"],
      ["Closed Won", "2026-10-20"],
    ]),
    ...stageChanges("O2", [["Proposal", "2026-09-12"]]),
    ...stageChanges("O3", [
      ["Proposal", "2026-10-05"],
      ["Closed Won", "2026-10-28"],
    ]),
  );
  ds.closeDateHistory.push(
    ...closeDateChanges("O1", [["2026-10-20", "2026-09-10"]]),
    ...closeDateChanges("O2", [
      ["2026-10-25", "2026-09-12"],
      ["2026-11-10", "2026-10-15"],
    ]),
    ...closeDateChanges("O3", [["2026-10-28", "2026-10-05"]]),
  );
  sortHistory(ds);
  return ds;
}

/** The store hands history over sorted by deal id and date, as the backtest's fast path expects. */
function sortHistory(ds: Dataset): void {
  ds.deals.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  ds.stageHistory.sort((a, b) =>
    a.opportunityId === b.opportunityId
      ? a.enteredAt.localeCompare(b.enteredAt)
      : a.opportunityId.localeCompare(b.opportunityId),
  );
  ds.closeDateHistory.sort((a, b) =>
    a.opportunityId === b.opportunityId
      ? a.changedAt.localeCompare(b.changedAt)
      : a.opportunityId.localeCompare(b.opportunityId),
  );
}

function at(bt: Backtest, scope: string, period: string, horizonIndex: number) {
  const p = bt.cal.byKey.get(period);
  const sb = bt.byScope.get(scope);
  if (!p || !sb) throw new Error(`no ${scope} ${period}`);
  const j = cutoffIndex(bt.cutoffs, p.kind, p.index, horizonIndex);
  const rr = sb.runRate[j] as number;
  return {
    t: bt.cutoffs.list[j]?.t,
    stageWeighted: sb.stageWeighted[j],
    runRate: Number.isNaN(rr) ? null : rr,
    monteCarlo: sb.monteCarlo[j],
    ensemble: ensembleOf(bt, sb, period, horizonIndex),
  };
}

/** The ensemble is kept at the trend's periods only. */
function ensembleOf(bt: Backtest, sb: ScopeBacktest, period: string, horizonIndex: number) {
  const e = bt.evalIndex.get(period);
  return e === undefined ? undefined : sb.forecast[e * HORIZONS.length + horizonIndex];
}

/** What a change dated after the cutoff does show in: later cutoffs' backtest and today's forecast. */
function seen(ds: Dataset): unknown {
  const p = prepared(ds, TODAY);
  const company = p.backtest.byScope.get("company");
  const live = computeForecast(p).results.filter((r) => r.scope === "company");
  return [
    [...(company?.stageWeighted ?? [])],
    [...(company?.forecast ?? [])],
    live.map((r) => r.payload.methods.stageWeighted.amountCents),
  ];
}

describe("the backtest is the bot's own forecast as of the cutoff", () => {
  it("counts a deal pulled in from a later month as the period's new business, not its pipeline", () => {
    const ds = twoMonths();
    // O4: open on 10-01 closing 11-30 (November's pipeline then), pulled in on 10-10, won 10-15
    ds.deals.push(
      deal({
        id: "O4",
        ownerId: 1,
        stage: "Closed Won",
        amountCents: $(3_000),
        createdDate: "2026-09-01",
        closeDate: "2026-10-15",
      }),
    );
    ds.stageHistory.push(
      ...stageChanges("O4", [
        ["Proposal", "2026-09-01"],
        ["Closed Won", "2026-10-15"],
      ]),
    );
    ds.closeDateHistory.push(
      ...closeDateChanges("O4", [
        ["2026-11-30", "2026-09-01"],
        ["2026-10-15", "2026-10-10"],
      ]),
    );
    sortHistory(ds);
    const bt = prepared(ds, TODAY).backtest;
    const oct = bt.cal.byKey.get("2026-10");
    if (!oct) throw new Error("no October");
    const j = cutoffIndex(bt.cutoffs, "month", oct.index, 0);
    // October's 30-day new business: O3 (created after 10-01) and O4 (then expected in November)
    expect(bt.byScope.get("company")?.lateWon[j]).toBe($(4_000));
    // and O4 is not in October's pipeline at 10-01: the stage-weighted figure is unchanged by it
    expect(at(bt, "company", "2026-10", 0).stageWeighted).toBe(
      at(prepared(twoMonths(), TODAY).backtest, "company", "2026-10", 0).stageWeighted,
    );
  });

  it("computes a two-month case by hand", () => {
    const bt = prepared(twoMonths(), TODAY).backtest;
    // September, t = 08-31: no month before had deals to learn from, so Proposal takes its prior,
    // its place in a one-stage funnel: 1/2. Stage-weighted = 20 × 1,000 × 0.5 = 10,000.
    // Run rate: August (completed by 08-31; the data starts 08-15) booked 0 → 0. Monte Carlo mean =
    // 10,000 + new business of August (nothing created after 08-01 was won in August) = 10,000.
    // No earlier month with bookings to score the methods: equal weights → 20,000 / 3.
    expect(at(bt, "company", "2026-09", 0)).toEqual({
      t: "2026-08-31",
      stageWeighted: $(10_000),
      runRate: 0,
      monteCarlo: $(10_000),
      ensemble: Math.round($(20_000) / 3),
    });
    // October, t = 10-01: Proposal's close rate is learned from September: 0.25.
    // Stage-weighted = O1 4,000 × 0.25 + O2 2,000 × 0.25 (its push came on 10-15, after t) = 1,500.
    // Run rate = mean of August 0 and September 5,000 = 2,500. Monte Carlo mean = 1,500 + mean new
    // business of August and September at 30 days (0 and 0) = 1,500. One month with bookings
    // (September) is fewer than 3: equal weights → (1,500 + 2,500 + 1,500) / 3.
    expect(at(bt, "company", "2026-10", 0)).toEqual({
      t: "2026-10-01",
      stageWeighted: $(1_500),
      runRate: $(2_500),
      monteCarlo: $(1_500),
      ensemble: Math.round($(5_500) / 3),
    });
    // the rep's backtest is the company's here, and accuracy reads the same figure
    expect(at(bt, "rep:Ana", "2026-10", 0)).toEqual(at(bt, "company", "2026-10", 0));
    const e = bt.evalIndex.get("2026-10") as number;
    expect(bt.byScope.get("company")?.forecast[e * 3]).toBe(Math.round($(5_500) / 3));
  });

  it("learns the live forecast's close rates from the same periods", () => {
    const p = prepared(twoMonths(), TODAY);
    const nov = computeForecast(p).results.find((r) => r.scope === "company" && r.period === "2026-11");
    // Today (11-15) October has closed too: at its 30-day cutoff O1 and O2 were open at Proposal
    // closing in October and O1 (4,000) was won in it. Proposal's 30-day rate = (5,000 + 4,000) /
    // (20,000 + 6,000) over 22 deals. O2 (2,000, closing 11-10, 15 days left): 2,000 × 9 / 26.
    expect(nov?.payload.methods.stageWeighted.weightedOpenCents).toBe(Math.round(($(2_000) * 9) / 26));
    expect(nov?.payload.assumptions.stageWinRates).toEqual([
      { stage: "Proposal", rate: 9 / 26, source: "observed", reached: 22 },
    ]);
  });

  it("is unchanged by any fact dated after the cutoff", () => {
    const base = twoMonths();
    // a second open stage, so that a later stage change has somewhere to go, and two deals whose CRM
    // probabilities give both stages their prior (the funnel's order would otherwise be inferred
    // from all of the history: the priors are today's configuration, not facts of a date)
    base.deals.push(
      deal({
        id: "R1",
        ownerId: 1,
        stage: "Proposal",
        probability: 40,
        createdDate: "2026-11-01",
        closeDate: "2027-06-01",
      }),
      deal({
        id: "R2",
        ownerId: 1,
        stage: "Negotiation",
        probability: 70,
        createdDate: "2026-11-01",
        closeDate: "2027-06-01",
      }),
      deal({
        id: "O4",
        ownerId: 1,
        stage: "Negotiation",
        amountCents: $(3_000),
        createdDate: "2026-09-01",
        closeDate: "2026-11-05",
      }),
    );
    base.stageHistory.push(...stageChanges("O4", [["Negotiation", "2026-09-01"]]));
    base.closeDateHistory.push(...closeDateChanges("O4", [["2026-11-05", "2026-09-01"]]));
    sortHistory(base);
    const CUTOFF = "2026-10-01";
    const changes: [string, (ds: Dataset) => void][] = [
      [
        "a later stage change",
        (ds) => {
          ds.stageHistory.push(...stageChanges("O2", [["Negotiation", "2026-10-10"]]));
          (ds.deals.find((d) => d.id === "O2") as Deal).stage = "Negotiation";
        },
      ],
      [
        "a later close (lost) and a later win moved within the month",
        (ds) => {
          Object.assign(ds.deals.find((d) => d.id === "O2") as Deal, {
            stage: "Closed Lost",
            isClosed: true,
            closeDate: "2026-10-20",
          });
          ds.stageHistory.push(...stageChanges("O2", [["Closed Lost", "2026-10-20"]]));
          (ds.deals.find((d) => d.id === "O1") as Deal).closeDate = "2026-10-25";
        },
      ],
      [
        "a deal created later",
        (ds) => {
          ds.deals.push(
            deal({
              id: "O5",
              ownerId: 1,
              stage: "Closed Won",
              amountCents: $(7_000),
              createdDate: "2026-10-02",
              closeDate: "2026-10-30",
            }),
          );
          ds.stageHistory.push(...stageChanges("O5", [["Proposal", "2026-10-02"]]));
        },
      ],
      [
        "a later close-date change",
        (ds) => {
          ds.closeDateHistory.push(...closeDateChanges("O4", [["2026-10-15", "2026-10-03"]]));
          (ds.deals.find((d) => d.id === "O4") as Deal).closeDate = "2026-10-15";
        },
      ],
    ];
    const before = prepared(base, TODAY).backtest;
    let compared = 0;
    for (const [what, change] of changes) {
      const ds = structuredClone(base);
      change(ds);
      sortHistory(ds);
      const after = prepared(ds, TODAY).backtest;
      // every scope, every period and horizon whose cutoff is on or before 10-01
      for (const [key, sb] of before.byScope)
        before.cutoffs.list.forEach((c, j) => {
          if (c.t > CUTOFF) return;
          const a = after.byScope.get(key);
          const ensemble = (x: Backtest, s?: ScopeBacktest) =>
            s && ensembleOf(x, s, c.period.key, c.horizonIndex);
          const got = [a?.stageWeighted[j], a?.runRate[j], a?.monteCarlo[j], ensemble(after, a)];
          const want = [sb.stageWeighted[j], sb.runRate[j], sb.monteCarlo[j], ensemble(before, sb)];
          expect(got, `${what}: ${key} ${c.period.key} at ${c.t}`).toEqual(want);
          compared++;
        });
      // and the change is seen where it is not in the future any more (the test can fail)
      expect(seen(ds), what).not.toEqual(seen(base));
    }
    expect(compared).toBeGreaterThan(100);
    expect(at(before, "company", "2026-10", 0).stageWeighted).toBe($(1_500));
  });
});
