import { type Config, slackMode } from "../config";
import { type BotIdentity, type ConnectOptions, connectToSlack, startFailure } from "./connect";
import { rememberSecrets } from "./redact";

/** What runSlack serves: the app src/app.ts builds, handed over by the entry point. */
export interface ServableSlackApp {
  /** resolves to the bound port in HTTP mode, null in Socket Mode */
  start: () => Promise<{ port: number | null }>;
  stop: () => Promise<void>;
}

export interface SlackRunOutput {
  say: (line: string) => void;
  /** one line per failure, to stderr */
  complain: (line: string) => void;
}

/**
 * Connects to Slack (Socket Mode or HTTP, from the config) and serves until SIGINT or SIGTERM;
 * resolves to the process's exit code. A failure to start is one line saying what failed and
 * what to fix (exit 2 when a setting must change, 1 when Slack or the network did not answer),
 * never a stack dump, never a token.
 */
export async function runSlack(
  build: (identity: BotIdentity) => ServableSlackApp,
  config: Config,
  out: SlackRunOutput,
  connect: ConnectOptions = {},
): Promise<number> {
  rememberSecrets([config.SLACK_BOT_TOKEN, config.SLACK_APP_TOKEN, config.SLACK_SIGNING_SECRET]);
  const mode = slackMode(config);
  let slack: ServableSlackApp | null = null;
  let port: number | null;
  try {
    const identity = await connectToSlack(config, connect);
    slack = build(identity);
    ({ port } = await slack.start());
  } catch (error) {
    // auth.test passed, so a refused token here is Socket Mode's app token.
    const failure = startFailure(
      error,
      config,
      slack && mode === "socket" ? "SLACK_APP_TOKEN" : "SLACK_BOT_TOKEN",
    );
    out.complain(`Revenue Rituals: ${failure.message}`);
    await slack?.stop().catch(() => {});
    return failure.exitCode;
  }
  out.say(
    mode === "socket"
      ? "Slack: connected in Socket Mode"
      : `Slack: HTTP mode, requests at http://${config.HOST}:${port}/slack/events`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  out.say("Slack: stopping");
  await slack.stop();
  return 0;
}
