import type { Db } from "../store/db";
import {
  claimOccurrence,
  extendLease,
  type Finish,
  finishOccurrence,
  type OccurrenceRecord,
} from "../store/occurrences-repository";
import type { ChannelPacer } from "./channel-pacer";
import type { Clock } from "./clock";
import { type OutgoingMessage, occurrenceMetadata, PostError, type Poster } from "./poster";

/**
 * Exactly-once delivery of one occurrence row, whatever it is for (a pre-read, a reminder):
 * claim with a lease; if the claim took over from a holder whose lease ran out, ask Slack whether
 * that holder's post went out (the key rides in the message metadata) before posting again; give
 * up when the deadline has passed; post, retrying 429s after Retry-After and transient failures
 * with backoff (checking again for the post after each, as a timed-out call may have landed);
 * record the ts. The lease is renewed before every wait and post, so it runs out only when the
 * process has died.
 */

export interface RetryPolicy {
  /** how many 429 answers to wait out */
  rateLimitedRetries: number;
  /** how many 5xx / network failures to retry */
  transientRetries: number;
  /** first backoff; doubles each time */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { rateLimitedRetries: 5, transientRetries: 4, backoffMs: 1000 };

export interface DeliveryDeps {
  db: Db;
  clock: Clock;
  poster: Poster;
  pacer: ChannelPacer;
  holder: string;
  /** a claim's lease; a dead holder's row is taken over once it runs out */
  leaseMs: number;
  retry: RetryPolicy;
}

/** What the occurrence's kind decides once the row is claimed. */
export type Preparation = { message: OutgoingMessage } | { cancel: string };

export interface DeliveryHooks {
  prepare(occurrence: OccurrenceRecord): Promise<Preparation> | Preparation;
  /**
   * What follows the message once it is out (a pre-read's thread and files), with the lease still
   * held: run after the post, or after finding an earlier holder's post (`recovering`: parts may
   * be out already). Resolves to a problem in words when something could not follow, else null;
   * the row is finished posted either way, with the problem as its reason.
   */
  followUp?(occurrence: OccurrenceRecord, ts: string, recovering: boolean): Promise<string | null>;
  /** why a row whose deadline passed is missed, in words for its history */
  missedReason(occurrence: OccurrenceRecord): string;
}

export type DeliveryOutcome =
  | {
      state: "posted" | "late";
      ts: string;
      recovered: boolean;
      occurrence: OccurrenceRecord;
      /** what could not follow the message (part of its thread, its files) */
      problem?: string;
    }
  | { state: "missed" | "failed" | "cancelled"; reason: string; occurrence: OccurrenceRecord }
  /** someone else holds it, or it finished meanwhile, or this process lost its lease */
  | { state: "not-ours"; occurrence: OccurrenceRecord | null };

/** findPosted looks back from the first claim, with a margin for clocks that differ between hosts. */
const HISTORY_MARGIN_MS = 5 * 60_000;

export async function deliverOccurrence(
  deps: DeliveryDeps,
  row: OccurrenceRecord,
  hooks: DeliveryHooks,
): Promise<DeliveryOutcome> {
  const { db, clock, holder } = deps;
  const claim = claimOccurrence(db, row.id, holder, clock.now(), leaseFrom(deps, 0));
  if (!claim) return { state: "not-ours", occurrence: null };
  const occurrence = claim.occurrence;
  const finish = (f: Finish): boolean => finishOccurrence(db, occurrence.id, holder, f, clock.now());
  const posted = async (ts: string, recovered: boolean): Promise<DeliveryOutcome> => {
    const state = occurrence.note ? "late" : "posted";
    let problem: string | null = null;
    if (hooks.followUp) {
      try {
        const follow = hooks.followUp;
        problem = await keepingLease(deps, occurrence, () =>
          follow(occurrence, ts, recovered || claim.tookOverFrom !== null),
        );
      } catch (error) {
        problem = `the thread could not be completed: ${(error as Error).message}`;
      }
    }
    return finish({ state, messageTs: ts, reason: problem })
      ? { state, ts, recovered, occurrence, ...(problem ? { problem } : {}) }
      : { state: "not-ours", occurrence };
  };
  const ended = (state: "missed" | "failed" | "cancelled", reason: string): DeliveryOutcome =>
    finish({ state, reason }) ? { state, reason, occurrence } : { state: "not-ours", occurrence };

  if (claim.tookOverFrom !== null) {
    const found = await lookForPost(deps, occurrence);
    if (found.error)
      return ended("failed", `could not check whether the earlier attempt posted: ${found.error}`);
    if (found.ts) return posted(found.ts, true);
  }
  if (occurrence.deadlineAt && clock.now().toISOString() >= occurrence.deadlineAt) {
    return ended("missed", hooks.missedReason(occurrence));
  }
  let preparation: Preparation;
  try {
    preparation = await keepingLease(deps, occurrence, async () => hooks.prepare(occurrence));
  } catch (error) {
    return ended("failed", `could not build the message: ${(error as Error).message}`);
  }
  if ("cancel" in preparation) return ended("cancelled", preparation.cancel);
  return postWithRetries(deps, occurrence, preparation.message, posted, ended);
}

/**
 * Runs `work` (building the message: a refresh, Claude, charts; or posting the thread) with the
 * lease renewed every third of its length, so a slow build never lets another process take over a
 * live claim. Real-time renewal: a process that has died renews nothing.
 */
export async function keepingLease<T>(
  deps: LeaseDeps,
  occurrence: OccurrenceRecord,
  work: () => Promise<T>,
): Promise<T> {
  const timer = setInterval(
    () => extendLease(deps.db, occurrence.id, deps.holder, leaseFrom(deps, 0)),
    Math.max(1000, Math.floor(deps.leaseMs / 3)),
  );
  timer.unref();
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** What holding a lease needs: the store, the clock, who holds it and for how long. */
export type LeaseDeps = Pick<DeliveryDeps, "db" | "clock" | "holder" | "leaseMs">;

export function leaseFrom(deps: LeaseDeps, extraMs: number): Date {
  return new Date(deps.clock.now().getTime() + deps.leaseMs + extraMs);
}

async function lookForPost(
  deps: DeliveryDeps,
  occurrence: OccurrenceRecord,
): Promise<{ ts: string | null; error?: string }> {
  const since = new Date(Date.parse(occurrence.firstClaimedAt ?? occurrence.dueAt) - HISTORY_MARGIN_MS);
  let lastError = "";
  for (let attempt = 0; attempt <= deps.retry.transientRetries; attempt++) {
    try {
      return { ts: await deps.poster.findPosted(occurrence.channelId, occurrence.key, since) };
    } catch (error) {
      lastError = error instanceof PostError ? error.slackError : (error as Error).message;
      if (error instanceof PostError && error.kind === "permanent") break;
      const wait =
        error instanceof PostError && error.retryAfterMs !== null
          ? error.retryAfterMs
          : backoff(deps, attempt);
      extendLease(deps.db, occurrence.id, deps.holder, leaseFrom(deps, wait));
      await deps.clock.sleep(wait);
    }
  }
  return { ts: null, error: lastError };
}

const backoff = (deps: DeliveryDeps, attempt: number) => deps.retry.backoffMs * 2 ** attempt;

async function postWithRetries(
  deps: DeliveryDeps,
  occurrence: OccurrenceRecord,
  message: OutgoingMessage,
  posted: (ts: string, recovered: boolean) => Promise<DeliveryOutcome>,
  ended: (state: "failed", reason: string) => DeliveryOutcome,
): Promise<DeliveryOutcome> {
  const { db, clock, holder, retry } = deps;
  let rateLimited = 0;
  let transient = 0;
  for (;;) {
    await deps.pacer.pace(occurrence.channelId);
    if (!extendLease(db, occurrence.id, holder, leaseFrom(deps, 0))) return { state: "not-ours", occurrence };
    try {
      const ts = await deps.poster.post(occurrence.channelId, message, occurrenceMetadata(occurrence.key));
      deps.pacer.answered(occurrence.channelId);
      return posted(ts, false);
    } catch (error) {
      deps.pacer.answered(occurrence.channelId);
      const failure =
        error instanceof PostError ? error : new PostError("transient", (error as Error).message);
      const attempts = rateLimited + transient + 1;
      if (failure.kind === "rate_limited" && rateLimited < retry.rateLimitedRetries) {
        rateLimited++;
        const wait = failure.retryAfterMs ?? backoff(deps, rateLimited - 1);
        if (!extendLease(db, occurrence.id, holder, leaseFrom(deps, wait)))
          return { state: "not-ours", occurrence };
        await clock.sleep(wait);
        continue;
      }
      if (failure.kind === "transient" && transient < retry.transientRetries) {
        const wait = backoff(deps, transient);
        transient++;
        if (!extendLease(db, occurrence.id, holder, leaseFrom(deps, wait)))
          return { state: "not-ours", occurrence };
        await clock.sleep(wait);
        // The failed call may have reached Slack (a timeout, a 5xx after the write).
        const found = await lookForPost(deps, occurrence);
        if (found.ts) return posted(found.ts, true);
        // Posting again without knowing could post twice: stop, and say so.
        if (found.error) {
          return ended(
            "failed",
            `Slack: ${failure.slackError}; then could not check whether it was posted: ${found.error}`,
          );
        }
        continue;
      }
      const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
      return ended("failed", `Slack: ${failure.slackError}${tries}`);
    }
  }
}
