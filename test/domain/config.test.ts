import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, slackMode } from "../../src/config";

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("config", () => {
  it("has defaults for everything", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      DATABASE_PATH: "data/rituals.db",
      WORKSPACE_TIMEZONE: "UTC",
      FISCAL_YEAR_START_MONTH: 1,
      CURRENCY: "USD",
      PORT: 3000,
      SLACK_ADMIN_USER_IDS: [],
    });
    expect(slackMode(c)).toBe("sandbox");
  });

  it("reads values, trims lists and treats empty as unset", () => {
    const c = loadConfig({
      FISCAL_YEAR_START_MONTH: "4",
      CURRENCY: "eur",
      SLACK_ADMIN_USER_IDS: "U1, U2,,",
      PORT: "",
    });
    expect(c).toMatchObject({
      FISCAL_YEAR_START_MONTH: 4,
      CURRENCY: "EUR",
      SLACK_ADMIN_USER_IDS: ["U1", "U2"],
      PORT: 3000,
    });
  });

  it("reports one line per bad value, naming the variable and what it got", () => {
    expect(
      problems({
        FISCAL_YEAR_START_MONTH: "13",
        WORKSPACE_TIMEZONE: "Mars/Base",
        CURRENCY: "ZZZ",
        PORT: "http",
      }),
    ).toEqual([
      'WORKSPACE_TIMEZONE must be an IANA time zone such as America/New_York (got "Mars/Base")',
      'FISCAL_YEAR_START_MONTH must be a month number from 1 to 12 (got "13")',
      'CURRENCY must be an ISO 4217 code such as USD or EUR (got "ZZZ")',
      'PORT must be a port number from 0 to 65535 (got "http")',
    ]);
  });

  it("takes AS_OF, the fixed start-up clock for tests and demos, only as an ISO instant", () => {
    expect(loadConfig({}).AS_OF).toBeUndefined();
    expect(loadConfig({ AS_OF: "2026-11-24T18:00:00Z" }).AS_OF).toBe("2026-11-24T18:00:00Z");
    expect(problems({ AS_OF: "2026-11-24" })).toEqual([
      'AS_OF must be an ISO instant such as 2026-11-24T18:00:00Z (got "2026-11-24")',
    ]);
    expect(problems({ AS_OF: "2026-13-40T00:00:00Z" })).toHaveLength(1);
  });

  it("never echoes a secret's value", () => {
    const secret = "not-a-real-token-but-secret-4711";
    const lines = problems({
      SLACK_BOT_TOKEN: secret,
      SLACK_SIGNING_SECRET: "short",
      ANTHROPIC_API_KEY: "tiny",
    });
    expect(lines).toEqual([
      "SLACK_BOT_TOKEN must start with xoxb-",
      "SLACK_SIGNING_SECRET is too short to be a signing secret",
      "ANTHROPIC_API_KEY is too short to be an API key",
    ]);
    const message = (() => {
      try {
        loadConfig({ SLACK_BOT_TOKEN: secret });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).not.toContain(secret);
  });

  it("needs the Slack tokens as a consistent set", () => {
    expect(problems({ SLACK_APP_TOKEN: "xapp-1-abc" })).toEqual([
      "SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set",
    ]);
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-123" })).toEqual([
      "SLACK_BOT_TOKEN needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) beside it",
    ]);
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }))).toBe("socket");
    expect(slackMode(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "12345678" }))).toBe(
      "http",
    );
  });
});
