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

  it.each([
    ["a wrong secret", (ts: number) => signature(body, ts, "another-secret-xyz"), 0],
    ["a signature of another body", (ts: number) => signature(`${body}&x=1`, ts), 0],
    ["a stale timestamp (6 minutes old)", (ts: number) => signature(body, ts), -360],
    ["a timestamp 6 minutes ahead", (ts: number) => signature(body, ts), 360],
    ["no signature", () => "", 0],
  ])("refuses %s with 401 and does nothing", async (_name, sign, skew) => {
    const before = t.fake.calls.length;
    const ts = Math.floor(Date.now() / 1000) + skew;
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
    };
    const sig = sign(ts);
    if (sig) headers["x-slack-signature"] = sig;
    const reply = await t.raw(body, headers);
    expect(reply.status).toBe(401);
    expect(reply.text).toBe("");
    await new Promise((r) => setTimeout(r, 50));
    expect(t.fake.calls.length).toBe(before);
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
