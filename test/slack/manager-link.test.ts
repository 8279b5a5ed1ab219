import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import { main } from "../../src/cli";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { DealRiskResult } from "../../src/domain/analyses/deal-risk";
import { formatMoney } from "../../src/domain/money";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { listRepDirectory } from "../../src/store/slack-links-repository";
import { startTestSlack, type TestSlack, visibleText } from "./harness";
import { type StoredSample, storedSample } from "./stored-sample";

// The sample as generated: its team managers are names in the reps' manager column, with no rep
// row of their own (they carry no quota). `rituals link` links a sales leader to that name.
let sample: StoredSample;
let t: TestSlack;
let manager: string;
let team: string;
let otherTeam: string;

beforeAll(async () => {
  sample = await storedSample({ analyses: ["attainment", "deal-risk"], managersAsReps: false });
  t = await startTestSlack({ db: sample.db, admins: [] });
  const reps = listRepDirectory(sample.db);
  const first = reps.find((r) => r.manager && r.team) ?? (null as never);
  manager = first.manager as string;
  team = first.team as string;
  otherTeam = reps.find((r) => r.team && r.manager !== manager)?.team as string;
  const out: string[] = [];
  const code = await main(["link", "<@UBOSS>", manager.toUpperCase()], {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    env: { DATABASE_PATH: sample.file },
  });
  expect(code).toBe(0);
  expect(out.join("\n")).toContain(`Linked UBOSS to ${manager}, manager of ${team}`);
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

function stored<T>(name: "attainment" | "deal-risk", scope: string) {
  const s = readLatestAnalysis<T>(sample.db, name, scope);
  if (!s) throw new Error(`no ${name} stored for ${scope}`);
  return s;
}

async function ask(command: string, text: string): Promise<string> {
  const reply = await t.slash(command, text, "UBOSS");
  expect(reply.status).toBe(200);
  const body = reply.json as { blocks: unknown[] };
  expect(limitViolations({ blocks: body.blocks as never })).toEqual([]);
  return visibleText(body.blocks);
}

describe("a manager without a rep row, linked by name", () => {
  it("sees their team's attainment with its rep rows, asking nobody's email", async () => {
    const q = stored<AttainmentResult>("attainment", `team:${team}`);
    // the calls of this answer only: another test of the file links a second user (in any order)
    const callsBefore = t.fake.calls.length;
    const text = await ask("/quota", `team:${team}`);
    expect(text).toContain(formatMoney(q.payload.bookingsCents));
    expect(text).toContain("*By rep*");
    for (const r of listRepDirectory(sample.db).filter((x) => x.team === team))
      expect(text).toContain(r.name);
    expect(t.fake.calls.slice(callsBefore).filter((c) => c.method === "users.info")).toEqual([]);
  });

  it("gets their team's deal-risk register by default and for `me`, with the deals", async () => {
    const s = stored<DealRiskResult>("deal-risk", `team:${team}`);
    const firstDeal = s.payload.register[0]?.name;
    expect(firstDeal).toBeTruthy();
    for (const text of [await ask("/deal-risk", ""), await ask("/deal-risk", "me")]) {
      expect(text).toContain(`Deal risk · Team ${team}`);
      expect(text).toContain(formatMoney(s.payload.revenueAtRiskCents));
      expect(text).toContain(`*1. ${firstDeal}*`);
    }
  });

  it("sees the figures of their team's region, like the reps in it", async () => {
    const region = listRepDirectory(sample.db).find((r) => r.team === team)?.region as string;
    const q = stored<AttainmentResult>("attainment", `region:${region}`);
    const text = await ask("/quota", `region:${region}`);
    expect(text).not.toContain(":lock:");
    expect(text).toContain(formatMoney(q.payload.bookingsCents));
  });

  it("is refused another team's figures", async () => {
    const q = stored<AttainmentResult>("attainment", `team:${otherTeam}`);
    expect(otherTeam).not.toBe(team);
    const text = await ask("/quota", `team:${otherTeam}`);
    expect(text).toContain(":lock:");
    expect(text).not.toContain(formatMoney(q.payload.bookingsCents));
  });

  it("is named a manager, with their team offered, when asked for as a rep", async () => {
    t.fake.users.set("UPEER", { email: "peer@elsewhere.example" });
    const reply = await t.slash("/quota", "rep:<@UBOSS>", "UPEER", { responseId: "peer" });
    const body = reply.text === "" ? (await t.fake.waitFor((c) => c.responseId === "peer")).body : reply.json;
    const text = visibleText((body as { blocks: unknown[] }).blocks);
    expect(text).toContain(
      `<@UBOSS> is a manager and carries no deals of their own: ask for their team: \`team:${team}\`.`,
    );
    expect(text).not.toContain("not linked");
    const byName = await ask("/deal-risk", `rep:"${manager}"`);
    expect(byName).toContain(`*${manager}* is a manager and carries no deals of their own`);
  });

  it("is pointed at their team's deal rows, not at `me`, on company totals", async () => {
    const text = await ask("/deal-risk", "company");
    expect(text).toContain(
      `Deal rows are shown to the deal's owner, their managers and admins: try \`/deal-risk team:${team}\`.`,
    );
  });
});
