import os from "node:os";
import type Anthropic from "@anthropic-ai/sdk";
import { webApi } from "@slack/bolt";
import type { Config } from "../config";
import { latestRefresh } from "../store/analyses-repository";
import type { Db } from "../store/db";
import { type Clock, systemClock } from "./clock";
import type { PreReadComposer } from "./message";
import { preReadComposer } from "./pre-read/composer";
import { RitualScheduler } from "./scheduler";
import { SCHEDULER_WEB_API_OPTIONS, SlackPoster } from "./slack-poster";

/**
 * The rituals as the app process runs them: one scheduler over the store with the Web API poster
 * and the full pre-read composer, started beside the Slack app (and by the sandbox, with its own
 * client). Before a pre-read is built the analyses are brought up to date by `refresh` (the daily
 * refresh's child process), at most once per REFRESH_FRESH_MS however many pre-reads fall due.
 */

export interface RitualsRuntimeDeps {
  db: Db;
  config: Config;
  /** the scheduler's own client (no hidden retries, see SCHEDULER_WEB_API_OPTIONS); from config when absent */
  client?: webApi.WebClient;
  clock?: Clock;
  /** createAnthropicClient(config); null or absent: the template summary */
  anthropic?: Anthropic | null;
  /** brings the stored analyses up to date (refreshInChildProcess); none: build from what is stored */
  refresh?: () => Promise<unknown>;
  /** this process as lease holder; default host:pid */
  holder?: string;
  log?: (line: string) => void;
}

/** A refresh finished this recently is fresh enough to build on. */
export const REFRESH_FRESH_MS = 15 * 60_000;

/** The Web API client the scheduler posts with, from the config (SLACK_API_URL for a local fake). */
export function schedulerClient(config: Pick<Config, "SLACK_BOT_TOKEN" | "SLACK_API_URL">): webApi.WebClient {
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...SCHEDULER_WEB_API_OPTIONS,
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    logLevel: webApi.LogLevel.ERROR,
  });
}

/** The composer with a refresh in front of it: one refresh in flight, shared by whoever waits. */
function refreshingComposer(
  deps: RitualsRuntimeDeps,
  clock: Clock,
  compose: PreReadComposer,
): PreReadComposer {
  const { refresh, db, log } = deps;
  if (!refresh) return compose;
  let running: Promise<void> | null = null;
  const ensureFresh = async () => {
    const last = latestRefresh(db);
    const finished = last?.finishedAt ? Date.parse(last.finishedAt) : Number.NaN;
    if (clock.now().getTime() - finished < REFRESH_FRESH_MS) return;
    running ??= Promise.resolve()
      .then(refresh)
      .then(
        () => undefined,
        (error: unknown) =>
          log?.(
            `rituals: refresh before the pre-read failed, building on what is stored: ${(error as Error).message}`,
          ),
      )
      .finally(() => {
        running = null;
      });
    await running;
  };
  return async (request) => {
    if (request.ritual.kind !== "custom") await ensureFresh();
    return compose(request);
  };
}

export function ritualsScheduler(deps: RitualsRuntimeDeps): RitualScheduler {
  const clock = deps.clock ?? systemClock;
  const poster = new SlackPoster(deps.client ?? schedulerClient(deps.config));
  const compose = preReadComposer({
    db: deps.db,
    config: deps.config,
    clock,
    anthropic: deps.anthropic ?? null,
  });
  return new RitualScheduler({
    db: deps.db,
    clock,
    poster,
    notifier: poster,
    holder: deps.holder ?? `${os.hostname()}:${process.pid}`,
    compose: refreshingComposer(deps, clock, compose),
    ...(deps.log ? { log: deps.log } : {}),
  });
}

export interface RunningRituals {
  scheduler: RitualScheduler;
  /** stops waking; resolves once the posts under way are done */
  stop: () => Promise<void>;
}

/** Starts the scheduler: a pass now (catch-up after downtime), then every minute. */
export function startRituals(deps: RitualsRuntimeDeps): RunningRituals {
  const scheduler = ritualsScheduler(deps);
  scheduler.start();
  return { scheduler, stop: () => scheduler.stop() };
}
