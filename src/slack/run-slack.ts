import { createApp } from "../app";
import { type Config, slackMode } from "../config";
import type { Db } from "../store/db";

/**
 * Connects to Slack (Socket Mode or HTTP, from the config) and serves until SIGINT or SIGTERM.
 * Prints where it listens, never a token.
 */
export async function runSlack(db: Db, config: Config, say: (line: string) => void): Promise<void> {
  const slack = createApp({ config, db });
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
