/**
 * One forecast everywhere: the same scope and period give the same base in `/quota` (projected),
 * `/forecast` (base), `rituals analyze attainment --json` and `rituals analyze forecast --json`, on
 * the sample imported and refreshed as a user's database is; and each scope's forecast is the sum
 * of its parts (reps → team → company) within the Monte Carlo's sampling error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { ForecastResult } from "../../src/domain/analyses/forecast";
import { formatMoney } from "../../src/domain/money";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { answerOf, startTestSlack, type TestSlack, visibleText } from "./harness";
import { type Cast, castFrom } from "./people";
import { type StoredSample, storedSample } from "./stored-sample";

let sample: StoredSample;
let t: TestSlack;
let cast: Cast;
let asked = 0;

beforeAll(async () => {
  sample = await storedSample({ analyses: ["forecast", "attainment", "forecast-accuracy"] });
  t = await startTestSlack({ db: sample.db, admins: ["UADMIN"] });
  cast = castFrom(sample.db, t.fake);
  await answerOf(t, await t.slash("/quota", "", cast.admin, { responseId: "warm" }), "warm");
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

async function analyzeJson<T>(name: string, period: string, scopeArgs: string[]): Promise<T> {
  const out: string[] = [];
  const code = await main(["analyze", name, "--period", period, ...scopeArgs, "--json"], {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    now: () => sample.asOf,
    env: { DATABASE_PATH: sample.file },
  });
  expect(code, out.join("\n")).toBe(0);
  return (JSON.parse(out.join("\n")) as { payload: T }).payload;
}

async function answerText(command: string, text: string): Promise<string> {
  const id = `ask-${++asked}`;
  const reply = await t.slash(command, text, cast.admin, { responseId: id });
  expect(reply.status).toBe(200);
  return visibleText((await answerOf(t, reply, id)).blocks as unknown[]);
}

describe("one forecast everywhere", () => {
  const cases = () => [
    { period: "2026-11", scope: "company", slash: "", cli: [] as string[] },
    { period: "2026-Q4", scope: "company", slash: "", cli: [] as string[] },
    {
      period: "2026-11",
      scope: `team:${cast.manager.team}`,
      slash: `team:${cast.manager.team}`,
      cli: ["--team", cast.manager.team],
    },
    {
      period: "2026-Q4",
      scope: `team:${cast.manager.team}`,
      slash: `team:${cast.manager.team}`,
      cli: ["--team", cast.manager.team],
    },
  ];

  it("shows the same base in /quota, /forecast, analyze attainment --json and analyze forecast --json", async () => {
    for (const c of cases()) {
      const f = await analyzeJson<ForecastResult>("forecast", c.period, c.cli);
      const a = await analyzeJson<AttainmentResult>("attainment", c.period, c.cli);
      const base = f.scenarios.baseCents;
      expect(a.projection, `${c.scope} ${c.period}`).toMatchObject({
        source: "forecast_base",
        projectedBookingsCents: base,
      });
      expect(a.projection.projectedAttainment).toBeCloseTo(base / a.quotaCents, 12);
      const quota = await answerText("/quota", `${c.period} ${c.slash}`.trim());
      expect(quota).toContain(
        `*Projected*\n${Math.round((base / a.quotaCents) * 100)}% (${formatMoney(base)}, forecast base)`,
      );
      const forecast = await answerText("/forecast", `${c.period} ${c.slash}`.trim());
      expect(forecast).toContain(`*Base*\n${formatMoney(base)}`);
    }
  });

  it("keeps the Monte Carlo's seeds and draw counts out of the answer, in --json and the detail text", async () => {
    const f = await analyzeJson<ForecastResult>("forecast", "2026-11", []);
    expect(f.assumptions.draws).toBeGreaterThan(0);
    expect(f.methods.monteCarlo.seed).toEqual(expect.any(Number));
    const answer = await answerText("/forecast", "2026-11");
    expect(answer).toContain("*Assumptions*");
    expect(answer).not.toMatch(/seed|draws/i);
    const out: string[] = [];
    await main(["analyze", "forecast", "--period", "2026-11"], {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      now: () => sample.asOf,
      env: { DATABASE_PATH: sample.file },
    });
    expect(out.join("\n")).toContain(
      `${f.methods.monteCarlo.draws.toLocaleString("en-US")} draws, seed ${f.methods.monteCarlo.seed}`,
    );
  });

  it("gives every rep row of a breakdown the rep's own stored forecast", () => {
    const company = readLatestAnalysis<AttainmentResult>(sample.db, "attainment", "company", "2026-11");
    const rows = company?.payload.breakdown.find((b) => b.dimension === "rep")?.rows ?? [];
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) {
      const f = readLatestAnalysis<ForecastResult>(sample.db, "forecast", row.scope ?? "", "2026-11");
      expect(f, row.name).not.toBeNull();
      if (row.quotaCents > 0)
        expect(row.projectedAttainment).toBeCloseTo(
          (f?.payload.scenarios.baseCents ?? 0) / row.quotaCents,
          12,
        );
    }
  });

  it("adds reps up to their team and teams up to the company, within the draws' sampling error", () => {
    const all = sample.db.prepare("SELECT scope, period FROM analyses WHERE name = 'forecast'").all() as {
      scope: string;
      period: string;
    }[];
    const reps = sample.db
      .prepare("SELECT r.name, t.name AS team FROM reps r LEFT JOIN teams t ON t.id = r.team_id")
      .all() as { name: string; team: string | null }[];
    for (const period of [...new Set(all.map((r) => r.period))]) {
      const f = (scope: string) => {
        const r = readLatestAnalysis<ForecastResult>(sample.db, "forecast", scope, period)?.payload;
        if (!r) throw new Error(`no forecast for ${scope} ${period}`);
        return r;
      };
      // The open deals are drawn once per draw and shared by every scope, so only the new business
      // (bootstrapped per scope) differs: its standard error is the pool's spread / √draws.
      const se = (r: ForecastResult) => {
        const xs = r.methods.monteCarlo.newBusiness.samples.map(
          (s) => s.bookingsCents * r.methods.monteCarlo.newBusiness.remainingFraction,
        );
        if (xs.length < 2) return 0;
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
        return sd / Math.sqrt(r.methods.monteCarlo.draws);
      };
      const check = (whole: ForecastResult, parts: ForecastResult[]) => {
        const sum = parts.reduce((s, p) => s + p.methods.monteCarlo.meanCents, 0);
        const tolerance =
          4 * Math.sqrt([whole, ...parts].reduce((s, p) => s + se(p) ** 2, 0)) + parts.length + 1;
        expect(
          Math.abs(whole.methods.monteCarlo.meanCents - sum),
          `${whole.scope} ${period}`,
        ).toBeLessThanOrEqual(tolerance);
        // bookings to date add up to the cent, the stage-weighted method but for each part's
        // new-business mean rounded to the cent
        expect(
          Math.abs(
            whole.methods.stageWeighted.amountCents -
              parts.reduce((s, p) => s + p.methods.stageWeighted.amountCents, 0),
          ),
        ).toBeLessThanOrEqual(parts.length);
        expect(whole.wonToDateCents).toBe(parts.reduce((s, p) => s + p.wonToDateCents, 0));
      };
      const teams = [...new Set(reps.map((r) => r.team).filter((x): x is string => x !== null))];
      for (const team of teams)
        check(
          f(`team:${team}`),
          reps.filter((r) => r.team === team).map((r) => f(`rep:${r.name}`)),
        );
      check(
        f("company"),
        teams.map((team) => f(`team:${team}`)),
      );
    }
  });
});
