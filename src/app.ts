import type { AddressInfo } from "node:net";
import type Anthropic from "@anthropic-ai/sdk";
import { App, type Logger, LogLevel, type webApi } from "@slack/bolt";
import { registerListeners } from "../commands/index";
import { type ActionReminders, startActionReminders } from "./actions/runtime";
import { type Config, slackMode } from "./config";
import { scheduledReviews } from "./rituals/action-reviews";
import { SlackDirectory } from "./slack/access";
import { slackActionReminderDeps } from "./slack/action-reminders";
import type { Answer, SlackDeps } from "./slack/answers/answer-command";
import type { BotIdentity } from "./slack/connect";
import { dedupeEvents } from "./slack/dedupe-events";
import { GuardedReceiver } from "./slack/http/guarded-receiver";
import { consoleLogger, redactingLogger } from "./slack/logger";
import { MethodRateLimits } from "./slack/rate-limits";
import { rememberSecrets } from "./slack/redact";
import { type ResponseUrlOptions, responseUrlPoster } from "./slack/response-url";
import type { RitualsService } from "./slack/rituals-service";
import { StoreCache } from "./slack/store-cache";
import type { Db } from "./store/db";

export interface CreateAppDeps {
  config: Config;
  db: Db;
  clock?: () => Date;
  logger?: Logger;
  /** default: from the config (socket when SLACK_APP_TOKEN is set, else http) */
  mode?: "socket" | "http";
  /** overrides of the Web API client options (tests shorten retries further) */
  clientOptions?: webApi.WebClientOptions;
  /**
   * Who the bot is, from connectToSlack's auth.test. Without it Bolt asks auth.test itself when
   * the app starts (the failure then rejects start()).
   */
  identity?: BotIdentity;
  /** overrides of the response_url poster's timeout and retries (tests shorten them) */
  responseUrl?: Omit<ResponseUrlOptions, "logger">;
  /** runs the action-item reminder loop (src/actions/runtime.ts) from start() until stop() */
  actionReminders?: boolean;
  /** the rituals runtime (startRituals' scheduler) for `/rituals run` and `/rituals preview` */
  rituals?: RitualsService;
  /** createAnthropicClient(config): written summaries for whoever builds them; null without a key */
  anthropic?: Anthropic | null;
}

export interface SlackApp {
  app: App;
  /** Starts listening; resolves to the bound port in HTTP mode (pass 0 for an ephemeral one). */
  start: (port?: number, host?: string) => Promise<{ port: number | null }>;
  stop: () => Promise<void>;
}

/**
 * Web API retries set deliberately: Slack's default retries for up to ~30 minutes, far past any
 * response_url's life. Two quick retries of a failed request and a 5 s timeout. A 429 is thrown,
 * not waited out: the client would pause its whole queue (every method, everyone's answers) for
 * the Retry-After; MethodRateLimits holds back only the method Slack named.
 */
export const WEB_API_DEFAULTS: webApi.WebClientOptions = {
  retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 2000 },
  timeout: 5000,
  rejectRateLimitedCalls: true,
};

const LOG_LEVELS: Record<Config["LOG_LEVEL"], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** The Bolt app for the mode: Socket Mode, or HTTP behind the guarded receiver. */
function boltApp(deps: CreateAppDeps, token: string, logger: Logger): { app: App; mode: "socket" | "http" } {
  const { config } = deps;
  const mode = deps.mode ?? (slackMode(config) === "socket" ? "socket" : "http");
  // With the identity known, Bolt never calls auth.test itself (its failure there was an
  // unhandled rejection); without it, start() asks, awaited.
  const identity = deps.identity
    ? { botId: deps.identity.botId, botUserId: deps.identity.botUserId, tokenVerificationEnabled: false }
    : { deferInitialization: true };
  const common = {
    token,
    clientOptions: {
      ...WEB_API_DEFAULTS,
      ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
      ...deps.clientOptions,
    },
    // No conversation store: nothing here keeps per-conversation state, and Bolt's default one
    // rejects with a new Error for every request in a conversation it has not seen.
    convoStore: false as const,
    logger,
    // Bolt sets a logger it is given to INFO unless told its level.
    logLevel: logger.getLevel(),
    ...identity,
  };
  if (mode === "socket") {
    if (!config.SLACK_APP_TOKEN) throw new Error("Socket Mode needs SLACK_APP_TOKEN");
    return { mode, app: new App({ ...common, appToken: config.SLACK_APP_TOKEN, socketMode: true }) };
  }
  if (!config.SLACK_SIGNING_SECRET) throw new Error("HTTP mode needs SLACK_SIGNING_SECRET");
  const receiver = new GuardedReceiver({ signingSecret: config.SLACK_SIGNING_SECRET, logger });
  return { mode, app: new App({ ...common, receiver }) };
}

/** Slack users by email, each looked up once through users.info within its rate limit. */
function slackDirectory(
  app: App,
  config: Config,
  db: Db,
  rateLimits: MethodRateLimits,
  now: () => number,
  logger: Logger,
): SlackDirectory {
  return new SlackDirectory(
    db,
    async (user) => {
      try {
        const info = await rateLimits.call("users.info", `email of ${user}`, () =>
          app.client.users.info({ user }),
        );
        return info.user?.profile?.email ?? null;
      } catch (error) {
        // A definite "no such user" is an answer (no email); anything else is a failure to retry later.
        if ((error as { data?: { error?: string } }).data?.error === "user_not_found") return null;
        throw error;
      }
    },
    new Set(config.SLACK_ADMIN_USER_IDS),
    now,
    logger,
  );
}

/** Builds the Bolt app (socket or HTTP) with every command and interaction registered. */
export function createApp(deps: CreateAppDeps): SlackApp {
  const { config, db } = deps;
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new Error("SLACK_BOT_TOKEN is required to connect to Slack");
  rememberSecrets([token, config.SLACK_APP_TOKEN, config.SLACK_SIGNING_SECRET, config.ANTHROPIC_API_KEY]);
  // Bolt, its receiver and its Web API clients all log through this one, redacted.
  const logger = redactingLogger(deps.logger ?? consoleLogger(LOG_LEVELS[config.LOG_LEVEL]));
  const { app, mode } = boltApp(deps, token, logger);
  const clock = deps.clock ?? (() => new Date());
  const now = () => clock().getTime();
  const rateLimits = new MethodRateLimits({ logger, now });
  const directory = slackDirectory(app, config, db, rateLimits, now, logger);
  const slackDeps: SlackDeps = {
    config,
    db,
    clock,
    directory,
    logger,
    answers: new StoreCache<Answer>(db),
    respond: responseUrlPoster({ logger, ...deps.responseUrl }),
    ...(deps.rituals ? { rituals: deps.rituals } : {}),
    anthropic: deps.anthropic ?? null,
  };
  dedupeEvents(app);
  registerListeners(app, slackDeps);
  app.error(async (error) => {
    logger.error(`unhandled Slack error: ${error.message}`);
  });

  let reminders: ActionReminders | null = null;
  const startReminders = () => {
    if (!deps.actionReminders || reminders) return;
    reminders = startActionReminders(
      slackActionReminderDeps({
        client: app.client,
        db,
        config,
        clock,
        logger,
        reviews: (at) => scheduledReviews(db, at),
      }),
    );
  };

  return {
    app,
    async start(port = config.PORT, host = config.HOST) {
      if (!deps.identity) await app.init();
      if (mode === "socket") {
        await app.start();
        startReminders();
        return { port: null };
      }
      const server = (await app.start({ port, host })) as import("node:http").Server;
      startReminders();
      return { port: (server.address() as AddressInfo).port };
    },
    async stop() {
      reminders?.stop();
      reminders = null;
      await app.stop();
    },
  };
}
