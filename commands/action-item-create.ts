import type { webApi } from "@slack/bolt";
import { plain } from "../blocks/action-item";
import {
  type CreateModalMetadata,
  createItemModal,
  type DealChoice,
  type OpenCreateRef,
} from "../blocks/action-modal";
import { deadlineAfterHours } from "../src/actions/due-date";
import { INTERVENTION_WINDOW_HOURS } from "../src/actions/figures";
import type { Viewer } from "../src/domain/access";
import { dealVisibility, maySeeDeal } from "../src/slack/action-items";
import type { SlackDeps } from "../src/slack/answers/answer-command";
import { findOpenDeal, type OpenDeal, searchOpenDeals } from "../src/store/action-deals-repository";
import { readUserZones } from "../src/store/actions-repository";
import { findOccurrence } from "../src/store/occurrences-repository";
import { findRitualById, listRituals, type RitualRecord } from "../src/store/rituals-repository";

/**
 * Opening the create modal (from `/actions add`, a risk-register deal's "Create action", a
 * pre-read's "Add action item") and what it offers: the deals the creator may see, the rituals.
 */

/** What a deal option says: "Acme renewal — Acme Corp (Dana Reyes)", within Slack's 75 characters. */
export function dealChoice(deal: OpenDeal): DealChoice {
  const name = deal.name ?? deal.id;
  const account = deal.accountName ? ` — ${deal.accountName}` : "";
  return { id: deal.id, label: plain(`${name}${account} (${deal.ownerName})`, 75) };
}

/** Open deals the viewer may see matching a search, for the deal picker (at most 100, Slack's limit). */
export function dealOptions(deps: Pick<SlackDeps, "db">, viewer: Viewer, query: string): DealChoice[] {
  return searchOpenDeals(deps.db, dealVisibility(viewer), query, 100).map(dealChoice);
}

/** The ritual a review (a pre-read's occurrence key) belongs to. */
export function ritualOfReview(db: SlackDeps["db"], reviewKey: string | null): RitualRecord | null {
  if (!reviewKey) return null;
  const subject = findOccurrence(db, reviewKey)?.subject ?? "";
  const id = /^ritual:(\d+)$/.exec(subject)?.[1] ?? /^pre-read:ritual\/(\d+):/.exec(reviewKey)?.[1];
  return id ? findRitualById(db, Number(id)) : null;
}

export type OpenCreateResult = { opened: true } | { opened: false; notice: string };

/**
 * Opens the create modal for `userId`, pre-filled from what it was opened on: a deal (its owner,
 * a 48-hour deadline in the owner's zone), a review (its ritual). A deal the person may not see is
 * refused, not offered.
 */
export async function openCreateModal(
  deps: SlackDeps,
  client: webApi.WebClient,
  options: { triggerId: string; userId: string; channelId: string | null; from?: OpenCreateRef | null },
): Promise<OpenCreateResult> {
  const from = options.from ?? { dealId: null, reviewKey: null };
  const viewer = await deps.directory.viewer(options.userId);
  const now = deps.clock();
  let deal: OpenDeal | null = null;
  if (from.dealId) {
    deal = findOpenDeal(deps.db, from.dealId);
    if (!deal) return { opened: false, notice: "That deal is closed or no longer in the CRM export." };
    if (!maySeeDeal(viewer, deal))
      return {
        opened: false,
        notice: "That deal is not one you can see, so you cannot link an action to it.",
      };
  }
  const ritual = ritualOfReview(deps.db, from.reviewKey);
  const ownerId = deal?.ownerSlackUserId ?? (deal ? null : options.userId);
  const ownerZone = (ownerId && readUserZones(deps.db).get(ownerId)?.zone) || deps.config.WORKSPACE_TIMEZONE;
  const metadata: CreateModalMetadata = {
    channelId: options.channelId,
    source: from.reviewKey ? "review" : deal ? "deal" : "manual",
    reviewKey: from.reviewKey,
  };
  const view = createItemModal({
    metadata,
    ownerId,
    deadline: deal ? deadlineAfterHours(now, INTERVENTION_WINDOW_HOURS, ownerZone) : null,
    deal: deal ? dealChoice(deal) : null,
    rituals: listRituals(deps.db).map((r) => ({ key: r.name, name: r.name })),
    ritual: ritual?.name ?? null,
  });
  await client.views.open({ trigger_id: options.triggerId, view });
  return { opened: true };
}
