import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/slack/http/guarded-receiver";
import { openDatabase } from "../../src/store/db";
import { startTestSlack, type TestSlack } from "./harness";

let t: TestSlack;

beforeAll(async () => {
  t = await startTestSlack({ db: openDatabase(":memory:"), admins: ["UADMIN"] });
});
afterAll(async () => {
  await t.stop();
});

const FORM = "application/x-www-form-urlencoded";
let asked = 0;
/** A /rituals help of its own (a signed request answered once is refused when sent again). */
const help = () =>
  new URLSearchParams({
    command: "/rituals",
    text: "help",
    user_id: "UADMIN",
    team_id: "T1",
    trigger_id: `help.${++asked}`,
  }).toString();

/** The app still answers a good request: what a crash or a hung receiver would not. */
async function stillServing(): Promise<void> {
  const reply = await t.signed(help(), FORM);
  expect(reply.status).toBe(200);
  expect(JSON.stringify(reply.json)).toContain("/deal-risk");
}

const warnings = () => t.logger.lines.filter((l) => l.level === "warn").map((l) => l.text);

describe("a signed request with a body Slack never sends", () => {
  it.each([
    ["payload=null", FORM],
    ["payload=1", FORM],
    ["payload=%5B%5D", FORM],
    ["payload=%7Bnot%20json", FORM],
    ["payload=%7B%7D&payload=%7B%7D", FORM],
    // keys percent-escaped, or after other fields, are still read as the payload they decode to
    ["pay%6Coad=null", FORM],
    ["command=%2Fforecast&text=&payload=1", FORM],
    ["null", "application/json"],
    ["[1,2]", "application/json"],
    ['"text"', "application/json"],
  ])("%s (%s) is answered 400 and the app keeps serving", async (body, contentType) => {
    const reply = await t.signed(body, contentType);
    expect(reply.status).toBe(400);
    expect(reply.text).toBe("");
    await stillServing();
  });

  it("is logged as a malformed body, without what it held", async () => {
    // signed a minute earlier: the same body at the same second as the case above would be a replay
    const reply = await t.signed("payload=null", FORM, { timestamp: Math.floor(Date.now() / 1000) - 60 });
    expect(reply.status).toBe(400);
    expect(warnings().some((w) => w.includes("400: malformed body"))).toBe(true);
  });
});

describe("Slack's ssl_check", () => {
  it("is answered 200 unsigned, and a payload smuggled beside it is not handled", async () => {
    const before = t.fake.calls.length;
    const click = {
      type: "block_actions",
      user: { id: "UADMIN" },
      response_url: t.fake.responseUrl("smuggled"),
      actions: [{ type: "button", action_id: "share_in_channel", value: "{}" }],
    };
    const smuggled = new URLSearchParams({ ssl_check: "1", payload: JSON.stringify(click) }).toString();
    const reply = await t.raw(smuggled, { "content-type": FORM });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe("");
    const unsigned = await t.raw(new URLSearchParams({ payload: JSON.stringify(click) }).toString(), {
      "content-type": FORM,
    });
    expect(unsigned.status).toBe(401);
    await stillServing();
    expect(t.fake.calls.length).toBe(before);
  });
});

/**
 * A POST to the app that sends only `sent` bytes of its body (declaring `declared` when given,
 * chunked otherwise) and resolves with the status once the app answers, without sending more.
 */
function partialPost(sent: number, declared?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(t.url, {
      method: "POST",
      headers: {
        "content-type": FORM,
        ...(declared === undefined ? {} : { "content-length": String(declared) }),
      },
    });
    req.on("response", (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    if (sent > 0) req.write(Buffer.alloc(sent, "a"));
    else req.flushHeaders();
  });
}

describe("a body longer than Slack sends", () => {
  it("is refused with 413 as soon as Content-Length says so, before any of it is sent", async () => {
    expect(await partialPost(0, 200 * 1024 * 1024)).toBe(413);
    await stillServing();
  });

  it("is refused with 413 as soon as the stream passes the limit", async () => {
    expect(await partialPost(MAX_BODY_BYTES + 64 * 1024)).toBe(413);
    await stillServing();
  });
});

describe("anything but a POST to /slack/events", () => {
  it("is answered 404 without reading it", async () => {
    const res = await fetch(t.url.replace("/slack/events", "/admin"), { method: "POST", body: help() });
    expect(res.status).toBe(404);
    expect((await fetch(t.url)).status).toBe(404);
  });
});
