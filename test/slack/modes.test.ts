import { SocketModeReceiver } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { createApp, WEB_API_DEFAULTS } from "../../src/app";
import { configSchema } from "../../src/config";
import { openDatabase } from "../../src/store/db";
import { recordingLogger } from "./harness";

const base = { SLACK_BOT_TOKEN: "xoxb-mode-test", SLACK_API_URL: "http://127.0.0.1:9/api/" };

describe("createApp modes", () => {
  it("uses Socket Mode when an app token is set, HTTP when a signing secret is", () => {
    const db = openDatabase(":memory:");
    const socket = createApp({
      config: configSchema.parse({ ...base, SLACK_APP_TOKEN: "xapp-1-mode-test" }),
      db,
      logger: recordingLogger(),
    });
    expect((socket.app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(SocketModeReceiver);
    const http = createApp({
      config: configSchema.parse({ ...base, SLACK_SIGNING_SECRET: "mode-test-secret" }),
      db,
      logger: recordingLogger(),
    });
    expect((http.app as unknown as { receiver: unknown }).receiver).not.toBeInstanceOf(SocketModeReceiver);
  });

  it("points the Web API at SLACK_API_URL with few retries and a timeout", () => {
    const { app } = createApp({
      config: configSchema.parse({ ...base, SLACK_SIGNING_SECRET: "mode-test-secret" }),
      db: openDatabase(":memory:"),
      logger: recordingLogger(),
    });
    expect(app.client.slackApiUrl).toBe("http://127.0.0.1:9/api/");
    const client = app.client as unknown as { retryConfig: { retries: number }; timeout?: number };
    expect(client.retryConfig.retries).toBe(WEB_API_DEFAULTS.retryConfig?.retries);
    expect(client.retryConfig.retries).toBeLessThanOrEqual(3);
  });

  it("refuses to start Slack without a bot token", () => {
    expect(() => createApp({ config: configSchema.parse({}), db: openDatabase(":memory:") })).toThrow(
      "SLACK_BOT_TOKEN",
    );
  });

  it("asks auth.test at start when given no identity, and rejects start() when Slack does not answer", async () => {
    const slack = createApp({
      config: configSchema.parse({ ...base, SLACK_SIGNING_SECRET: "mode-test-secret" }),
      db: openDatabase(":memory:"),
      logger: recordingLogger(),
      clientOptions: { retryConfig: { retries: 0 } },
    });
    await expect(slack.start(0, "127.0.0.1")).rejects.toThrow("ECONNREFUSED");
  });
});
