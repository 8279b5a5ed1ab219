import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import type { DealRiskResult } from "../../src/domain/analyses/deal-risk";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { linkSlackUser } from "../../src/store/slack-links-repository";
import { answerOf, startTestSlack, type TestSlack, visibleText } from "./harness";
import { ADA, ALAN, GRACE, type SmallCompany, smallCompany } from "./small-company";

// The admin is also a rep (Alan), so an answer about someone else that came back as the
// asker's own would show Alan's figures instead.
let company: SmallCompany;
let t: TestSlack;

beforeAll(async () => {
  company = smallCompany();
  linkSlackUser(company.db, ADA.id, "UADA");
  linkSlackUser(company.db, GRACE.id, "UGRACE");
  linkSlackUser(company.db, ALAN.id, "UALAN");
  t = await startTestSlack({ db: company.db, admins: ["UALAN"] });
});
afterAll(async () => {
  await t.stop();
  company.close();
});

let asked = 0;
async function ask(command: string, text: string, user = "UALAN"): Promise<string> {
  const responseId = `small-${++asked}`;
  const body = await answerOf(t, await t.slash(command, text, user, { responseId }), responseId);
  const blocks = body.blocks as unknown[];
  expect(limitViolations({ blocks: blocks as never })).toEqual([]);
  return visibleText(blocks);
}

describe("scopes and periods typed in a command", () => {
  it("answers the month by default, a quarter for 2026-Q4 and the fiscal year for FY2026", async () => {
    const month = await ask("/quota", "");
    expect(month).toContain("Quota · Company · 2026-11");
    expect(month).toContain("*Attainment*\n37% ($8,500 of $23,000)");
    const quarter = await ask("/quota", "2026-Q4");
    expect(quarter).toContain("Quota · Company · 2026-Q4");
    expect(quarter).toContain("$11,000");
    const year = await ask("/quota", "FY2026");
    expect(year).toContain("Quota · Company · FY2026");
    expect(year).toContain("$18,000");
  });

  it("counts one deal as 1 deal", async () => {
    // Grace's only open deal closing in November is the Initech add-on
    const text = await ask("/pipeline", "rep:<@UGRACE|grace>");
    expect(text).toContain("*Open pipeline 2026-11*\n1 deal · $800");
  });

  it("answers segment:X with that segment's reps only", async () => {
    const text = await ask("/quota", "segment:Enterprise");
    expect(text).toContain("Quota · Segment Enterprise · 2026-11");
    expect(text).toContain("*Attainment*\n39% ($7,000 of $18,000)");
    expect(text).toContain(ADA.name);
    expect(text).not.toContain("Grace Hopper");
  });

  it("answers rep:@someone about the person named, not the person asking", async () => {
    const text = await ask("/quota", "rep:<@UADA|ada>");
    expect(text).toContain(`Quota · Rep ${ADA.name} · 2026-11`);
    expect(text).toContain("*Attainment*\n40% ($4,000 of $10,000)");
    const own = await ask("/quota", "me");
    expect(own).toContain(`Quota · Rep ${ALAN.name} · 2026-11`);
    expect(own).toContain("($3,000 of $8,000)");
  });

  it("combines a period and a scope in one command", async () => {
    const text = await ask("/quota", "2026-Q4 rep:<@UADA>");
    expect(text).toContain(`Quota · Rep ${ADA.name} · 2026-Q4`);
    expect(text).toContain("$6,500");
  });
});

describe("/deal-risk with a deal flagged for executive attention", () => {
  it("shows the flag, its reasons and what to do, and that it has no action item yet", async () => {
    const stored = readLatestAnalysis<DealRiskResult>(company.db, "deal-risk", "company");
    expect(stored?.payload.flaggedDealIds).toEqual(["OPP-GLOBEX"]);
    const text = await ask("/deal-risk", "");
    expect(text).toContain("*Flagged for executive attention*\n1");
    expect(text).toContain("*Flagged without an action item*\n1 (SLA 48 h)");
    expect(text).toContain("*1. Globex platform* · :rotating_light: *executive attention*");
    expect(text).toContain(
      `${ADA.name} · $50,000 · closes 2026-11-10 · Proposal · score *80*/100 · at risk $40,000`,
    );
    expect(text).toContain(
      "Why: pushed twice (+25), close date passed 14 days ago (+20), no activity 54 days (+15)",
    );
    expect(text).toContain("amount 16.7× average deal size (+10)");
    expect(text).toContain("Do: re-qualify the deal");
    expect(text).toContain("book an executive alignment call");
    expect(text).toContain(":warning: no action item yet (SLA 48 h)");
    // the other deals carry no flag
    expect(text.match(/:rotating_light:/g)).toHaveLength(1);
  });

  it("shows the flagged deal to its owner, and only the totals to a rep of the same team", async () => {
    const own = await ask("/deal-risk", "me", "UADA");
    expect(own).toContain("*1. Globex platform* · :rotating_light: *executive attention*");
    const teammate = await ask("/deal-risk", "team:East", "UGRACE");
    expect(teammate).toContain("Deal risk · Team East · 2026-11");
    expect(teammate).toContain("*Flagged for executive attention*\n1");
    expect(teammate).toContain("Deal rows are shown to the deal's owner");
    expect(teammate).not.toContain("Globex");
  });
});
