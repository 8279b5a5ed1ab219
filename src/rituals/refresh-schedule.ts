import os from "node:os";
import { latestRefresh, type RefreshRecord } from "../store/analyses-repository";
import type { Db } from "../store/db";
import {
  type Claim,
  claimOccurrence,
  type Finish,
  finishOccurrence,
  insertOccurrence,
  listClaimable,
  listOccurrences,
  type OccurrenceRecord,
  setResult,
} from "../store/occurrences-repository";
import { ensureSchedule, refreshRows, type ScheduleRecord } from "../store/schedules-repository";
import { type Clock, systemClock, wakeEveryMinute } from "./clock";
import { keepingLease, type LeaseDeps, leaseFrom } from "./delivery";
import { formatInZone, formatLocal, parseLocal, toLocal } from "./local-time";
import { describeSchedule } from "./phrases";
import { parseRRule } from "./rrule";
import { postsBetween, type Schedule, upcoming } from "./schedule";

/**
 * The daily refresh as a persisted schedule: `FREQ=DAILY;BYHOUR=6;BYMINUTE=0` in the workspace
 * zone, stored in `schedules`, each due run an occurrence row (key `daily-refresh:<instant>`)
 * claimed with a lease like a pre-read, so two processes on one database refresh once and a dead
 * holder's run is taken over once its lease runs out. A timer only wakes the process.
 *
 * Policy:
 * - catch-up: on start and every minute, the latest run due since the schedule was stored (at most
 *   7 days back) is written if it is not; runs missed while the app was down collapse into that one
 *   (a refresh computes "now", so one run catches up every missed day);
 * - a due run whose analyses were refreshed after it fell due (a start-up refresh) is recorded
 *   `skipped` with that refresh;
 * - taking over a dead holder's run: if a refresh landed after that holder's claim, it is recorded
 *   as that run's (no second refresh); otherwise the refresh runs;
 * - a failed run (non-zero exit) is recorded with its exit code and retried 15 minutes later, at
 *   most 3 attempts per day; after that the next day's run is the next try.
 */

export const DAILY_REFRESH = "daily-refresh";
export const DAILY_REFRESH_SUBJECT = "schedule:daily-refresh";
export const DAILY_REFRESH_RRULE = "FREQ=DAILY;BYHOUR=6;BYMINUTE=0";
export const REFRESH_RETRY_MS = 15 * 60_000;
export const REFRESH_MAX_ATTEMPTS = 3;
const CATCH_UP_MS = 7 * 86_400_000;

/** What a run did, as history shows it: the stored state "posted" is a refresh that succeeded. */
export type RefreshRunOutcome = "ok" | "failed" | "skipped" | "running" | "due";

export function refreshRunOutcome(row: OccurrenceRecord): RefreshRunOutcome {
  switch (row.state) {
    case "posted":
    case "late":
      return "ok";
    case "failed":
    case "missed":
      return "failed";
    case "cancelled":
      return "skipped";
    case "claimed":
      return "running";
    default:
      return "due";
  }
}

export interface RefreshScheduleDeps {
  db: Db;
  clock: Clock;
  /** WORKSPACE_TIMEZONE */
  timeZone: string;
  /** this process, as lease holder */
  holder: string;
  /** runs the refresh (refreshInChildProcess); resolves with its exit code */
  run: () => Promise<number>;
  /** default 60 s: a dead holder's run is taken over within two minutes */
  leaseMs?: number;
  log?: (line: string) => void;
}

export interface RefreshRunReport {
  key: string;
  outcome: RefreshRunOutcome | "not-ours";
  exitCode: number | null;
}

/** The stored schedule as a Schedule (no lead: the run is at the scheduled instant). */
export function refreshSchedule(record: Pick<ScheduleRecord, "rrule" | "dtstart" | "timeZone">): Schedule {
  const dtstart = parseLocal(record.dtstart);
  if (!dtstart) throw new Error(`schedule: stored DTSTART "${record.dtstart}" is not a local time`);
  return {
    rule: parseRRule(record.rrule),
    dtstart,
    zone: record.timeZone,
    skipDates: new Set(),
    lead: { unit: "minutes", amount: 0 },
    leadOnBusinessDay: false,
  };
}

/** The daily refresh's schedule as it should be stored for `zone`, starting on `at`'s local date. */
export function dailyRefreshDefinition(zone: string, at: Date) {
  const today = toLocal(at, zone);
  return {
    name: DAILY_REFRESH,
    rrule: DAILY_REFRESH_RRULE,
    dtstart: formatLocal({ ...today, hour: 6, minute: 0, second: 0 }),
    timeZone: zone,
  };
}

const runKey = (scheduledAt: Date, attempt: number) =>
  `${DAILY_REFRESH}:${scheduledAt.toISOString()}${attempt > 1 ? `:attempt-${attempt}` : ""}`;

export class RefreshSchedule {
  private running: Promise<RefreshRunReport[]> | null = null;
  private stopWaking: (() => void) | null = null;

  constructor(private readonly deps: RefreshScheduleDeps) {}

  /** The stored schedule, written (or rewritten for a changed zone) on first use. */
  schedule(): ScheduleRecord {
    const { db, clock, timeZone } = this.deps;
    return ensureSchedule(db, dailyRefreshDefinition(timeZone, clock.now()), clock.now());
  }

  /** One pass: the due run written if missing, then every unheld due run done, one after another. */
  tick(): Promise<RefreshRunReport[]> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<RefreshRunReport[]> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const record = this.schedule();
    const since = new Date(Math.max(Date.parse(record.scheduleSince), now.getTime() - CATCH_UP_MS));
    const latest = postsBetween(refreshSchedule(record), since, now).at(-1);
    if (latest) this.add(latest.postAt, 1, latest.postAt, now);
    const reports: RefreshRunReport[] = [];
    for (const row of listClaimable(db, DAILY_REFRESH, now)) reports.push(await this.runOne(row));
    return reports;
  }

  private add(scheduledAt: Date, attempt: number, dueAt: Date, now: Date): void {
    insertOccurrence(
      this.deps.db,
      {
        key: runKey(scheduledAt, attempt),
        kind: DAILY_REFRESH,
        subject: DAILY_REFRESH_SUBJECT,
        channelId: "",
        dueAt,
        deadlineAt: null,
        note: null,
        payload: { scheduledAt: scheduledAt.toISOString(), attempt },
      },
      now,
    );
  }

  /**
   * One due run: claimed, then either settled by a refresh already stored (a dead holder's, or
   * start-up's) or run, and a failure recorded with its retry.
   */
  private async runOne(row: OccurrenceRecord): Promise<RefreshRunReport> {
    const { db, clock, holder } = this.deps;
    const lease = { db, clock, holder, leaseMs: this.deps.leaseMs ?? 60_000 };
    const claim = claimOccurrence(db, row.id, holder, clock.now(), leaseFrom(lease, 0));
    if (!claim) return { key: row.key, outcome: "not-ours", exitCode: null };
    const occurrence = claim.occurrence;
    const finish = (f: Finish, outcome: RefreshRunOutcome, exitCode: number | null): RefreshRunReport => {
      const mine = finishOccurrence(db, occurrence.id, holder, f, clock.now());
      return { key: row.key, outcome: mine ? outcome : "not-ours", exitCode };
    };
    const before = latestRefresh(db);
    const settled = this.settledWithoutRunning(claim, before);
    if (settled) return finish(settled.finish, settled.outcome, settled.exitCode);
    const { exitCode, why, result } = await this.runRefresh(lease, occurrence, before);
    if (exitCode === 0) return finish({ state: "posted", result }, "ok", 0);
    return this.recordFailure(occurrence, exitCode, why, (reason) =>
      finish({ state: "failed", reason, result }, "failed", exitCode),
    );
  }

  /**
   * A claimed run that needs no refresh of its own: the dead holder's refresh landed before it
   * died (recorded as this run's), or the analyses were refreshed after the run fell due (skipped).
   */
  private settledWithoutRunning(
    claim: Claim,
    before: RefreshRecord | null,
  ): { finish: Finish; outcome: RefreshRunOutcome; exitCode: number | null } | null {
    const { db } = this.deps;
    const occurrence = claim.occurrence;
    if (claim.tookOverFrom !== null) {
      // the dead holder's refresh may have landed before it died: then it is this run's
      const earlier = occurrence.result?.refreshBefore;
      if (before && typeof earlier !== "undefined" && before.id !== earlier) {
        return {
          finish: {
            state: "posted",
            reason: `run by ${claim.tookOverFrom}, whose lease ran out before it recorded the outcome`,
            result: {
              ...occurrence.result,
              exitCode: 0,
              refreshId: before.id,
              rows: refreshRows(db, before.id),
            },
          },
          outcome: "ok",
          exitCode: 0,
        };
      }
    }
    if (
      claim.tookOverFrom === null &&
      Number(occurrence.payload.attempt ?? 1) === 1 &&
      before?.finishedAt &&
      before.finishedAt >= occurrence.dueAt
    ) {
      return {
        finish: {
          state: "cancelled",
          reason: `the analyses were refreshed after it fell due (refresh #${before.id} at ${before.finishedAt})`,
          result: { refreshId: before.id, rows: refreshRows(db, before.id) },
        },
        outcome: "skipped",
        exitCode: null,
      };
    }
    return null;
  }

  /** Runs the refresh holding the lease; its exit code (null when it could not start) and what it stored. */
  private async runRefresh(
    lease: LeaseDeps,
    occurrence: OccurrenceRecord,
    before: RefreshRecord | null,
  ): Promise<{ exitCode: number | null; why: string | null; result: Record<string, unknown> }> {
    const { db, clock, holder } = this.deps;
    const startedAt = clock.now().toISOString();
    setResult(db, occurrence.id, holder, { startedAt, refreshBefore: before?.id ?? null });
    let exitCode: number | null;
    let why: string | null = null;
    try {
      exitCode = await keepingLease(lease, occurrence, () => this.deps.run());
    } catch (error) {
      exitCode = null;
      why = `the refresh could not run: ${(error as Error).message}`;
    }
    const after = latestRefresh(db);
    const refreshed = after && after.id !== before?.id ? after : null;
    const result = {
      startedAt,
      refreshBefore: before?.id ?? null,
      exitCode,
      refreshId: refreshed?.id ?? null,
      rows: refreshed ? refreshRows(db, refreshed.id) : 0,
    };
    return { exitCode, why, result };
  }

  /** A failed run: recorded with why (via `fail`), logged, and retried 15 minutes later while attempts remain. */
  private recordFailure(
    occurrence: OccurrenceRecord,
    exitCode: number | null,
    why: string | null,
    fail: (reason: string) => RefreshRunReport,
  ): RefreshRunReport {
    const { clock, log } = this.deps;
    const attempt = Number(occurrence.payload.attempt ?? 1);
    const scheduledAt = new Date(String(occurrence.payload.scheduledAt ?? occurrence.dueAt));
    const retry = attempt < REFRESH_MAX_ATTEMPTS;
    const retryAt = new Date(clock.now().getTime() + REFRESH_RETRY_MS);
    const reason = `${why ?? `rituals refresh exited with code ${exitCode}`}; ${
      retry
        ? `attempt ${attempt} of ${REFRESH_MAX_ATTEMPTS}, retried at ${formatInZone(retryAt, this.deps.timeZone)}`
        : `attempt ${attempt} of ${REFRESH_MAX_ATTEMPTS}, the next try is the next scheduled run`
    }`;
    const report = fail(reason);
    if (report.outcome === "failed") {
      log?.(`daily refresh: ${reason}`);
      if (retry) this.add(scheduledAt, attempt + 1, retryAt, clock.now());
    }
    return report;
  }

  /** Runs a pass now (catch-up after downtime) and then at the start of every minute. */
  start(): void {
    const log = (message: string) => this.deps.log?.(`daily refresh: ${message}`);
    this.stopWaking ??= wakeEveryMinute(
      this.deps.clock,
      () => {
        this.tick().catch((error: unknown) => log((error as Error).message));
      },
      log,
    );
  }

  /** Stops waking; resolves once a run under way is done. */
  async stop(): Promise<void> {
    this.stopWaking?.();
    this.stopWaking = null;
    await this.running?.catch(() => undefined);
  }
}

/**
 * Starts the daily refresh's schedule in this process: a pass at once (a run missed while the app
 * was down is caught up), then every minute. `run` is the refresh (refreshInChildProcess).
 */
export function startDailyRefresh(
  db: Db,
  timeZone: string,
  run: () => Promise<number>,
  log: (line: string) => void,
  clock: Clock = systemClock,
): RefreshSchedule {
  const schedule = new RefreshSchedule({
    db,
    clock,
    timeZone,
    holder: `${os.hostname()}:${process.pid}`,
    run,
    log,
  });
  schedule.start();
  return schedule;
}

export interface RefreshScheduleStatus {
  /** "every day at 06:00" */
  words: string;
  /** the zone the schedule's wall times are in */
  zone: string;
  next: Date | null;
  last: OccurrenceRecord | null;
}

/**
 * The daily refresh for `/rituals next` and the command line: the stored schedule (or, before the
 * app first stored it, the one it will store for `zone`), its next run, and the last run recorded.
 */
export function refreshScheduleStatus(
  db: Db,
  stored: ScheduleRecord | null,
  zone: string,
  now: Date,
): RefreshScheduleStatus {
  const record = stored ?? dailyRefreshDefinition(zone, now);
  const schedule = refreshSchedule(record);
  const [next] = upcoming(schedule, now, 1);
  const [last] = listOccurrences(db, DAILY_REFRESH_SUBJECT, 1);
  return {
    words: describeSchedule(schedule.rule, schedule.dtstart, 1),
    zone: record.timeZone,
    next: next?.meetingAt ?? null,
    last: last ?? null,
  };
}
