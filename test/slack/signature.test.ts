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
});
