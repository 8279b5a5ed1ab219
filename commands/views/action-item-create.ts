import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import {
  ActionModalIds,
  decodeCreateMetadata,
  modalFieldErrors,
  readCreateSubmission,
  type SubmittedValues,
} from "../../blocks/action-modal";
import { createActionItem } from "../../src/actions/create-item";
import { ActionItemError } from "../../src/actions/errors";
import type { ActionSource } from "../../src/domain/action-items";
import { maySeeDeal, postNewItem, userZone } from "../../src/slack/action-items";
import { STALE_BUTTON } from "../../src/slack/answers/answer-command";
import type { ListenerDeps } from "../../src/slack/listeners";
import { findOpenDeal } from "../../src/store/action-deals-repository";
import { findRitualByName } from "../../src/store/rituals-repository";
import { ritualOfReview } from "../action-item-create";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The create modal's submission: each problem is shown beside its field and nothing is stored;
 * otherwise the item is stored once (a retried submission of the same view creates nothing new),
 * the modal closes, the item is posted where it came from (or the ritual's channel, or the
 * creator's DM) and the owner told by DM.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(
    ActionModalIds.create,
    async function createItem({ ack, body, view, client }: SubmitArgs) {
      const meta = decodeCreateMetadata(view.private_metadata);
      const values = readCreateSubmission(view.state.values as SubmittedValues);
      const fail = (field: Parameters<typeof modalFieldErrors>[0], message: string) =>
        ack(modalFieldErrors(field, message) ?? modalFieldErrors("text", message) ?? undefined);
      if (!meta) return fail("text", STALE_BUTTON);
      if (!values.ownerId) return fail("owner", "Pick the one person who owns it.");
      if (!values.deadline) return fail("deadline", "Pick a deadline.");
      const creatorId = body.user.id;
      if (values.dealId) {
        const deal = findOpenDeal(deps.db, values.dealId);
        const viewer = await deps.directory.viewer(creatorId);
        if (!deal || !maySeeDeal(viewer, deal))
          return fail("deal", "That deal is closed or not one you can see: pick another or leave it empty.");
      }
      const reviewRitual = ritualOfReview(deps.db, meta.reviewKey);
      const ritual = values.ritual ? findRitualByName(deps.db, values.ritual) : reviewRitual;
      const source: ActionSource = meta.reviewKey ? "review" : values.dealId ? "deal" : "manual";
      let created: ReturnType<typeof createActionItem>;
      try {
        created = createActionItem(
          deps.db,
          {
            text: values.text,
            ownerId: values.ownerId,
            creatorId,
            deadline: values.deadline,
            ownerZone: await userZone(deps, client, values.ownerId),
            source,
            reviewKey: meta.reviewKey,
            ritual: ritual?.name ?? values.ritual ?? null,
            dealId: values.dealId,
            requestKey: `view:${view.id}`,
          },
          deps.clock(),
        );
      } catch (error) {
        if (!(error instanceof ActionItemError)) throw error;
        return fail(error.field, error.message);
      }
      await ack();
      if (!created.created) return;
      deps.answers.clear();
      await postNewItem(deps, client, created.item, [meta.channelId, ritual?.channelId ?? null, creatorId]);
    },
  );
}
