import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import { openDatabase } from "../../src/store/db";
import { dataset, deal, quota, rep, seedDatabase } from "../analytics/builders";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-cli-analyze-"));
const refreshed = path.join(dir, "refreshed.db");
const fresh = path.join(dir, "fresh.db");

async function cli(file: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => new Date("2026-11-18T15:00:00Z"),
    env: { DATABASE_PATH: file },
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  for (const file of [refreshed, fresh]) {
    const db = openDatabase(file);
    seedDatabase(
      db,
      dataset({
        reps: [
          rep({ id: 1, name: "Ana Lima", team: "West", region: "Americas", segment: "Enterprise" }),
          rep({ id: 2, name: "Ben", team: "East", region: "EMEA", segment: "Mid-Market" }),
        ],
        quotas: [quota(1, "2026-11", 100_000), quota(2, "2026-11", 300_000), quota(1, "2026-10", 50_000)],
        deals: [
          deal({ id: "a", ownerId: 1, stage: "Closed Won", amountCents: 50_000, closeDate: "2026-11-02" }),
          deal({ id: "b", ownerId: 1, stage: "Closed Won", amountCents: 75_000, closeDate: "2026-10-12" }),
          deal({ id: "c", ownerId: 2, stage: "Closed Won", amountCents: 30_000, closeDate: "2026-11-09" }),
        ],
      }),
    );
    db.close();
  }
  expect((await cli(refreshed, ["refresh"])).code).toBe(0);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("rituals analyze", () => {
  it("prints the header and the text of the default period for the company", async () => {
    const r = await cli(refreshed, ["analyze", "attainment"]);
    expect(r.code).toBe(0);
    const [header, , ...body] = r.out.split("\n");
    expect(header).toBe(
      "Quota attainment — company — 2026-11 · as of 2026-11-18T15:00:00.000Z · import #1 · definitions v2",
    );
    // (50,000 + 30,000) / (100,000 + 300,000) = 20.0%
    expect(body.join("\n")).toMatch(/Attainment\s+20\.0%/);
  });

  it("prints a stored period given by --period", async () => {
    const r = await cli(refreshed, ["analyze", "attainment", "--period", "2026-10", "--rep", "ana lima"]);
    expect(r.out.split("\n")[0]).toContain("— rep:Ana Lima — 2026-10 ·");
    // 75,000 / 50,000 = 150.0%
    expect(r.out).toMatch(/Attainment\s+150\.0%/);
    expect((await cli(refreshed, ["analyze", "attainment", "--period", "2026-q4"])).out).toContain(
      "— company — 2026-Q4 ·",
    );
    expect((await cli(refreshed, ["analyze", "attainment", "--period", "fy2026"])).out).toContain(
      "— company — FY2026 ·",
    );
  });

  it.each([
    ["--team", "West", "team:West", /Attainment\s+50\.0%/],
    ["--region", "EMEA", "region:EMEA", /Attainment\s+10\.0%/],
    ["--segment", "Enterprise", "segment:Enterprise", /Attainment\s+50\.0%/],
    ["--rep", "Ben", "rep:Ben", /Attainment\s+10\.0%/],
  ])("looks up the stored scope for %s %s", async (flag, value, scope, figure) => {
    const r = await cli(refreshed, ["analyze", "attainment", flag, value]);
    expect(r.code).toBe(0);
    expect(r.out.split("\n")[0]).toContain(`— ${scope} — 2026-11 ·`);
    expect(r.out).toMatch(figure);
  });

  it("prints the full stored document with --json", async () => {
    const r = await cli(refreshed, ["analyze", "pipeline", "--team", "West", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({
      name: "pipeline",
      scope: "team:West",
      period: "2026-11",
      asOf: "2026-11-18T15:00:00.000Z",
      importId: 1,
      definitionVersion: 1,
      isDefault: true,
    });
    expect(doc.payload.coverage).toMatchObject({ quotaCents: 100_000, bookingsToDateCents: 50_000 });
  });

  it("prints data quality under its period 'current'", async () => {
    const r = await cli(refreshed, ["analyze", "data-quality", "--rep", "Ben"]);
    expect(r.out.split("\n")[0]).toContain("Data quality — rep:Ben — current ·");
  });

  it("names the analyses when the name is unknown", async () => {
    const r = await cli(refreshed, ["analyze", "atainment"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown analysis "atainment"');
    expect(r.err).toContain("attainment, forecast-accuracy, pipeline");
  });

  it("lists the stored periods when the period is not stored, and rejects a malformed one", async () => {
    const r = await cli(refreshed, ["analyze", "attainment", "--period", "2025-01"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "no attainment result for period 2025-01; stored periods: 2026-10, 2026-11, 2026-Q3, 2026-Q4, FY2026",
    );
    const bad = await cli(refreshed, ["analyze", "attainment", "--period", "Q4"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--period "Q4": expected YYYY-MM, YYYY-Qn or FYyyyy');
  });

  it("lists the stored scopes when the scope is unknown", async () => {
    const r = await cli(refreshed, ["analyze", "pipeline", "--team", "North"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no pipeline results for team "North"; stored scopes: company, region:Americas');
    expect(r.err).toContain("team:West");
  });

  it("refuses two scopes at once", async () => {
    const r = await cli(refreshed, ["analyze", "attainment", "--team", "West", "--rep", "Ben"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("at most one of --team, --region, --segment, --rep");
  });

  it("tells to run `rituals refresh` before the first refresh", async () => {
    const r = await cli(fresh, ["analyze", "attainment"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("run `rituals refresh`");
  });
});
