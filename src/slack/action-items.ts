import type { webApi } from "@slack/bolt";
import { itemMessage } from "../../blocks/action-item";
import { readInterventionSla } from "../actions/figure-reads";
import type { ChangeAuthority } from "../actions/item-rules";
import { isTimeZone } from "../actions/local-time";
import { recordUserZone, ZONE_REFRESH_DAYS } from "../actions/user-zones";
import type { Viewer } from "../domain/access";
import type { ActionItem } from "../domain/action-items";
import { type DealVisibility, readDealFlags } from "../store/action-deals-repository";
import { listActionItemEvents, readUserZones, setActionItemMessage } from "../store/actions-repository";
import type { Db } from "../store/db";
import { findRitualByName } from "../store/rituals-repository";
import type { SlackDeps } from "./answers/answer-command";
import { redactSecrets } from "./redact";

/**
 * The Slack side of action items: who may change one, which deals a person may link, people's
 * zones (users.info), and the item's interactive message (posted where it came from, the owner
 * told by DM, updated in place after every change).
 */

/**
 * The flagged deals that have no action item yet (metrics.md, intervention SLA): none linked since
 * the deal was first seen flagged, nor one open from before. A deal never seen flagged counts from now.
 */
export function flaggedDealsWithoutAction(
  db: Db,
  flaggedDealIds: readonly string[],
  now: Date = new Date(),
): Set<string> {
  if (flaggedDealIds.length === 0) return new Set();
  const since = readDealFlags(db, flaggedDealIds);
  const flagged = flaggedDealIds.map((dealId) => ({
    dealId,
    flaggedAt: since.get(dealId) ?? now.toISOString(),
  }));
  return new Set(readInterventionSla(db, flagged, now).withoutAction.map((d) => d.dealId));
}

/** The owner and creator of an item, the facilitator of its ritual, and the configured admins. */
export function changeAuthority(deps: Pick<SlackDeps, "db" | "config">): ChangeAuthority {
  return {
    adminIds: new Set(deps.config.SLACK_ADMIN_USER_IDS),
    facilitatorsOf: (ritual) => {
      const facilitator = findRitualByName(deps.db, ritual)?.facilitatorId;
      return facilitator ? [facilitator] : [];
    },
  };
}

/** The deals a viewer may link: everyone's for admins; otherwise their own, their reports' and their managed teams'. */
export function dealVisibility(viewer: Viewer): DealVisibility {
  if (viewer.role === "admin") return { all: true };
  return { all: false, owners: [...viewer.reps], teams: [...viewer.detailTeams] };
}

/** Whether a viewer may link a deal of this owner and team. */
export function maySeeDeal(viewer: Viewer, deal: { ownerName: string; ownerTeam: string | null }): boolean {
  if (viewer.role === "admin") return true;
  return (
    viewer.reps.has(deal.ownerName.toLowerCase()) ||
    (deal.ownerTeam !== null && viewer.detailTeams.has(deal.ownerTeam.toLowerCase()))
  );
}

/**
 * A person's IANA zone: the cached users.info answer while under a week old, else asked again (and
 * cached); when Slack cannot say, the cached one or the workspace's.
 */
export async function userZone(deps: SlackDeps, client: webApi.WebClient, userId: string): Promise<string> {
  const now = deps.clock();
  const cached = readUserZones(deps.db).get(userId);
  const fresh = cached && now.getTime() - Date.parse(cached.fetchedAt) < ZONE_REFRESH_DAYS * 86_400_000;
  if (cached && fresh) return cached.zone;
  try {
    const info = await client.users.info({ user: userId });
    const tz = info.user?.tz;
    if (tz && isTimeZone(tz)) {
      recordUserZone(deps.db, userId, tz, now);
      return tz;
    }
  } catch (error) {
    deps.logger.warn(
      redactSecrets(`users.info for the zone of ${userId} failed: ${(error as Error).message}`),
    );
  }
  return cached?.zone ?? deps.config.WORKSPACE_TIMEZONE;
}

/** The item's message as it stands now. */
export function currentItemMessage(deps: Pick<SlackDeps, "db">, item: ActionItem, now: Date) {
  const events = listActionItemEvents(deps.db, item.id);
  return itemMessage({ item, lastEvent: events.at(-1) ?? null, now });
}

/**
 * Posts a new item's message to the first of `channels` that takes it (the one it came from, the
 * ritual's, the creator's DM), records where, and DMs the owner when someone else gave it to them.
 * Returns the channel it landed in, or null when none took it (logged).
 */
export async function postNewItem(
  deps: SlackDeps,
  client: webApi.WebClient,
  item: ActionItem,
  channels: readonly (string | null)[],
): Promise<string | null> {
  const message = currentItemMessage(deps, item, deps.clock());
  let landed: string | null = null;
  for (const channel of [...new Set(channels.filter((c): c is string => Boolean(c)))]) {
    try {
      const posted = await client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      if (posted.ts && posted.channel) {
        setActionItemMessage(deps.db, item.id, posted.channel, posted.ts);
        landed = posted.channel;
        break;
      }
    } catch (error) {
      deps.logger.warn(
        redactSecrets(`action item #${item.id}: not posted in ${channel}: ${(error as Error).message}`),
      );
    }
  }
  if (item.ownerId !== item.creatorId) await tellOwner(deps, client, item, item.creatorId);
  return landed;
}

/** A DM to the item's owner: who gave it to them, with the item and its buttons. */
export async function tellOwner(
  deps: SlackDeps,
  client: webApi.WebClient,
  item: ActionItem,
  byId: string,
): Promise<void> {
  const message = currentItemMessage(deps, item, deps.clock());
  const lead = {
    type: "section" as const,
    text: { type: "mrkdwn" as const, text: `<@${byId}> gave you an action item:` },
  };
  try {
    await client.chat.postMessage({
      channel: item.ownerId,
      text: message.text,
      blocks: [lead, ...message.blocks],
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (error) {
    deps.logger.warn(
      redactSecrets(`action item #${item.id}: owner ${item.ownerId} not told: ${(error as Error).message}`),
    );
  }
}

/** Replaces the item's message (where it was posted) with how it stands now. */
export async function updateItemMessage(
  deps: SlackDeps,
  client: webApi.WebClient,
  item: ActionItem,
): Promise<void> {
  if (!item.channelId || !item.messageTs) return;
  const message = currentItemMessage(deps, item, deps.clock());
  try {
    await client.chat.update({
      channel: item.channelId,
      ts: item.messageTs,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (error) {
    deps.logger.warn(
      redactSecrets(`action item #${item.id}: message not updated: ${(error as Error).message}`),
    );
  }
}
