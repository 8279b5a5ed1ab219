import { beforeAll, describe, expect, it } from "vitest";
import { addDays, daysBetween, monthPeriod, shiftPeriod } from "../../src/domain/period";
import { type LoadedSample, loadSample, type Row } from "./load-sample";

const STAGE_PROBABILITY: Record<string, string> = {
  Prospecting: "10",
  Qualification: "20",
  Discovery: "40",
  Proposal: "60",
  Negotiation: "80",
  "Closed Won": "100",
  "Closed Lost": "0",
};

let sample: LoadedSample;
const field = (row: Row, name: string): string => row[name] ?? "";

beforeAll(async () => {
  // The default size; June 2026 viewed from later, so data runs to 2026-06-30 (as-of 2026-07-01).
  sample = await loadSample({ seed: "realism", month: "2026-06", today: "2026-11-25" });
});

describe("sample company realism", () => {
  it("is an org of about 40 reps in 3 regions, 6+ teams and 2 segments, with new hires", () => {
    const reps = sample.rows.reps;
    expect(reps.length).toBeGreaterThanOrEqual(35);
    expect(reps.length).toBeLessThanOrEqual(45);
    expect(new Set(reps.map((r) => field(r, "region"))).size).toBe(3);
    expect(new Set(reps.map((r) => field(r, "team"))).size).toBeGreaterThanOrEqual(6);
    expect(new Set(reps.map((r) => field(r, "segment"))).size).toBe(2);
    const newHires = reps.filter((r) => daysBetween(field(r, "hire_date"), sample.asOf) <= 92);
    expect(newHires.length).toBeGreaterThanOrEqual(2);
    expect(reps.every((r) => field(r, "manager") !== "")).toBe(true);
  });

  it("has several hundred accounts whose contracts include renewed, expired and expiring ones", () => {
    expect(sample.rows.accounts.length).toBeGreaterThanOrEqual(300);
    const byAccount = new Map<string, Row[]>();
    for (const c of sample.rows.contracts)
      byAccount.set(field(c, "account"), [...(byAccount.get(field(c, "account")) ?? []), c]);
    const lastEnds = [...byAccount.values()].map(
      (cs) =>
        cs
          .map((c) => field(c, "end_date"))
          .sort()
          .at(-1) ?? "",
    );
    const expired = lastEnds.filter((end) => end < sample.asOf).length;
    const expiring = lastEnds.filter((end) => end >= sample.asOf && end <= addDays(sample.asOf, 90)).length;
    const renewed = [...byAccount.values()].filter((cs) =>
      cs.some((a) => cs.some((b) => field(b, "start_date") === addDays(field(a, "end_date"), 1))),
    ).length;
    expect(expired).toBeGreaterThan(5);
    expect(expiring).toBeGreaterThan(5);
    expect(renewed).toBeGreaterThan(50);
  });

  it("has about 20,000 deals over 24 months, a 20–35% win rate and log-normal deal sizes", () => {
    const opps = sample.rows.opportunities;
    expect(opps).toHaveLength(20_000);
    const won = opps.filter((o) => field(o, "is_won") === "true");
    const lost = opps.filter((o) => field(o, "is_closed") === "true" && field(o, "is_won") === "false");
    const winRate = won.length / (won.length + lost.length);
    expect(winRate).toBeGreaterThanOrEqual(0.2);
    expect(winRate).toBeLessThanOrEqual(0.35);
    const amounts = won.map((o) => Number(field(o, "amount"))).sort((a, b) => a - b);
    const median = amounts[Math.floor(amounts.length / 2)] ?? 0;
    const mean = amounts.reduce((a, b) => a + b, 0) / amounts.length;
    expect(mean).toBeGreaterThan(median * 1.2); // long right tail
    expect(amounts.at(-1) ?? 0).toBeGreaterThan(median * 10);
    const closeMonths = new Set(won.map((o) => field(o, "close_date").slice(0, 7)));
    expect(closeMonths.size).toBeGreaterThanOrEqual(24);
  });

  it("lands more wins in the last month of each quarter (quarter-end seasonality)", () => {
    const won = sample.rows.opportunities.filter((o) => field(o, "is_won") === "true");
    const quarterEndMonths = won.filter((o) =>
      ["03", "06", "09", "12"].includes(field(o, "close_date").slice(5, 7)),
    );
    expect(quarterEndMonths.length / won.length).toBeGreaterThan(0.4); // a flat year would give 1/3
  });

  it("has open pipeline closing this month and next, in every open stage", () => {
    const open = sample.rows.opportunities.filter((o) => field(o, "is_closed") === "false");
    const nextMonth = shiftPeriod(monthPeriod(2026, 7), 0).key;
    expect(open.filter((o) => field(o, "close_date").startsWith(nextMonth)).length).toBeGreaterThan(100);
    expect(new Set(open.map((o) => field(o, "stage"))).size).toBe(5);
  });

  it("has 1–2% dirty records of each kind for the data-quality checks to find", () => {
    const opps = sample.rows.opportunities;
    const seen = new Set<string>();
    const duplicateKey = (o: Row) =>
      ["account", "name", "amount", "close_date"].map((f) => field(o, f)).join("|");
    const kinds = (o: Row): string[] => {
      const found: string[] = [];
      if (field(o, "next_step") === "") found.push("missing next step");
      if (STAGE_PROBABILITY[field(o, "stage")] !== field(o, "probability")) found.push("probability off");
      if (field(o, "is_closed") === "false" && field(o, "close_date") < sample.asOf) found.push("past close");
      if (Number(field(o, "amount")) === 0) found.push("no amount");
      if (seen.has(duplicateKey(o))) found.push("duplicate");
      seen.add(duplicateKey(o));
      return found;
    };
    const perDeal = opps.map(kinds);
    const dirty = perDeal.filter((k) => k.length > 0).length;
    expect(dirty / opps.length).toBeGreaterThanOrEqual(0.01);
    expect(dirty / opps.length).toBeLessThanOrEqual(0.025);
    expect(new Set(perDeal.flat())).toEqual(
      new Set(["missing next step", "probability off", "past close", "no amount", "duplicate"]),
    );
  });

  it("gives every rep a monthly quota, with a few reps far ahead and a few far behind", () => {
    const quota = new Map<string, number>();
    for (const q of sample.rows.quotas)
      quota.set(`${field(q, "owner")}|${field(q, "period")}`, Number(field(q, "amount")));
    const months = Array.from({ length: 12 }, (_, i) => shiftPeriod(monthPeriod(2026, 6), -i).key);
    const bookings = new Map<string, number>();
    for (const o of sample.rows.opportunities) {
      if (field(o, "is_won") !== "true") continue;
      const key = `${field(o, "owner")}|${field(o, "close_date").slice(0, 7)}`;
      bookings.set(key, (bookings.get(key) ?? 0) + Number(field(o, "amount")));
    }
    const attainments: number[] = [];
    for (const rep of sample.rows.reps) {
      const hired = field(rep, "hire_date");
      expect(quota.has(`${field(rep, "name")}|2026-09`), `${field(rep, "name")} has a quota ahead`).toBe(
        true,
      );
      if (hired > "2025-06-01") continue; // ramping or partial-year reps are not compared
      const q = months.reduce((sum, m) => sum + (quota.get(`${field(rep, "name")}|${m}`) ?? 0), 0);
      const b = months.reduce((sum, m) => sum + (bookings.get(`${field(rep, "name")}|${m}`) ?? 0), 0);
      attainments.push(b / q);
    }
    expect(attainments.filter((a) => a >= 1.3).length).toBeGreaterThanOrEqual(2);
    expect(attainments.filter((a) => a < 0.65).length).toBeGreaterThanOrEqual(2);
  });

  it("has forecasts by the managers at 90, 60 and 30 days before each period end, within ±25%", () => {
    const horizons = new Set<number>();
    const scopes = new Set<string>();
    const actual = new Map<string, number>();
    for (const o of sample.rows.opportunities) {
      if (field(o, "is_won") !== "true") continue;
      const m = field(o, "close_date").slice(0, 7);
      actual.set(m, (actual.get(m) ?? 0) + Number(field(o, "amount")));
    }
    const managers = new Set(sample.rows.reps.map((r) => field(r, "manager")));
    for (const f of sample.rows.forecasts) {
      const [year, month] = field(f, "period").split("-").map(Number) as [number, number];
      horizons.add(daysBetween(field(f, "submitted_at").slice(0, 10), monthPeriod(year, month).end));
      scopes.add(field(f, "scope").split(":")[0] ?? "");
      expect(field(f, "submitted_at") < sample.asOf).toBe(true);
      if (field(f, "scope").startsWith("team:")) expect(managers.has(field(f, "submitted_by"))).toBe(true);
      const a = actual.get(field(f, "period")) ?? 0;
      if (field(f, "scope") === "company" && field(f, "period") < "2026-06") {
        const error = (Number(field(f, "amount")) - a) / a;
        expect(Math.abs(error)).toBeLessThanOrEqual(0.26);
      }
    }
    expect([...horizons].sort()).toEqual([30, 60, 90]);
    expect([...scopes].sort()).toEqual(["company", "region", "team"]);
  });

  it("has a stage and close-date history for every deal that ends at its current stage and close date", () => {
    const byDeal = new Map<string, Row[]>();
    let previous = "";
    const unsorted: string[] = [];
    const inconsistent: string[] = [];
    for (const h of sample.rows["stage-history"]) {
      const key = `${field(h, "opportunity_id")}|${field(h, "changed_at")}`;
      if (key <= previous) unsorted.push(key);
      previous = key;
      const rows = byDeal.get(field(h, "opportunity_id")) ?? [];
      rows.push(h);
      byDeal.set(field(h, "opportunity_id"), rows);
    }
    let pushed = 0;
    for (const o of sample.rows.opportunities) {
      const rows = byDeal.get(field(o, "id")) ?? [];
      const first = rows[0];
      const last = rows.at(-1);
      if (
        !first ||
        !last ||
        field(first, "changed_at").slice(0, 10) !== field(o, "created_date") ||
        field(last, "stage") !== field(o, "stage") ||
        field(last, "close_date") !== field(o, "close_date") ||
        field(last, "changed_at") >= sample.asOf
      ) {
        inconsistent.push(field(o, "id"));
      }
      const closeDates = rows.map((r) => field(r, "close_date"));
      if (closeDates.some((d, i) => i > 0 && d > (closeDates[i - 1] ?? ""))) pushed++;
    }
    expect(unsorted).toEqual([]);
    expect(inconsistent).toEqual([]);
    expect(pushed / sample.rows.opportunities.length).toBeGreaterThan(0.1);
  });

  it("has stalled open deals: in their stage for over 1.5 times the stage's median age", () => {
    const enteredStage = new Map<string, string>();
    let previous: Row | undefined;
    for (const h of sample.rows["stage-history"]) {
      const sameDeal = previous && field(previous, "opportunity_id") === field(h, "opportunity_id");
      if (!sameDeal || field(previous as Row, "stage") !== field(h, "stage")) {
        enteredStage.set(field(h, "opportunity_id"), field(h, "changed_at").slice(0, 10));
      }
      previous = h;
    }
    const agesByStage = new Map<string, number[]>();
    for (const o of sample.rows.opportunities) {
      if (field(o, "is_closed") === "true") continue;
      const age = daysBetween(enteredStage.get(field(o, "id")) ?? sample.asOf, sample.asOf);
      agesByStage.set(field(o, "stage"), [...(agesByStage.get(field(o, "stage")) ?? []), age]);
    }
    let stalled = 0;
    let open = 0;
    for (const ages of agesByStage.values()) {
      const median = [...ages].sort((a, b) => a - b)[Math.floor(ages.length / 2)] ?? 0;
      stalled += ages.filter((a) => a > 1.5 * median).length;
      open += ages.length;
    }
    expect(stalled / open).toBeGreaterThan(0.1);
  });
});
