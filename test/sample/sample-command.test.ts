import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import { tempDir } from "./load-sample";

async function rituals(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => new Date("2026-11-25T12:00:00Z"),
    env: {},
  });
  return { code, out, err };
}

describe("rituals sample", () => {
  it("writes the seven files and says where, how many rows and in what order to import", async () => {
    const dir = path.join(tempDir("rituals-cli-sample"), "out");
    const result = await rituals([
      "sample",
      "--out",
      dir,
      "--deals",
      "400",
      "--seed",
      "7",
      "--month",
      "2026-10",
    ]);
    expect(result.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual([
      "accounts.csv",
      "contracts.csv",
      "forecasts.csv",
      "opportunities.csv",
      "quotas.csv",
      "reps.csv",
      "stage-history.csv",
    ]);
    const text = result.out.join("\n");
    expect(text).toContain("as of 2026-11-01"); // a past month runs to its end
    expect(text).toMatch(/opportunities\.csv +400 rows/);
    expect(text).toContain("reps, accounts, contracts, opportunities, stage-history, quotas, forecasts");
  });

  it("defaults the month to now's, with data up to today", async () => {
    const dir = tempDir("rituals-cli-sample-now");
    const result = await rituals(["sample", "--out", dir, "--deals", "200"]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toContain("as of 2026-11-25");
  });

  it("rejects a missing --out, a bad deal count or month with usage and exit code 2", async () => {
    for (const args of [
      ["--deals", "10"],
      ["--out", "x", "--deals", "ten"],
      ["--out", "x", "--month", "2026-1"],
    ]) {
      const result = await rituals(["sample", ...args]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err.join("\n")).toContain("usage: rituals sample");
    }
  });

  it("writes a profile's company and says which; refuses an unknown profile, listing them", async () => {
    const dir = tempDir("rituals-cli-sample-profile");
    const result = await rituals([
      "sample",
      "--out",
      dir,
      "--deals",
      "300",
      "--month",
      "2026-10",
      "--profile",
      "slips",
    ]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toContain("Sample company (profile slips) as of 2026-11-01");

    const bad = await rituals(["sample", "--out", path.join(dir, "bad"), "--profile", "fast"]);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toContain(
      '--profile "fast" is not a profile; profiles: standard, slow-cycles, slips, growth, seasonal',
    );
    expect(fs.existsSync(path.join(dir, "bad"))).toBe(false);
    const help = await rituals(["sample", "--help"]);
    expect(help.out.join("\n")).toMatch(/--profile NAME[\s\S]*seasonal +quarter-end and year-end spikes/);
  });
});
