import { execFile } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");

/** Runs src/main.ts as `npm start` does, with only the given variables besides PATH. */
async function start(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ["src/main.ts"], {
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm start without Slack tokens", () => {
  it("loads the sample into an empty database and prints the summary", { timeout: 90_000 }, async () => {
    const file = path.join(os.tmpdir(), `rituals-start-${process.pid}-${Date.now()}.db`);
    const first = await start({ DATABASE_PATH: file });
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("generating the sample company");
    expect(first.stdout).toContain("20,000 opportunities imported");
    expect(first.stdout).toMatch(/open pipeline +\$[\d,]+ in [\d,]+ open deals/);
    expect(first.stdout).toContain(file);
    expect(first.stdout).toContain("Slack is not connected");
    // The analyses are computed at start, so every answer has something stored to read.
    expect(first.stdout).toContain("Computing the analyses (no analyses stored yet)");
    expect(first.stdout).toMatch(/refresh #1: 9 analyses/);

    const second = await start({ DATABASE_PATH: file });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("generating");
    expect(second.stdout).not.toContain("Computing the analyses");
    expect(second.stdout).toContain("opportunities  20,000");
  });

  it("exits 2 with one line per configuration problem", async () => {
    const result = await start({ WORKSPACE_TIMEZONE: "Mars/Olympus", FISCAL_YEAR_START_MONTH: "13" });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.includes("WORKSPACE_TIMEZONE"))).toBe(true);
    expect(lines.some((l) => l.includes("FISCAL_YEAR_START_MONTH"))).toBe(true);
    expect(result.stdout).toBe("");
  });
});
