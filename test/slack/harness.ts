import crypto from "node:crypto";
import { type Logger, LogLevel } from "@slack/bolt";
import { type CreateAppDeps, createApp, type SlackApp } from "../../src/app";
import { type Config, configSchema } from "../../src/config";
import { FakeSlackApi } from "../../src/sandbox/fake-slack-api";
import { connectToSlack } from "../../src/slack/connect";
import type { Db } from "../../src/store/db";

export const SIGNING_SECRET = "test-signing-secret-0123456789";
export const BOT_TOKEN = "xoxb-test-token-not-real";

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body). */
export function signature(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${crypto.createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface RecordingLogger extends Logger {
  lines: { level: string; text: string }[];
}

export function recordingLogger(): RecordingLogger {
  const lines: { level: string; text: string }[] = [];
  const at =
    (level: string) =>
    (...msg: unknown[]) => {
      lines.push({ level, text: msg.map((m) => (m instanceof Error ? m.message : String(m))).join(" ") });
    };
  return {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setLevel: () => {},
    getLevel: () => LogLevel.DEBUG,
    setName: () => {},
  };
}

export interface HttpReply {
  status: number;
  text: string;
  /** the parsed body when it is JSON */
  json: Record<string, unknown> | null;
}

export interface TestSlack {
  fake: FakeSlackApi;
  slack: SlackApp;
  logger: RecordingLogger;
  url: string;
  config: Config;
  /** Sends a signed slash command; returns the HTTP reply (the ack). */
  slash: (
    command: string,
    text: string,
    userId: string,
    options?: { responseId?: string },
  ) => Promise<HttpReply>;
  /**
   * Sends a signed block_actions click on a button: of a private answer (an ephemeral message),
   * or with `onChannelMessage` of the message with that ts in channel C1, seen by everyone.
   * Its response_url posts land in the fake workspace's C1 as Slack would apply them.
   */
  click: (
    actionId: string,
    value: string,
    userId: string,
    options?: { responseId?: string; onChannelMessage?: string },
  ) => Promise<HttpReply>;
  /**
   * Posts a body signed as Slack signs it, now (or at `timestamp`, in seconds), with any extra
   * headers (x-slack-retry-num for a retry).
   */
  signed: (
    body: string,
    contentType: string,
    options?: { timestamp?: number; headers?: Record<string, string> },
  ) => Promise<HttpReply>;
  /** Posts a raw body with the headers given (for signature tests). */
  raw: (body: string, headers: Record<string, string>) => Promise<HttpReply>;
  stop: () => Promise<void>;
}

let responseCounter = 0;

export async function startTestSlack(options: {
  db: Db;
  admins?: string[];
  clock?: () => Date;
  env?: Record<string, string>;
  /** the response_url poster's timeout and backoff */
  responseUrl?: CreateAppDeps["responseUrl"];
  /** the rituals runtime behind /rituals run and preview, built once the fake's URL is known */
  rituals?: (fake: FakeSlackApi) => NonNullable<CreateAppDeps["rituals"]>;
}): Promise<TestSlack> {
  const fake = await new FakeSlackApi({ botToken: BOT_TOKEN }).start();
  // A generous default wait: what a test waits for is that a call comes, not how fast, and a
  // loaded machine can take seconds. (A call that never comes still fails, with the fake's message.)
  const waitFor = fake.waitFor.bind(fake);
  fake.waitFor = (test, timeoutMs = 20_000) => waitFor(test, timeoutMs);
  // the channel every command and click below comes from
  fake.workspace.addChannel({ id: "C1", name: "revenue" });
  const config = configSchema.parse({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SLACK_ADMIN_USER_IDS: (options.admins ?? []).join(","),
    WORKSPACE_TIMEZONE: "UTC",
    ...options.env,
  });
  const logger = recordingLogger();
  const slack = createApp({
    config,
    db: options.db,
    logger,
    mode: "http",
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.responseUrl ? { responseUrl: options.responseUrl } : {}),
    ...(options.rituals ? { rituals: options.rituals(fake) } : {}),
    clientOptions: { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 50 } },
    // asked as npm start asks it, so Bolt never calls auth.test on its own
    identity: await connectToSlack(config),
  });
  const { port } = await slack.start(0, "127.0.0.1");
  const url = `http://127.0.0.1:${port}/slack/events`;

  const raw = async (body: string, headers: Record<string, string>): Promise<HttpReply> => {
    const res = await fetch(url, { method: "POST", body, headers });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    return { status: res.status, text, json };
  };
  const signed = (
    body: string,
    contentType: string,
    opts: { timestamp?: number; headers?: Record<string, string> } = {},
  ) => {
    const ts = opts.timestamp ?? Math.floor(Date.now() / 1000);
    return raw(body, {
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signature(body, ts),
      ...opts.headers,
    });
  };
  const nextResponseId = () => `r${++responseCounter}`;

  return {
    fake,
    slack,
    logger,
    url,
    config,
    slash: (command, text, userId, opts = {}) => {
      const body = new URLSearchParams({
        token: "legacy",
        team_id: "T1",
        team_domain: "acme",
        channel_id: "C1",
        channel_name: "revenue",
        user_id: userId,
        user_name: userId.toLowerCase(),
        command,
        text,
        api_app_id: "A1",
        response_url: fake.responseUrl(opts.responseId ?? nextResponseId()),
        trigger_id: "1.2.3",
      }).toString();
      return signed(body, "application/x-www-form-urlencoded");
    },
    click: (actionId, value, userId, opts = {}) => {
      const payload = {
        type: "block_actions",
        team: { id: "T1", domain: "acme" },
        user: { id: userId, username: userId.toLowerCase(), team_id: "T1" },
        api_app_id: "A1",
        token: "legacy",
        container: {
          type: "message",
          message_ts: opts.onChannelMessage ?? "1.1",
          channel_id: "C1",
          is_ephemeral: opts.onChannelMessage === undefined,
        },
        trigger_id: "1.2.3",
        channel: { id: "C1", name: "revenue" },
        response_url: fake.responseUrl(opts.responseId ?? nextResponseId(), {
          channel: "C1",
          user: userId,
          ...(opts.onChannelMessage ? { messageTs: opts.onChannelMessage } : {}),
        }),
        actions: [
          {
            type: "button",
            action_id: actionId,
            block_id: "answer_actions",
            text: { type: "plain_text", text: "x" },
            value,
            action_ts: "1.2",
          },
        ],
      };
      return signed(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        "application/x-www-form-urlencoded",
      );
    },
    signed,
    raw,
    stop: async () => {
      await slack.stop();
      await fake.stop();
    },
  };
}

/**
 * The answer the user sees: the ack's body when the command answered inside it, otherwise the
 * response_url post that followed.
 */
export async function answerOf(
  t: TestSlack,
  reply: HttpReply,
  responseId: string,
): Promise<Record<string, unknown>> {
  if (reply.text !== "" && reply.json) return reply.json;
  return (await t.fake.waitFor((c) => c.responseId === responseId)).body;
}

/** Every button of a message's blocks, by action_id. */
export function buttons(blocks: unknown[]): { action_id: string; value: string; text: string }[] {
  const out: { action_id: string; value: string; text: string }[] = [];
  for (const b of blocks as {
    type: string;
    elements?: { type: string; action_id: string; value: string; text: { text: string } }[];
  }[]) {
    if (b.type !== "actions") continue;
    for (const e of b.elements ?? [])
      if (e.type === "button") out.push({ action_id: e.action_id, value: e.value, text: e.text.text });
  }
  return out;
}

/** All visible text of a message's blocks, joined: for asserting what a reader sees. */
export function visibleText(blocks: unknown[]): string {
  const texts: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") texts.push(o.text);
      for (const [k, child] of Object.entries(o)) if (k !== "value" && typeof child === "object") walk(child);
    }
  };
  walk(blocks);
  return texts.join("\n");
}
