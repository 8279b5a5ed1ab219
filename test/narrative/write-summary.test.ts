import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deterministicSummary } from "../../src/narrative/deterministic-summary";
import {
  createAnthropicClient,
  describeSource,
  type SummaryConfig,
  type SummaryOptions,
  summaryFor,
  writeSummary,
} from "../../src/narrative/write-summary";
import {
  type FakeAnthropic,
  type FakeAnthropicBehaviour,
  overloaded,
  rateLimited,
  startFakeAnthropic,
} from "../../src/sandbox/fake-anthropic";
import { monthlyFigures, planningFigures } from "./fixtures";

const GOOD = [
  "November closed at $1.23M against a $1.4M plan, 88% attainment.",
  "December's base forecast is $1.5M, between P10 $1.19M and P90 $1.81M.",
  "Our 30-day MAPE is 6.2% against the 8% target; the submitted calls missed by 12.5%.",
  "The biggest risk is Acme Corp — Platform renewal ($340K), pushed twice with no activity for 19 days.",
  "Decide how to close the $120K gap to goal with coverage at 2.4x against 3.0x.",
].join("\n");

const say = (text: string): FakeAnthropicBehaviour => ({ kind: "text", text });

let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
  client = new Anthropic({ apiKey: "sk-ant-test-0000000000", baseURL: fake.url });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.requests.length = 0;
});

const figures = monthlyFigures();
const template = deterministicSummary(figures);
const options = { model: "claude-test", maxTokens: 600, timeoutMs: 5_000 };
const write = (overrides: Partial<Omit<SummaryOptions, "client">> = {}) =>
  writeSummary(figures, { client, ...options, ...overrides });

describe("Claude's summary through the SDK", () => {
  it("is used when every figure in it checks out", async () => {
    fake.script(say(GOOD));
    const summary = await write();
    expect(summary.source).toBe("claude");
    expect(summary.lines).toEqual(GOOD.split("\n"));
    expect(summary.reason).toBeUndefined();
    expect(describeSource(summary)).toBe("Claude");
  });

  it("sends the rules as the system prompt and the figures as JSON, with no email or raw deal row", async () => {
    fake.script(say(GOOD));
    await write();
    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    expect(request?.hadApiKey).toBe(true);
    expect(request?.body.model).toBe("claude-test");
    expect(request?.body.max_tokens).toBe(600);
    expect(String(request?.body.system)).toContain("Never state a number");
    expect(String(request?.body.system)).toContain("exactly 5 lines");
    const user = JSON.stringify(request?.body.messages);
    expect(user).toContain("Acme Corp — Platform renewal");
    expect(user).toContain("$1,234,567");
    expect(request?.rawBody).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    expect(request?.rawBody).not.toMatch(/dealId|accountId|ownerId|probability|last_activity/);
  });

  it("falls back with the invented figure named", async () => {
    fake.script(say(GOOD.replace("$1.5M", "$4.2M")));
    const summary = await write();
    expect(summary).toMatchObject({ source: "template", code: "invented_figure", lines: template });
    expect(describeSource(summary)).toBe("template — invented figure $4.2M");
  });

  it("falls back when a number is rounded further than its figure allows", async () => {
    fake.script(say(GOOD.replace("$1.23M", "$1.3M")));
    const summary = await write();
    expect(summary).toMatchObject({ source: "template", code: "rounded_beyond", lines: template });
    expect(summary.reason).toBe("$1.3M is not a rounding of $1,234,567");
  });

  it("falls back when it names someone the data does not", async () => {
    fake.script(say(GOOD.replace("Acme Corp — Platform renewal", "Initech renewal")));
    const summary = await write();
    expect(summary).toMatchObject({ source: "template", code: "unknown_name" });
    expect(summary.reason).toBe("name not in the data: Initech");
  });

  it("falls back after three overloads, the SDK's retries spent", async () => {
    fake.script(overloaded, overloaded, overloaded);
    const summary = await write();
    expect(summary).toMatchObject({ source: "template", code: "overloaded", lines: template });
    expect(describeSource(summary)).toBe("template — Claude overloaded (529)");
    expect(fake.requests).toHaveLength(3);
  });

  it("rides out a single overload with a retry", async () => {
    fake.script(overloaded, say(GOOD));
    const summary = await write();
    expect(summary.source).toBe("claude");
    expect(fake.requests).toHaveLength(2);
  });

  it("falls back on a rate limit that outlasts the retries", async () => {
    fake.script(rateLimited, rateLimited, rateLimited);
    const summary = await write();
    expect(summary).toMatchObject({ source: "template", code: "rate_limited" });
    expect(describeSource(summary)).toBe("template — Claude rate limit reached (429)");
  });

  it("falls back when no answer comes within the timeout", async () => {
    fake.script({ kind: "hang" });
    const summary = await write({ timeoutMs: 300 });
    expect(summary).toMatchObject({ source: "template", code: "timeout", lines: template });
    expect(describeSource(summary)).toBe("template — Claude timed out after 0.3 s");
  });

  it("falls back on the API's refusal and on a refusal in words", async () => {
    fake.script({ kind: "refusal" }, say("I'm sorry, but I can't help with that request."));
    for (let i = 0; i < 2; i++) {
      const summary = await write();
      expect(summary).toMatchObject({ source: "template", code: "refused", lines: template });
      expect(summary.reason).toBe("Claude declined to write it");
    }
  });

  it("falls back on another API error, a reply cut at the token limit, or the wrong number of lines", async () => {
    fake.script(
      { kind: "error", status: 400, type: "invalid_request_error", message: "bad model" },
      { kind: "text", text: GOOD, stopReason: "max_tokens" },
      say(GOOD.split("\n").slice(0, 3).join("\n")),
    );
    expect((await write()).reason).toBe("Claude API error (400)");
    expect((await write()).reason).toBe("Claude's reply was cut off at the token limit");
    expect((await write()).reason).toBe("Claude wrote 3 lines, not 5");
  });

  it("removes a mention and a link before checking, and keeps the summary", async () => {
    fake.script(say(`<!channel> ${GOOD.replace("Decide how", "Decide (see https://evil.example/x) how")}`));
    const summary = await write();
    expect(summary.source).toBe("claude");
    expect(summary.lines.join("\n")).not.toMatch(/<!|https?:|evil/);
  });

  it("measures the call with the injected clock", async () => {
    // the clock is read once before the call and once after it
    const instants = [Date.parse("2026-12-04T06:00:00Z"), Date.parse("2026-12-04T06:00:01.500Z")];
    fake.script(say(GOOD));
    const summary = await write({ clock: () => new Date(instants.shift() as number) });
    expect(summary.elapsedMs).toBe(1500);
  });
});

describe("the other rituals", () => {
  it("name their ritual in the prompt and are checked against their own figures", async () => {
    const lines = [
      "Week 2 of 4 of planning Q1 FY2027 is about scenarios and models.",
      "Q4 FY2026 stands at $3.2M booked against a $4M plan, 80%.",
      "Keep current totals $4.5M and Proportional $4.6M, a 2.2% spread within the 10% limit.",
      "Proposed quota fairness is 0.81 against the 0.85 target, up from 0.78.",
      "Decide how to cover West, which is under-covered.",
    ];
    fake.script(say(lines.join("\n")), say(lines.join("\n").replace("West", "Central")));
    const planning = planningFigures();
    const good = await writeSummary(planning, { client, ...options });
    expect(good.source).toBe("claude");
    expect(String(fake.requests[0]?.body.system)).toContain("quarterly planning check-in");
    const bad = await writeSummary(planning, { client, ...options });
    expect(describeSource(bad)).toBe("template — name not in the data: Central");
    expect(bad.lines).toEqual(deterministicSummary(planning));
  });
});

describe("summaryFor decides from config", () => {
  const config = (key?: string): SummaryConfig => ({
    ANTHROPIC_API_KEY: key,
    ANTHROPIC_MODEL: "claude-test",
    ANTHROPIC_MAX_TOKENS: 600,
    ANTHROPIC_TIMEOUT_MS: 5_000,
  });

  it("uses the template quietly without a key, calling nobody", async () => {
    const summary = await summaryFor(figures, config(), { client });
    expect(summary).toMatchObject({ source: "template", code: "no_api_key", lines: template });
    expect(fake.requests).toHaveLength(0);
  });

  it("builds the client from config: none without a key, pointed at ANTHROPIC_BASE_URL with one", async () => {
    expect(createAnthropicClient(config())).toBeNull();
    const built = createAnthropicClient({
      ...config("sk-ant-test-0000000000"),
      ANTHROPIC_BASE_URL: fake.url,
    });
    expect(built?.baseURL).toBe(fake.url);
    expect(built?.maxRetries).toBe(2);
    fake.script(say(GOOD));
    const summary = await summaryFor(figures, config("sk-ant-test-0000000000"), { client: built });
    expect(summary.source).toBe("claude");
  });

  it("asks Claude through the injected client when a key is set", async () => {
    fake.script(say(GOOD));
    const summary = await summaryFor(figures, config("sk-ant-test-0000000000"), { client });
    expect(summary.source).toBe("claude");
    expect(fake.requests).toHaveLength(1);
  });
});
