import { refresh } from "./analytics/refresh";
import { createApp } from "./app";
import { ConfigError, loadConfig, slackMode } from "./config";
import { localDate } from "./domain/period";
import { redactSecrets } from "./slack/redact";
import { runSlack } from "./slack/run-slack";
import { scheduleDailyRefresh } from "./startup/daily-refresh";
import { STALE_REASON_TEXT, staleReason } from "./startup/ensure-fresh-analyses";
import { ensureSampleData } from "./startup/ensure-sample-data";
import { installLastResortHandlers } from "./startup/last-resort";
import { startupSummary } from "./startup/startup-summary";
import { openDatabase } from "./store/db";
import { storeOverview } from "./store/overview-repository";

const say = (line: string) => process.stdout.write(`${line}\n`);
// Redacted: an error's message can carry a token (a Slack error quotes the failed request).
const complain = (line: string) => process.stderr.write(`${redactSecrets(line)}\n`);

/**
 * Entry: config → store → sample data on first run → analyses brought up to date → summary →
 * (later) the sandbox, or Slack with a daily refresh.
 */
async function start(): Promise<number> {
  installLastResortHandlers(complain);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) complain(`config: ${problem}`);
    return 2;
  }
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(config.DATABASE_PATH);
  } catch (error) {
    complain(`Revenue Rituals: ${(error as Error).message}`);
    return 1;
  }
  try {
    // AS_OF (tests and demos) fixes start-up's "now"; Slack's request checks keep the real clock.
    const now = config.AS_OF ? new Date(config.AS_OF) : new Date();
    await ensureSampleData(db, config, now, { log: say });
    const stale = staleReason(db, config, now);
    if (stale) {
      say(`Computing the analyses (${STALE_REASON_TEXT[stale]})…`);
      const summary = refresh(db, { config, asOf: now });
      say(
        `  refresh #${summary.refreshId}: ${summary.analyses.length} analyses in ${Math.round(summary.totalMs)} ms`,
      );
    }
    for (const line of startupSummary(storeOverview(db), config)) say(line);
    if (slackMode(config) !== "sandbox") {
      const daily = scheduleDailyRefresh(config, say);
      try {
        const next = daily.nextInvocation();
        const tz = config.WORKSPACE_TIMEZONE;
        say(
          `Daily refresh: every day at 06:00 ${tz}${next ? `, next on ${localDate(new Date(next.getTime()), tz)}` : ""}`,
        );
        return await runSlack((identity) => createApp({ config, db, identity }), config, { say, complain });
      } finally {
        daily.cancel();
      }
    }
    return 0;
  } catch (error) {
    complain(`Revenue Rituals: ${(error as Error).message}`);
    return 1;
  } finally {
    db.close();
  }
}

process.exitCode = await start();
