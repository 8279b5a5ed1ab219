import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dayOf, isoOf } from "../../data/sample/calendar";
import { generateSample, SAMPLE_FILES, sampleAsOfDay } from "../../data/sample/generate";
import { tempDir } from "./load-sample";

async function generate(seed: string, month: string, today = "2026-11-25"): Promise<Map<string, Buffer>> {
  const dir = tempDir("rituals-det");
  await generateSample({ outDir: dir, deals: 1500, seed, month, today });
  return new Map(SAMPLE_FILES.map((f) => [f.file, fs.readFileSync(path.join(dir, f.file))]));
}

describe("sample generator determinism", () => {
  it("gives byte-identical files for the same seed and month", async () => {
    const first = await generate("acme", "2026-06");
    const second = await generate("acme", "2026-06", "2027-01-03"); // a later real day changes nothing
    for (const f of SAMPLE_FILES)
      expect(second.get(f.file)?.equals(first.get(f.file) as Buffer), f.file).toBe(true);
  });

  it("gives a different company for a different seed or month", async () => {
    const base = await generate("acme", "2026-06");
    const otherSeed = await generate("globex", "2026-06");
    const otherMonth = await generate("acme", "2026-07");
    expect(otherSeed.get("opportunities.csv")?.equals(base.get("opportunities.csv") as Buffer)).toBe(false);
    expect(otherSeed.get("reps.csv")?.equals(base.get("reps.csv") as Buffer)).toBe(false);
    expect(otherMonth.get("opportunities.csv")?.equals(base.get("opportunities.csv") as Buffer)).toBe(false);
  });

  it("writes exactly the requested number of opportunities", async () => {
    const dir = tempDir("rituals-count");
    const result = await generateSample({ outDir: dir, deals: 777, month: "2026-03" });
    expect(result.files.find((f) => f.kind === "opportunities")?.rows).toBe(777);
    const lines = fs.readFileSync(path.join(dir, "opportunities.csv"), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(778); // header + 777
  });

  it("stops data at today within the current month, else at the month's end", () => {
    expect(isoOf(sampleAsOfDay("2026-11", "2026-11-25"))).toBe("2026-11-25");
    expect(isoOf(sampleAsOfDay("2026-06", "2026-11-25"))).toBe("2026-07-01");
    expect(sampleAsOfDay("2026-02")).toBe(dayOf("2026-03-01"));
  });

  it("rejects a malformed month or deal count", async () => {
    const dir = tempDir("rituals-bad");
    await expect(generateSample({ outDir: dir, month: "2026-13" })).rejects.toThrow(/YYYY-MM/);
    await expect(generateSample({ outDir: dir, month: "2026-01", deals: 0 })).rejects.toThrow(/positive/);
  });
});
