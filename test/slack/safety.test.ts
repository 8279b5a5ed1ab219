import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import { SLASH_COMMANDS } from "../../commands/index";
import { ANALYSES } from "../../src/analytics/registry";
import { type DealRiskResult, dealRiskResultSchema } from "../../src/domain/analyses/deal-risk";
import { readLatestAnalysis, saveRefresh } from "../../src/store/analyses-repository";
import { openDatabase } from "../../src/store/db";
import { findRepBySlackUser, linkSlackUser, listRepDirectory } from "../../src/store/slack-links-repository";
import { answerOf, startTestSlack, type TestSlack, visibleText } from "./harness";
import { type Cast, castFrom } from "./people";
import { type StoredSample, storedSample } from "./stored-sample";

let sample: StoredSample;
let t: TestSlack;
let cast: Cast;

beforeAll(async () => {
  sample = await storedSample({ deals: 400, analyses: ["deal-risk", "attainment", "pipeline", "forecast"] });
  t = await startTestSlack({ db: sample.db, admins: ["UADMIN"] });
  cast = castFrom(sample.db, t.fake);
  await answerOf(t, await t.slash("/quota", "", cast.admin, { responseId: "warm" }), "warm");
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

describe("text from data is escaped", () => {
  it("renders a deal named <!channel> as text that pings nobody and links nowhere", async () => {
    const stored = readLatestAnalysis<DealRiskResult>(sample.db, "deal-risk", "company");
    if (!stored) throw new Error("no deal-risk stored");
    // Asked once before the new refresh: the kept answer must not outlive it.
    const before = await t.slash("/deal-risk", "top 1", cast.admin);
    expect(JSON.stringify(before.json)).not.toContain("evil.example");
    const payload = structuredClone(stored.payload);
    const first = payload.register[0];
    if (!first) throw new Error("empty register");
    first.name = "<!channel> & <http://evil.example|Salesforce>";
    first.accountName = "<@U0BOSS>";
    // Still a valid stored document: the schema is the contract.
    dealRiskResultSchema.parse(payload);
    const now = new Date().toISOString();
    saveRefresh(
      sample.db,
      { asOf: stored.asOf, importId: stored.importId, startedAt: now, finishedAt: now },
      [
        {
          name: "deal-risk",
          scope: "company",
          period: stored.period,
          isDefault: true,
          definitionVersion: ANALYSES["deal-risk"].definitionVersion,
          payloadJson: JSON.stringify(payload),
        },
      ],
      [],
    );
    const reply = await t.slash("/deal-risk", "top 1", cast.admin);
    const raw = JSON.stringify(reply.json);
    expect(raw).not.toContain("<!channel>");
    expect(raw).not.toContain("<http://evil");
    expect(raw).not.toContain("<@U0BOSS>");
    const text = visibleText(reply.json?.blocks as unknown[]);
    expect(text).toContain("&lt;!channel&gt; &amp; &lt;http://evil.example|Salesforce&gt;");
    expect(text).toContain("&lt;@U0BOSS&gt;");
  });

  it("escapes what the user typed when it is echoed back", async () => {
    const reply = await t.slash("/pipeline", "team:<!here>", cast.outsider.id);
    const raw = JSON.stringify(reply.json);
    expect(raw).not.toContain("<!here>");
    expect(visibleText(reply.json?.blocks as unknown[])).toContain("There is no team named *&lt;!here&gt;*");
  });
});

describe("typed text echoed in a 'not stored' notice", () => {
  it("is escaped for someone allowed to ask about any scope", async () => {
    const reply = await t.slash("/pipeline", "team:<!here>", cast.admin, { responseId: "admin-here" });
    const body = await answerOf(t, reply, "admin-here");
    expect(JSON.stringify(body)).not.toContain("<!here>");
    expect(visibleText(body.blocks as unknown[])).toContain("There is no team named *&lt;!here&gt;*");
  });
});

describe("when Slack's Web API misbehaves", () => {
  it("waits out a 429 on users.info, then links the user and answers through response_url", async () => {
    const rep = listRepDirectory(sample.db).find((r) => r.email && !r.slackUserId && r.team);
    if (!rep) throw new Error("no unlinked rep with an email");
    t.fake.users.set("URATE", { email: rep.email as string });
    t.fake.failNext("users.info", { status: 429, retryAfter: 1 });
    const reply = await t.slash("/quota", "me", "URATE", { responseId: "rate" });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe("");
    const posted = await t.fake.waitFor((c) => c.responseId === "rate");
    expect(visibleText(posted.body.blocks as unknown[])).toContain(`Quota · Rep ${rep.name}`);
    expect(t.fake.callsOf("users.info").filter((c) => c.body.user === "URATE")).toHaveLength(2);
    expect(findRepBySlackUser(sample.db, "URATE")?.name).toBe(rep.name);
  });

  it("answers as unlinked when users.info keeps failing with 500, logging a warning, not an error", async () => {
    t.fake.users.set("UFAIL", { email: "someone@example.com" });
    t.fake.failNext("users.info", { status: 500, times: 5 });
    const reply = await t.slash("/forecast", "", "UFAIL", { responseId: "fail" });
    expect(reply.status).toBe(200);
    const body = await answerOf(t, reply, "fail");
    const text = visibleText(body.blocks as unknown[]);
    expect(text).toContain("Forecast · Company");
    expect(text).toContain("npx rituals link");
    expect(
      t.logger.lines.some((l) => l.level === "warn" && l.text.includes("users.info for UFAIL failed")),
    ).toBe(true);
    expect(t.logger.lines.filter((l) => l.level === "error")).toEqual([]);
    expect(JSON.stringify(t.logger.lines)).not.toContain("xoxb-");
  });
});

describe("answers kept in memory follow the store", () => {
  it("shows a new refresh's figures and a link made from the command line at once", async () => {
    const first = await t.slash("/deal-risk", "me", "ULATE", { responseId: "late1" });
    expect(visibleText((await answerOf(t, first, "late1")).blocks as unknown[])).toContain(
      "npx rituals link",
    );
    const rep = listRepDirectory(sample.db).find((r) => !r.slackUserId && r.team);
    if (!rep) throw new Error("no unlinked rep");
    // `rituals link` runs in another process: another connection to the same file.
    const cli = openDatabase(sample.file);
    linkSlackUser(cli, rep.id, "ULATE");
    cli.close();
    const second = await t.slash("/deal-risk", "me", "ULATE");
    expect(visibleText(second.json?.blocks as unknown[])).toContain(`Deal risk · Rep ${rep.name}`);
  });
});

describe("manifest.yml", () => {
  const manifest = fs.readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8");
  const declared = [...manifest.matchAll(/^\s*- command: (\/[\w-]+)\s*$/gm)].map((m) => m[1] as string);

  it("declares exactly the slash commands the app registers, each once", () => {
    const registered = SLASH_COMMANDS.map((c) => c.command);
    expect(new Set(declared).size).toBe(declared.length);
    expect(new Set(registered).size).toBe(registered.length);
    expect([...declared].sort()).toEqual([...registered].sort());
  });

  it("answers every declared command inside the ack", async () => {
    for (const command of declared) {
      const reply = await t.slash(command, "help", cast.admin);
      expect(reply.status, command).toBe(200);
      expect(limitViolations({ blocks: reply.json?.blocks as never }), command).toEqual([]);
    }
  });

  it("asks only for the scopes the code uses, and subscribes to the Home tab", () => {
    const scopes = [...manifest.matchAll(/^ {6}- ([a-z:.]+)\s*$/gm)].map((m) => m[1]);
    expect(scopes.sort()).toEqual([
      // conversations.history / .replies: a pre-read's crash check
      "channels:history",
      "chat:write",
      "commands",
      "files:write",
      "groups:history",
      "im:write",
      "users:read",
      "users:read.email",
    ]);
    expect(manifest).toMatch(/bot_events:\s*\n(\s*#.*\n)?\s*- app_home_opened/);
    expect(manifest).toMatch(/interactivity:\s*\n\s*is_enabled: true/);
  });
});

const homeOpened = (eventId: string, user: string) =>
  JSON.stringify({
    token: "legacy",
    team_id: "T1",
    api_app_id: "A1",
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
    event: { type: "app_home_opened", user, channel: "D1", tab: "home", event_ts: "1.1" },
  });

describe("Home tab", () => {
  it("publishes the company's headline figures when a user opens it", async () => {
    const reply = await t.signed(homeOpened("Ev1", cast.manager.id), "application/json");
    expect(reply.status).toBe(200);
    const call = await t.fake.waitFor((c) => c.method === "views.publish");
    expect(call.body.user_id).toBe(cast.manager.id);
    const view = call.body.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    expect(limitViolations({ blocks: view.blocks as never }, { view: true })).toEqual([]);
    const forecast = readLatestAnalysis<{ scenarios: { baseCents: number } }>(
      sample.db,
      "forecast",
      "company",
    );
    const base = new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: "USD",
      maximumFractionDigits: 0,
    }).format(Math.round((forecast?.payload.scenarios.baseCents ?? 0) / 100));
    expect(visibleText(view.blocks)).toContain(base);
  });

  it("handles an event once when Slack retries it", async () => {
    // a linked user, so each handler runs straight to views.publish and calls arrive in order
    const user = cast.manager.id;
    const before = t.fake.calls.length;
    const publishes = () =>
      t.fake.calls.slice(before).filter((c) => c.method === "views.publish" && c.body.user_id === user);
    expect((await t.signed(homeOpened("EvRetry", user), "application/json")).status).toBe(200);
    await t.fake.waitFor(() => publishes().length === 1);
    // Slack's retry is a new delivery of the same event: signed again, a second later, marked.
    const retry = { timestamp: Math.floor(Date.now() / 1000) + 1, headers: { "x-slack-retry-num": "1" } };
    expect((await t.signed(homeOpened("EvRetry", user), "application/json", retry)).status).toBe(200);
    // The next event, for another linked user: once its Home tab is published, a wrongly
    // handled retry (which arrived first) would have published a second one.
    const next = cast.outsider.id;
    expect((await t.signed(homeOpened("EvNext", next), "application/json")).status).toBe(200);
    await t.fake.waitFor(
      (c) => c.method === "views.publish" && c.body.user_id === next && t.fake.calls.indexOf(c) >= before,
    );
    expect(publishes()).toHaveLength(1);
  });
});
