/**
 * Attainment at the edges of a period: a deal closing on the first or the last day is in it, the
 * next day's is not; a period is complete only once its last day has passed.
 */
import { describe, expect, it } from "vitest";
import { attainmentFor, newShared } from "../../src/analytics/attainment/attainment";
import { monthPeriod, quarterPeriod } from "../../src/domain/period";
import { basesOf } from "../analytics/attainment/stored-forecasts";
import { dataset, deal, prepared, quota, rep } from "../analytics/builders";

/** November's stored forecast for the company (what attainment projects while November runs). */
const bases = basesOf({ "company|2026-11": 400_00 });

const company = { kind: "company" as const, value: "" };
const ada = rep({ id: 1, name: "Ada Lovelace", team: "East" });

describe("a won deal's close date against the period", () => {
  const ds = dataset({
    reps: [ada],
    deals: [
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 30_000_00, closeDate: "2026-09-30" }),
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 1_000_00, closeDate: "2026-10-01" }),
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 200_00, closeDate: "2026-10-31" }),
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 4_000_000_00, closeDate: "2026-11-01" }),
    ],
    quotas: [quota(1, "2026-10", 2_400_00)],
  });
  const p = prepared(ds, "2026-11-24");

  it("counts deals closing on the first and on the last day of the month, and none outside", () => {
    const october = attainmentFor(p, bases, company, monthPeriod(2026, 10));
    expect(october.bookingsCents).toBe(1_200_00);
    expect(october.wonDeals).toBe(2);
    expect(october.attainment).toBe(0.5);
  });

  it("counts a deal on a quarter's last day in that quarter, not the next", () => {
    expect(attainmentFor(p, bases, company, quarterPeriod(2026, 3)).bookingsCents).toBe(30_000_00);
    expect(attainmentFor(p, bases, company, quarterPeriod(2026, 4)).bookingsCents).toBe(4_001_200_00);
  });
});

describe("a period is complete only after its last day", () => {
  const ds = dataset({
    reps: [ada],
    deals: [
      deal({ ownerId: 1, stage: "Proposal", amountCents: 500_00, closeDate: "2026-11-30" }),
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 100_00, closeDate: "2026-11-02" }),
    ],
    quotas: [quota(1, "2026-11", 1_000_00)],
  });
  const november = monthPeriod(2026, 11);

  it("on the last day the period is still running and its open deals still count", () => {
    const r = attainmentFor(prepared(ds, "2026-11-30"), bases, company, november);
    expect(r.periodComplete).toBe(false);
    expect(r.projection.openDeals).toBe(1);
    expect(r.projection.openPipelineCents).toBe(500_00);
    expect(r.projection.projectedBookingsCents).toBe(400_00);
  });

  it("the day after, it is complete: nothing is left to close, so the projection is its bookings", () => {
    const r = attainmentFor(prepared(ds, "2026-12-01"), bases, company, november);
    expect(r.periodComplete).toBe(true);
    expect(r.projection.openDeals).toBe(0);
    expect(r.projection.projectedBookingsCents).toBe(100_00);
  });

  it("the quarter trend marks the current quarter to date on its last day, complete the day after", () => {
    const onLastDay = attainmentFor(prepared(ds, "2026-12-31"), bases, company, november);
    expect(onLastDay.trend.map((t) => [t.period.key, t.complete])).toEqual([
      ["2026-Q1", true],
      ["2026-Q2", true],
      ["2026-Q3", true],
      ["2026-Q4", false],
    ]);
    const dayAfter = attainmentFor(prepared(ds, "2027-01-01"), bases, company, november);
    expect(dayAfter.trend.map((t) => [t.period.key, t.complete])).toEqual([
      ["2026-Q2", true],
      ["2026-Q3", true],
      ["2026-Q4", true],
      ["2027-Q1", false],
    ]);
  });
});

describe("parts shared between a refresh's attainment documents", () => {
  const bea = rep({ id: 2, name: "Bea Ferris", team: "East" });
  const ds = dataset({
    reps: [ada, bea],
    deals: [
      deal({ ownerId: 1, stage: "Closed Won", amountCents: 1_000_00, closeDate: "2026-10-05" }),
      deal({ ownerId: 2, stage: "Closed Won", amountCents: 300_00, closeDate: "2026-07-10" }),
    ],
    quotas: [quota(1, "2026-10", 2_000_00), quota(2, "2026-Q3", 900_00)],
  });
  const p = prepared(ds, "2026-11-24");
  const east = { kind: "team" as const, value: "East" };

  it("gives every document what it would compute alone", () => {
    const shared = newShared();
    for (const period of [monthPeriod(2026, 10), quarterPeriod(2026, 3), quarterPeriod(2026, 4)])
      for (const scope of [company, east])
        expect(attainmentFor(p, bases, scope, period, null, shared)).toEqual(
          attainmentFor(p, bases, scope, period),
        );
    // each rep's row of each period made once for the company's and the team's documents
    expect(shared.repRows.size).toBe(6);
    expect(shared.trends.size).toBe(2);
  });
});
