import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import { linkSlackUser } from "../../src/store/slack-links-repository";
import { answerOf, startTestSlack, type TestSlack, visibleText } from "./harness";
import { ALAN, type SmallCompany, smallCompany } from "./small-company";

// CURRENCY=EUR, as the README offers: the same company as small-company.test, shown in euros.
let company: SmallCompany;
let t: TestSlack;

beforeAll(async () => {
  company = smallCompany({ WORKSPACE_TIMEZONE: "UTC", FISCAL_YEAR_START_MONTH: 1, CURRENCY: "EUR" });
  linkSlackUser(company.db, ALAN.id, "UALAN");
  t = await startTestSlack({ db: company.db, admins: ["UALAN"], env: { CURRENCY: "eur" } });
});
afterAll(async () => {
  await t.stop();
  company.close();
});

async function ask(command: string, text: string, responseId: string): Promise<string> {
  const body = await answerOf(t, await t.slash(command, text, "UALAN", { responseId }), responseId);
  expect(limitViolations({ blocks: body.blocks as never })).toEqual([]);
  return visibleText(body.blocks as unknown[]);
}

describe("a workspace that counts in euros", () => {
  it("shows every amount of /quota in euros, headline and detail, and no dollar sign", async () => {
    const text = await ask("/quota", "", "eur-quota");
    expect(text).toContain("*Attainment*\n37% (€8,500 of €23,000)");
    expect(text).toMatch(/€8\.5K of €23K booked/);
    expect(text).not.toContain("$");
  });

  it("shows /deal-risk's deals and revenue at risk in euros", async () => {
    const text = await ask("/deal-risk", "", "eur-risk");
    expect(text).toContain("€50,000 · closes 2026-11-10");
    expect(text).toContain("at risk €40,000");
    expect(text).not.toContain("$");
  });
});
