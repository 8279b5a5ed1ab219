/**
 * The CLI's text reads as sentences: counts agree with their noun, and enum values print as words.
 * Against the small company, whose figures are checked by hand in test/slack/small-company.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import { SMALL_AS_OF, type SmallCompany, smallCompany } from "../slack/small-company";

let company: SmallCompany;
beforeAll(() => {
  company = smallCompany();
});
afterAll(() => company.close());

async function analyze(...args: string[]): Promise<string> {
  const out: string[] = [];
  const code = await main(["analyze", ...args], {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    now: () => SMALL_AS_OF,
    env: { DATABASE_PATH: company.file },
  });
  expect(code).toBe(0);
  return out.join("\n");
}

describe("rituals analyze text", () => {
  it("says 1 deal, not 1 deals", async () => {
    // Grace's only open deal closing in November is the Initech add-on
    const text = await analyze("attainment", "--rep", "Grace Hopper");
    expect(text).toContain("(1 deal)");
    expect(text).not.toMatch(/\b1 deals\b/);
  });

  it("says ahead by, not a negative gap, when the forecast is above its target", async () => {
    // base $58,500 against November's $23,000 of quota
    const text = await analyze("forecast");
    expect(text).toContain("ahead by $35,500");
    expect(text).not.toContain("gap -");
  });

  it("prints enum values as words", async () => {
    for (const name of ["territory", "revenue-focus", "pipeline", "forecast"]) {
      const text = await analyze(name);
      if (name === "territory") expect(text).toContain("previous quarter");
      expect(text).not.toMatch(/\b(at_risk|over_covered|under_covered|planned_quarter|previous_quarter)\b/);
    }
  });
});
