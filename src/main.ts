import { createApp } from "./app";
import { type Config, ConfigError, loadConfig, slackMode } from "./config";
import { localDate } from "./domain/period";
import { isSettingError } from "./errors";
import { createAnthropicClient } from "./narrative/write-summary";
import { refreshInChildProcess } from "./refresh/daily-refresh";
import { refresh } from "./refresh/refresh";
import { refreshScheduleStatus, startDailyRefresh } from "./rituals/refresh-schedule";
import { type RunningRituals, startRituals } from "./rituals/runtime";
import { listenSandbox, SandboxStartError } from "./sandbox/start";
import { redactSecrets } from "./slack/redact";
import { runSlack } from "./slack/run-slack";
import { STALE_REASON_TEXT, staleReason } from "./startup/ensure-fresh-analyses";
import { ensureSampleData } from "./startup/ensure-sample-data";
import { installLastResortHandlers } from "./startup/last-resort";
import { startupSummary } from "./startup/startup-summary";
import { type Db, openDatabase } from "./store/db";
import { storeOverview } from "./store/overview-repository";

const say = (line: string) => process.stdout.write(`${line}\n`);
// Redacted: an error's message can carry a token (a Slack error quotes the failed request).
const complain = (line: string) => process.stderr.write(`${redactSecrets(line)}\n`);

/** The configuration, or the exit code after one line per problem. */
function readConfig(): Config | number {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) complain(`config: ${problem}`);
    return 2;
  }
}

/** Without a Slack token: the sandbox's address bound (and printed) first; null with Slack; else the exit code. */
async function sandboxFirst(
  config: Config,
): Promise<Awaited<ReturnType<typeof listenSandbox>> | null | number> {
  if (slackMode(config) !== "sandbox") return null;
  try {
    return await listenSandbox(config, { say, complain });
  } catch (error) {
    if (!(error instanceof SandboxStartError)) throw error;
    complain(`Revenue Rituals: ${error.message}`);
    return error.exitCode;
  }
}

/** The store, or the exit code after one line naming the path and the reason. */
function openStore(config: Config): Db | number {
  try {
    return openDatabase(config.DATABASE_PATH);
  } catch (error) {
    complain(`Revenue Rituals: ${(error as Error).message}`);
    // a DATABASE_PATH that cannot hold the database, or a database newer than this build
    return isSettingError(error) ? 2 : 1;
  }
}

/** Sample data on first run, the analyses brought up to date, then the summary. */
async function prepareStore(db: Db, config: Config): Promise<void> {
  // AS_OF (tests and demos) fixes start-up's "now"; Slack's request checks keep the real clock.
  const now = config.AS_OF ? new Date(config.AS_OF) : new Date();
  await ensureSampleData(db, config, now, { log: say });
  const stale = staleReason(db, config, now);
  if (stale) {
    say(`Computing the analyses (${STALE_REASON_TEXT[stale]})…`);
    const summary = refresh(db, { config, now: () => new Date(), asOf: now });
    say(
      `  refresh #${summary.refreshId}: ${summary.analyses.length} analyses in ${Math.round(summary.totalMs)} ms`,
    );
  }
  for (const line of startupSummary(storeOverview(db), config)) say(line);
}

/**
 * Connected to Slack until it stops: the daily refresh's schedule, then (once Slack has answered
 * auth.test) the rituals' scheduler and the app with its action-item reminders.
 */
async function serveSlack(db: Db, config: Config): Promise<number> {
  const daily = startDailyRefresh(
    db,
    config.WORKSPACE_TIMEZONE,
    () => refreshInChildProcess(config, say),
    say,
  );
  const anthropic = createAnthropicClient(config);
  const running: { rituals: RunningRituals | null } = { rituals: null };
  try {
    const status = refreshScheduleStatus(db, daily.schedule(), config.WORKSPACE_TIMEZONE, new Date());
    const tz = config.WORKSPACE_TIMEZONE;
    say(
      `Daily refresh: ${status.words} ${status.zone}${status.next ? `, next on ${localDate(status.next, tz)}` : ""}; \`rituals refresh history\` lists its runs`,
    );
    return await runSlack(
      (identity) => {
        // once Slack has answered auth.test: the pre-reads go out from this process
        running.rituals ??= startRituals({
          db,
          config,
          anthropic,
          refresh: () => refreshInChildProcess(config, say),
          log: complain,
        });
        return createApp({
          config,
          db,
          identity,
          rituals: running.rituals.scheduler,
          anthropic,
          actionReminders: true,
        });
      },
      config,
      { say, complain },
    );
  } finally {
    await daily.stop();
    await running.rituals?.stop();
  }
}

/**
 * Entry: config → (no Slack token: the sandbox's address bound and printed first) → store → sample
 * data on first run → analyses brought up to date → summary → the sandbox, or Slack with a daily
 * refresh, the rituals' scheduler and the action-item reminders.
 */
async function start(): Promise<number> {
  installLastResortHandlers(complain);
  const config = readConfig();
  if (typeof config === "number") return config;
  const sandbox = await sandboxFirst(config);
  if (typeof sandbox === "number") return sandbox;
  const db = openStore(config);
  if (typeof db === "number") {
    sandbox?.close();
    return db;
  }
  try {
    await prepareStore(db, config);
    if (sandbox) return await sandbox.serve(db);
    if (slackMode(config) !== "sandbox") return await serveSlack(db, config);
    return 0;
  } catch (error) {
    complain(`Revenue Rituals: ${(error as Error).message}`);
    return 1;
  } finally {
    sandbox?.close();
    db.close();
  }
}

process.exitCode = await start();
