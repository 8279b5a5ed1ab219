import type { RitualPreviewView, RitualsService } from "../slack/rituals-service";
import type { Db } from "../store/db";
import {
  appendReason,
  findOccurrence,
  insertOccurrence,
  listClaimable,
  type OccurrenceRecord,
  recordHeartbeat,
  setSummarySource,
} from "../store/occurrences-repository";
import { findRitualById, listRituals, type RitualRecord } from "../store/rituals-repository";
import { ChannelPacer } from "./channel-pacer";
import { type Clock, wakeEveryMinute } from "./clock";
import { RitualError, ritualSchedule } from "./definitions";
import { DEFAULT_RETRY, type DeliveryOutcome, deliverOccurrence, type RetryPolicy } from "./delivery";
import { formatInZone } from "./local-time";
import { basicPreRead, type PreRead, type PreReadComposer } from "./message";
import { type Notifier, PostError, type Poster } from "./poster";
import { postsBetween, upcoming } from "./schedule";
import { deliverThread } from "./thread-delivery";

/**
 * The rituals scheduler. A timer only wakes it: on start and every minute, `tick` records a
 * heartbeat, writes a row for every pre-read now due (INSERT … ON CONFLICT DO NOTHING, so every
 * process may do it), and delivers the rows nobody holds, each through its channel's queue.
 *
 * Catch-up policy after downtime (a heartbeat gap): a pre-read found due more than two minutes
 * late whose meeting is still ahead is posted with the note "posted late: the bot was down from …
 * to …"; one whose meeting has begun is recorded missed and the facilitator told. Posts due
 * before the ritual's schedule started (created, resumed, rescheduled) or more than 31 days ago
 * are not made up.
 */

export const PRE_READ_KIND = "pre-read";

const notFound = (ritualId: number) =>
  new RitualError("ritual_not_found", `no ritual with id ${ritualId} (it may have been removed)`);
export const SCHEDULER_NAME = "rituals";

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  poster: Poster;
  notifier: Notifier;
  /** this process, as lease holder: unique among running processes */
  holder: string;
  compose?: PreReadComposer;
  leaseMs?: number;
  retry?: RetryPolicy;
  /** minimum time between two posts in one channel */
  channelGapMs?: number;
  log?: (line: string) => void;
}

export interface TickReport {
  at: Date;
  /** the previous pass, by any process, when there was a gap (downtime) before this one */
  downSince: Date | null;
  /** occurrence rows this pass wrote */
  added: number;
  outcomes: DeliveryOutcome[];
}

const LATE_AFTER_MS = 2 * 60_000;
/** a gap between passes longer than this is downtime (passes run every minute) */
const DOWNTIME_AFTER_MS = 3 * 60_000;
const CATCH_UP_MS = 31 * 86_400_000;

export function preReadKey(ritualId: number, meetingAt: Date): string {
  return `${PRE_READ_KIND}:ritual/${ritualId}:${meetingAt.toISOString()}`;
}

export const ritualSubject = (ritualId: number) => `ritual:${ritualId}`;

/** A manual run's key: one per request instant, so two runs a minute apart are two posts. */
export function manualPreReadKey(ritualId: number, at: Date): string {
  return `${PRE_READ_KIND}:ritual/${ritualId}:manual:${at.toISOString()}`;
}

export class RitualScheduler implements RitualsService {
  private readonly pacer: ChannelPacer;
  private readonly inFlight = new Map<number, Promise<DeliveryOutcome>>();
  private stopWaking: (() => void) | null = null;

  constructor(private readonly deps: SchedulerDeps) {
    this.pacer = new ChannelPacer(deps.clock, deps.channelGapMs ?? 1000);
  }

  /** One pass: heartbeat, due rows written, unheld rows delivered. Resolves when they are done. */
  async tick(): Promise<TickReport> {
    const { deliveries, ...report } = this.pass();
    return { ...report, outcomes: await Promise.all(deliveries) };
  }

  /** A pass without waiting for its posts: the timer's next pass must not wait for a busy channel. */
  private pass(): Omit<TickReport, "outcomes"> & { deliveries: Promise<DeliveryOutcome>[] } {
    const { db, clock, holder } = this.deps;
    const at = clock.now();
    const previous = recordHeartbeat(db, SCHEDULER_NAME, holder, at);
    const downSince = previous && at.getTime() - previous.getTime() > DOWNTIME_AFTER_MS ? previous : null;
    let added = 0;
    for (const ritual of listRituals(db, "active")) added += this.addDue(ritual, at, previous);
    const deliveries: Promise<DeliveryOutcome>[] = [];
    for (const row of listClaimable(db, PRE_READ_KIND, at)) {
      if (this.inFlight.has(row.id)) continue;
      const delivery = this.pacer
        .run(row.channelId, () => this.deliver(row))
        .catch((error: unknown): DeliveryOutcome => {
          // The row stays claimed; its lease runs out and a later pass takes it over.
          (this.deps.log ?? console.error)(`rituals: ${row.key}: ${(error as Error).message}`);
          return { state: "not-ours", occurrence: row };
        })
        .finally(() => this.inFlight.delete(row.id));
      this.inFlight.set(row.id, delivery);
      deliveries.push(delivery);
    }
    return { at, downSince, added, deliveries };
  }

  /**
   * `/rituals run` and `ritual run`: the pre-read for the ritual's next meeting, posted now as a
   * manual occurrence (its own row, through the same claim, channel queue, retries and history as
   * a scheduled one). Resolves when it is posted or has failed.
   */
  async runNow(ritualId: number, requestedBy: string, now: Date): Promise<DeliveryOutcome> {
    const { db, clock } = this.deps;
    const ritual = findRitualById(db, ritualId);
    if (!ritual) throw notFound(ritualId);
    // due no later than the scheduler's own clock, so the claim (due_at <= now) always takes it
    const at = new Date(Math.min(now.getTime(), clock.now().getTime()));
    const meetingAt = upcoming(ritualSchedule(ritual), at, 1)[0]?.meetingAt ?? at;
    const key = manualPreReadKey(ritual.id, at);
    insertOccurrence(
      db,
      {
        key,
        kind: PRE_READ_KIND,
        subject: ritualSubject(ritual.id),
        channelId: ritual.channelId,
        dueAt: at,
        deadlineAt: null,
        note: null,
        payload: { ritualId: ritual.id, meetingAt: meetingAt.toISOString(), manual: true, requestedBy },
      },
      at,
    );
    const row = findOccurrence(db, key);
    if (!row) throw notFound(ritualId);
    const running = this.inFlight.get(row.id);
    if (running) return running;
    const delivery = this.pacer
      .run(row.channelId, () => this.deliver(row))
      .finally(() => this.inFlight.delete(row.id));
    this.inFlight.set(row.id, delivery);
    return delivery;
  }

  /** The pre-read of the ritual's next meeting as it would be posted now; nothing is posted or recorded. */
  async preview(ritualId: number, now: Date): Promise<RitualPreviewView> {
    const ritual = findRitualById(this.deps.db, ritualId);
    if (!ritual) throw notFound(ritualId);
    const meetingAt = upcoming(ritualSchedule(ritual), now, 1)[0]?.meetingAt ?? now;
    const compose = this.deps.compose ?? basicPreRead;
    const built = await compose({ ritual, meetingAt, occurrenceKey: "preview", lateNote: null, now });
    return {
      text: built.text,
      blocks: built.blocks ?? [],
      thread: (built.thread ?? []).map((m) => ({ text: m.text, blocks: m.blocks ?? [] })),
      files: (built.files ?? []).map((f) => ({ filename: f.filename, title: f.title, alt: f.alt })),
      summary: built.summary ?? null,
      asOf: built.asOf ?? null,
    };
  }

  /** Writes a row for each of the ritual's posts due by now; returns how many were new. */
  private addDue(ritual: RitualRecord, now: Date, previousTick: Date | null): number {
    const since = new Date(Math.max(Date.parse(ritual.scheduleSince), now.getTime() - CATCH_UP_MS));
    let added = 0;
    for (const o of postsBetween(ritualSchedule(ritual), since, now)) {
      const late = now.getTime() - o.postAt.getTime() > LATE_AFTER_MS;
      const downFrom = previousTick && previousTick < o.postAt ? previousTick : o.postAt;
      const note = late
        ? `posted late: the bot was down from ${formatInZone(downFrom, ritual.timeZone)} to ${formatInZone(now, ritual.timeZone)}`
        : null;
      const inserted = insertOccurrence(
        this.deps.db,
        {
          key: preReadKey(ritual.id, o.meetingAt),
          kind: PRE_READ_KIND,
          subject: ritualSubject(ritual.id),
          channelId: ritual.channelId,
          dueAt: o.postAt,
          deadlineAt: o.meetingAt,
          note,
          payload: { ritualId: ritual.id, meetingAt: o.meetingAt.toISOString() },
        },
        now,
      );
      if (inserted) added++;
    }
    return added;
  }

  private deliveryDeps() {
    const { deps } = this;
    return {
      db: deps.db,
      clock: deps.clock,
      poster: deps.poster,
      pacer: this.pacer,
      holder: deps.holder,
      leaseMs: deps.leaseMs ?? 60_000,
      retry: deps.retry ?? DEFAULT_RETRY,
    };
  }

  private async deliver(row: OccurrenceRecord): Promise<DeliveryOutcome> {
    const { deps } = this;
    const ritualId = Number(row.payload.ritualId);
    const meetingAt = new Date(String(row.payload.meetingAt));
    const delivery = this.deliveryDeps();
    // built once per attempt: by prepare, or (finishing a dead holder's post) by followUp
    let built: PreRead | null = null;
    const build = async (occurrence: OccurrenceRecord): Promise<PreRead | string> => {
      const ritual = findRitualById(deps.db, ritualId);
      if (!ritual) return "the ritual was removed";
      if (ritual.status === "paused") return "the ritual is paused";
      const compose = deps.compose ?? basicPreRead;
      built = await compose({
        ritual,
        meetingAt,
        occurrenceKey: occurrence.key,
        lateNote: occurrence.note,
        now: deps.clock.now(),
      });
      if (built.summary) setSummarySource(deps.db, occurrence.id, deps.holder, built.summary.source);
      return built;
    };
    const outcome = await deliverOccurrence(delivery, row, {
      prepare: async (occurrence) => {
        const made = await build(occurrence);
        if (typeof made === "string") return { cancel: made };
        return { message: { text: made.text, ...(made.blocks ? { blocks: made.blocks } : {}) } };
      },
      followUp: async (occurrence, ts, recovering) => {
        let content: PreRead | null = built;
        if (!content) {
          const made = await build(occurrence);
          if (typeof made === "string") return `the thread was not posted: ${made}`;
          content = made;
        }
        const thread = content.thread ?? [];
        const files = content.files ?? [];
        if (thread.length === 0 && files.length === 0) return null;
        return deliverThread(delivery, occurrence, ts, { thread, files }, recovering);
      },
      missedReason: (occurrence) => {
        const zone = findRitualById(deps.db, ritualId)?.timeZone ?? "UTC";
        const down = occurrence.note ? `; ${occurrence.note.replace(/^posted late: /, "")}` : "";
        return `the meeting (${formatInZone(meetingAt, zone)}) had begun before the pre-read could be posted${down}`;
      },
    });
    await this.report(outcome, meetingAt);
    return outcome;
  }

  /** A missed or failed pre-read is told to the facilitator (or, with none, the channel). */
  private async report(outcome: DeliveryOutcome, meetingAt: Date): Promise<void> {
    const incomplete = (outcome.state === "posted" || outcome.state === "late") && outcome.problem;
    if (outcome.state !== "missed" && outcome.state !== "failed" && !incomplete) return;
    const { db, log } = this.deps;
    const row = outcome.occurrence;
    const ritual = findRitualById(db, Number(row.payload.ritualId));
    const name = ritual?.name ?? `ritual ${String(row.payload.ritualId)}`;
    const when = formatInZone(meetingAt, ritual?.timeZone ?? "UTC");
    const what =
      outcome.state === "missed"
        ? `was not posted and is recorded as missed: ${outcome.reason}`
        : outcome.state === "failed"
          ? `could not be posted: ${outcome.reason}`
          : `was posted, but ${outcome.state === "posted" || outcome.state === "late" ? outcome.problem : ""}`;
    const text = `The pre-read for *${name}* (meeting ${when}) ${what}. \`rituals ritual history "${name}"\` shows every occurrence.`;
    try {
      await this.notifyWaitingOutRateLimits(
        { userId: ritual?.facilitatorId ?? null, channel: row.channelId },
        text,
      );
    } catch (error) {
      const why = `the facilitator could not be told: ${(error as Error).message}`;
      appendReason(db, row.id, why);
      log?.(`rituals: ${row.key}: ${why}`);
    }
  }

  /**
   * Tells the facilitator, waiting out Slack's 429s (Retry-After) as a post does: a rate-limited
   * message was not delivered, so sending it again cannot make a second one. Other failures are
   * not retried (a 5xx may have delivered it).
   */
  private async notifyWaitingOutRateLimits(to: { userId: string | null; channel: string }, text: string) {
    const { notifier, clock } = this.deps;
    const retry = this.deps.retry ?? DEFAULT_RETRY;
    for (let waited = 0; ; waited++) {
      try {
        return await notifier.notify(to, text);
      } catch (error) {
        if (
          !(error instanceof PostError) ||
          error.kind !== "rate_limited" ||
          waited >= retry.rateLimitedRetries
        )
          throw error;
        await clock.sleep(error.retryAfterMs ?? retry.backoffMs * 2 ** waited);
      }
    }
  }

  /** Runs a pass now and then at the start of every minute; posts go on between passes. */
  start(): void {
    this.stopWaking ??= wakeEveryMinute(
      this.deps.clock,
      () => {
        this.pass();
      },
      (message) => this.deps.log?.(`rituals scheduler: ${message}`),
    );
  }

  /** Stops waking; resolves once the posts under way are done. */
  async stop(): Promise<void> {
    this.stopWaking?.();
    this.stopWaking = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }
}
