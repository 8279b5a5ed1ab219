/**
 * Rituals: 200 rituals whose pre-reads fall due in the same minute, spread over 40 channels (5 a
 * channel), posted by one scheduler pass through the Web API poster to the local fake Slack
 * server, in real time. Budgets: every pre-read posted exactly once; no two posts in a channel
 * closer than Slack's ~1 s (≥ 0.95 s at the server, allowing for timer jitter); the whole pass
 * within 3 s of the ideal (channels in parallel, each 1 s per post after its first, plus the
 * round trips: the pace counts from each answer).
 * `--quick`: 40 rituals over 10 channels.
 */
import os from "node:os";
import path from "node:path";
import { webApi } from "@slack/bolt";
import type { Clock } from "../src/rituals/clock";
import { createRitual } from "../src/rituals/definitions";
import { RitualScheduler } from "../src/rituals/scheduler";
import { SCHEDULER_WEB_API_OPTIONS, SlackPoster } from "../src/rituals/slack-poster";
import { FakeSlackApi } from "../src/sandbox/fake-slack-api";
import { openDatabase } from "../src/store/db";
import { type BenchFigure, type BenchOptions, figure } from "./lib/figure";

export const name = "rituals";

// Created 20 Nov 2026; "first Tuesday of the month at 09:00" UTC: pre-reads due Mon 30 Nov 09:00.
const CREATED = new Date("2026-11-20T12:00:00Z");
const DUE = new Date("2026-11-30T09:00:05Z");

/** Real time, shifted so that it starts just after the pre-reads fall due. */
function shiftedClock(startAt: Date): Clock {
  const offset = startAt.getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  };
}

/** `rituals` monthly reviews spread round-robin over `channels` channels, all due at once. */
function createRituals(db: ReturnType<typeof openDatabase>, rituals: number, channels: number): void {
  const ctx = {
    db,
    now: CREATED,
    actor: { operator: "bench" },
    adminIds: new Set<string>(),
    fiscalYearStartMonth: 1,
  };
  for (let i = 0; i < rituals; i++) {
    createRitual(ctx, {
      name: `Review ${i + 1}`,
      kind: "monthly-review",
      channel: `C0BENCH${String(i % channels).padStart(3, "0")}`,
      schedule: "first Tuesday of the month at 09:00",
      zone: "UTC",
      facilitator: "U0FACIL01",
    });
  }
}

/** The shortest time between two posts in one channel (infinite when no channel has two). */
function minChannelGapMs(posts: ReturnType<FakeSlackApi["callsOf"]>): number {
  let minGapMs = Number.POSITIVE_INFINITY;
  const byChannel = new Map<string, number[]>();
  for (const c of posts)
    byChannel.set(String(c.body.channel), [...(byChannel.get(String(c.body.channel)) ?? []), c.at]);
  for (const times of byChannel.values()) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++)
      minGapMs = Math.min(minGapMs, (times[i] as number) - (times[i - 1] as number));
  }
  return minGapMs;
}

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const rituals = options.quick ? 40 : 200;
  const channels = options.quick ? 10 : 40;
  const perChannel = rituals / channels;
  const slack = await new FakeSlackApi().start();
  slack.workspace.users.set("U0FACIL01", { name: "facilitator" });
  for (let c = 0; c < channels; c++) {
    const id = `C0BENCH${String(c).padStart(3, "0")}`;
    slack.workspace.addChannel({ id, name: `review-${c}`, members: [slack.workspace.bot.userId] });
  }
  const db = openDatabase(path.join(options.workDir, "rituals.db"));
  try {
    createRituals(db, rituals, channels);
    const client = new webApi.WebClient("xoxb-bench-not-a-real-token", {
      slackApiUrl: slack.apiUrl,
      ...SCHEDULER_WEB_API_OPTIONS,
      logLevel: webApi.LogLevel.ERROR,
    });
    const poster = new SlackPoster(client);
    const scheduler = new RitualScheduler({
      db,
      clock: shiftedClock(DUE),
      poster,
      notifier: poster,
      holder: `bench-${process.pid}`,
    });
    options.log(
      `${rituals} rituals in ${channels} channels, one pass (load average ${os.loadavg()[0]?.toFixed(2)})`,
    );
    const started = performance.now();
    const report = await scheduler.tick();
    const seconds = (performance.now() - started) / 1000;

    const posts = slack.callsOf("chat.postMessage");
    const keys = new Set(
      posts.map(
        (c) =>
          (c.body.metadata as { event_payload?: { occurrence_key?: string } })?.event_payload?.occurrence_key,
      ),
    );
    const posted = report.outcomes.filter((o) => o.state === "posted").length;
    const minGapMs = minChannelGapMs(posts);
    const ideal = perChannel - 1;
    const onceEach = posts.length === rituals && keys.size === rituals && posted === rituals;
    options.log(
      `${posts.length} posts, ${keys.size} distinct, ${posted} recorded posted, ${seconds.toFixed(2)} s`,
    );
    return [
      figure(`rituals.${rituals}.posted_once`, keys.size, "posts", `= ${rituals}, none twice`, onceEach),
      figure(`rituals.${rituals}.min_channel_gap`, minGapMs / 1000, "s", "≥ 0.95 s", minGapMs >= 950),
      figure(
        `rituals.${rituals}.pass_time`,
        seconds,
        "s",
        `≤ ${ideal + 2} s (ideal ${ideal} s)`,
        seconds <= ideal + 2,
      ),
    ];
  } finally {
    db.close();
    await slack.stop();
  }
}
