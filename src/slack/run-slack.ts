import { type Config, slackMode } from "../config";

/** What runSlack serves: the app src/app.ts builds, handed over by the entry point. */
export interface ServableSlackApp {
  /** resolves to the bound port in HTTP mode, null in Socket Mode */
  start: () => Promise<{ port: number | null }>;
  stop: () => Promise<void>;
}

/**
 * Connects to Slack (Socket Mode or HTTP, from the config) and serves until SIGINT or SIGTERM.
 * Prints where it listens, never a token.
 */
export async function runSlack(
  slack: ServableSlackApp,
  config: Config,
  say: (line: string) => void,
): Promise<void> {
  const { port } = await slack.start();
  const mode = slackMode(config);
  say(
    mode === "socket"
      ? "Slack: connected in Socket Mode"
      : `Slack: HTTP mode, requests at http://${config.HOST}:${port}/slack/events`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  say("Slack: stopping");
  await slack.stop();
}
