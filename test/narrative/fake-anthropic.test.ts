import { afterEach, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../../src/sandbox/fake-anthropic";

let fake: FakeAnthropic | null = null;
afterEach(async () => {
  await fake?.close();
  fake = null;
});

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("the fake Anthropic Messages API", () => {
  it("listens on the loopback address only", async () => {
    fake = await startFakeAnthropic();
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("answers as the API does: a 401 without a key, a 400 without the required fields, a 404 elsewhere", async () => {
    fake = await startFakeAnthropic();
    const noKey = await post(`${fake.url}/v1/messages`, { model: "m", max_tokens: 1, messages: [] });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ type: "error", error: { type: "authentication_error" } });
    const noModel = await post(`${fake.url}/v1/messages`, { messages: [] }, { "x-api-key": "k" });
    expect(noModel.status).toBe(400);
    const elsewhere = await post(`${fake.url}/v1/complete`, {}, { "x-api-key": "k" });
    expect(elsewhere.status).toBe(404);
  });

  it("replies with the default writer's text and records the request without the key", async () => {
    fake = await startFakeAnthropic({ writer: (r) => `echo ${r.body.model}` });
    const res = await post(
      `${fake.url}/v1/messages`,
      { model: "claude-test", max_tokens: 10, messages: [{ role: "user", content: "hi" }] },
      { "x-api-key": "secret-key-value" },
    );
    expect(await res.json()).toMatchObject({
      type: "message",
      role: "assistant",
      content: [{ type: "text", text: "echo claude-test" }],
      stop_reason: "end_turn",
    });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.hadApiKey).toBe(true);
    expect(JSON.stringify(fake.requests[0]?.headers)).not.toContain("secret-key-value");
  });
});
