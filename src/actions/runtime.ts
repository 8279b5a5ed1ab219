import { readDealFlags, recordDealFlags } from "../store/action-deals-repository";
import { listActionItems } from "../store/actions-repository";
import type { Db } from "../store/db";
import { readInterventionSla } from "./figure-reads";
import {
  type BreachedDeal,
  claimReminders,
  type DailyReminder,
  dueDailyReminders,
  duePreReviewDigests,
  type PreReviewDigest,
  releaseReminder,
  type ScheduledReview,
} from "./reminders";
import { recordUserZone, zoneLookup, zonesToRefresh } from "./user-zones";

/**
 * The reminder loop the app's start and the sandbox run: every minute (and once at start) it
 * refreshes the zones of people whose users.info answer is a week old, works out who is due their
 * grouped daily DM and which facilitator their pre-review list, claims each send once in the store
 * (so restarts and other instances never send it again) and sends it. A failed send gives its claim
 * back for the next run. Slack is reached only through the injected senders, the time only through
 * the injected clock.
 */

export interface ActionReminderDeps {
  db: Db;
  clock: () => Date;
  /** the zone of anyone users.info has not given one */
  workspaceZone: string;
  /** users.info's `tz` for a person; null when Slack gives none */
  fetchZone: (userId: string) => Promise<string | null>;
  sendDaily: (reminder: DailyReminder, now: Date) => Promise<void>;
  sendPreReview: (digest: PreReviewDigest, now: Date) => Promise<void>;
  /** the rituals' reviews held and scheduled around `now` */
  reviews?: (now: Date) => ScheduledReview[];
  /** the deals the latest risk register flags for executive attention, and when it was computed */
  flaggedDeals?: () => { dealIds: readonly string[]; at: string } | null;
  /** between runs; default one minute */
  intervalMs?: number;
  /** users.info calls a run may make (Slack's tier 4: 100 a minute) */
  zoneLookupsPerRun?: number;
  log?: (line: string) => void;
}

export interface ReminderRunReport {
  at: Date;
  zonesRefreshed: number;
  dailySent: number;
  preReviewSent: number;
  failed: number;
}

export interface ActionReminders {
  /** one run now (the timer's runs wait for it; two runs never overlap) */
  runNow: () => Promise<ReminderRunReport>;
  stop: () => void;
}

const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_ZONE_LOOKUPS = 50;

async function refreshZones(deps: ActionReminderDeps, ownerIds: Set<string>, now: Date): Promise<number> {
  const stale = zonesToRefresh(deps.db, ownerIds, now).slice(
    0,
    deps.zoneLookupsPerRun ?? DEFAULT_ZONE_LOOKUPS,
  );
  let refreshed = 0;
  for (const userId of stale) {
    try {
      const tz = await deps.fetchZone(userId);
      // No zone from Slack: remember the workspace's, so the person is not asked every minute.
      recordUserZone(deps.db, userId, tz ?? deps.workspaceZone, now);
      refreshed++;
    } catch (error) {
      deps.log?.(`action reminders: the zone of ${userId} was not refreshed: ${(error as Error).message}`);
    }
  }
  return refreshed;
}

/** The flagged deals still without an action item once their 48 hours have passed. */
function breachedDeals(deps: ActionReminderDeps, now: Date): BreachedDeal[] {
  const flagged = deps.flaggedDeals?.();
  if (!flagged || flagged.dealIds.length === 0) return [];
  recordDealFlags(deps.db, flagged.dealIds, flagged.at);
  const since = readDealFlags(deps.db, flagged.dealIds);
  const sla = readInterventionSla(
    deps.db,
    flagged.dealIds.map((dealId) => ({ dealId, flaggedAt: since.get(dealId) ?? flagged.at })),
    now,
  );
  return sla.withoutAction
    .filter((d) => d.breached)
    .map((d) => ({ dealId: d.dealId, flaggedAt: d.flaggedAt }));
}

async function sendClaimed<T extends { key: string }>(
  deps: ActionReminderDeps,
  claimed: readonly T[],
  send: (r: T) => Promise<void>,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (const r of claimed) {
    try {
      await send(r);
      sent++;
    } catch (error) {
      failed++;
      releaseReminder(deps.db, r.key);
      deps.log?.(`action reminders: ${r.key} not sent, retried next run: ${(error as Error).message}`);
    }
  }
  return { sent, failed };
}

/** One reminder run at the clock's now. */
export async function runActionReminders(deps: ActionReminderDeps): Promise<ReminderRunReport> {
  const { db } = deps;
  const now = deps.clock();
  const open = listActionItems(db, { states: ["open"] });
  const zonesRefreshed = await refreshZones(deps, new Set(open.map((i) => i.ownerId)), now);
  const zoneOf = zoneLookup(db, deps.workspaceZone);
  const daily = claimReminders(db, dueDailyReminders(open, zoneOf, now), "daily", now);
  const dailyResult = await sendClaimed(deps, daily, (r) => deps.sendDaily(r, now));
  const reviews = deps.reviews?.(now) ?? [];
  let preReview = { sent: 0, failed: 0 };
  if (reviews.length > 0) {
    const digests = duePreReviewDigests(reviews, open, now, breachedDeals(deps, now));
    const claimed = claimReminders(db, digests, "pre-review", now);
    preReview = await sendClaimed(deps, claimed, (d) => deps.sendPreReview(d, now));
  }
  return {
    at: now,
    zonesRefreshed,
    dailySent: dailyResult.sent,
    preReviewSent: preReview.sent,
    failed: dailyResult.failed + preReview.failed,
  };
}

/** Starts the loop: a run now, then one every interval, until stop(). */
export function startActionReminders(deps: ActionReminderDeps): ActionReminders {
  let running: Promise<ReminderRunReport> | null = null;
  const runNow = (): Promise<ReminderRunReport> => {
    const previous = running ?? Promise.resolve(null);
    const next = previous.then(() => runActionReminders(deps));
    running = next.finally(() => {
      if (running === next) running = null;
    }) as Promise<ReminderRunReport>;
    return next;
  };
  const tick = () => {
    if (running) return;
    runNow().catch((error: unknown) =>
      deps.log?.(`action reminders: run failed: ${(error as Error).message}`),
    );
  };
  const timer = setInterval(tick, deps.intervalMs ?? DEFAULT_INTERVAL_MS);
  timer.unref();
  const first = setTimeout(tick, 0);
  first.unref();
  return {
    runNow,
    stop: () => {
      clearInterval(timer);
      clearTimeout(first);
    },
  };
}
