import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/db";
import { signature, startTestSlack, type TestSlack } from "./harness";

let t: TestSlack;

beforeAll(async () => {
  t = await startTestSlack({ db: openDatabase(":memory:"), admins: ["UADMIN"] });
});
afterAll(async () => {
  await t.stop();
});

const body = new URLSearchParams({
  command: "/rituals",
  text: "help",
  user_id: "UADMIN",
  team_id: "T1",
  channel_id: "C1",
  response_url: "http://127.0.0.1:9/none",
}).toString();

describe("request signatures", () => {
  it("answers a correctly signed request", async () => {
    const reply = await t.signed(body, "application/x-www-form-urlencoded");
    expect(reply.status).toBe(200);
    expect(JSON.stringify(reply.json)).toContain("/deal-risk");
  });

  // An app_home_opened event: handled, it would publish a Home tab (views.publish) for its user.
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
  const publishedFor = (user: string) =>
    t.fake.calls.filter((c) => c.method === "views.publish" && c.body.user_id === user);

  it.each([
    ["a wrong secret", (b: string, ts: number) => signature(b, ts, "another-secret-xyz"), 0],
    ["a signature of another body", (b: string, ts: number) => signature(`${b} `, ts), 0],
    ["a stale timestamp (6 minutes old)", (b: string, ts: number) => signature(b, ts), -360],
    ["a timestamp 6 minutes ahead", (b: string, ts: number) => signature(b, ts), 360],
    ["no signature", () => "", 0],
  ])("refuses %s with 401 and does nothing", async (name, sign, skew) => {
    const tag = name
      .replace(/[^a-z]/g, "")
      .toUpperCase()
      .slice(0, 12);
    const refused = homeOpened(`EvRefused${tag}`, `UREFUSED${tag}`);
    const ts = Math.floor(Date.now() / 1000) + skew;
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(ts),
    };
    const sig = sign(refused, ts);
    if (sig) headers["x-slack-signature"] = sig;
    const reply = await t.raw(refused, headers);
    expect(reply.status).toBe(401);
    expect(reply.text).toBe("");
    // The same event for someone else, signed: once its Home tab is published, a refused
    // request that had been handled would have published one too.
    expect((await t.signed(homeOpened(`EvAfter${tag}`, `UAFTER${tag}`), "application/json")).status).toBe(
      200,
    );
    await t.fake.waitFor((c) => c.method === "views.publish" && c.body.user_id === `UAFTER${tag}`);
    expect(publishedFor(`UREFUSED${tag}`)).toEqual([]);
    expect(t.fake.calls.filter((c) => JSON.stringify(c.body).includes(`UREFUSED${tag}`))).toEqual([]);
  });

  it("answers the same signed request once: sent again within the window it is refused", async () => {
    const once = new URLSearchParams({
      command: "/rituals",
      text: "help",
      user_id: "UADMIN",
      team_id: "T1",
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signature(once, ts),
    };
    const first = await t.raw(once, headers);
    expect(first.status).toBe(200);
    expect(JSON.stringify(first.json)).toContain("/deal-risk");
    const again = await t.raw(once, headers);
    expect(again.status).toBe(401);
    expect(again.text).toBe("");
    // Slack marks its own retries: acknowledged (it was handled), not handled again.
    const retried = await t.raw(once, { ...headers, "x-slack-retry-num": "1" });
    expect(retried.status).toBe(200);
    expect(retried.text).toBe("");
  });
});
