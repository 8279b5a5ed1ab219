import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import {
  ActionModalIds,
  decodeDropMetadata,
  modalFieldErrors,
  readDropReason,
  type SubmittedValues,
} from "../../blocks/action-modal";
import { applyItemChange } from "../../src/slack/action-item-changes";
import { STALE_BUTTON } from "../../src/slack/answers/answer-command";
import type { ListenerDeps } from "../../src/slack/listeners";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The drop modal's submission: an empty reason is shown beside its field; otherwise the modal
 * closes and the item is dropped against the version its button showed. Anything but a drop
 * (someone was quicker, a refusal) is told to the person privately.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.view<ViewSubmitAction>(
    ActionModalIds.dropReason,
    async function dropItem({ ack, body, view, client }: SubmitArgs) {
      const meta = decodeDropMetadata(view.private_metadata);
      const reason = readDropReason(view.state.values as SubmittedValues).trim();
      if (!meta) {
        await ack(modalFieldErrors("reason", STALE_BUTTON) ?? undefined);
        return;
      }
      if (reason === "") {
        await ack(modalFieldErrors("reason", "Say why it is dropped.") ?? undefined);
        return;
      }
      await ack();
      await applyItemChange(
        deps,
        client,
        {
          itemId: meta.itemId,
          change: { kind: "drop", reason },
          actorId: body.user.id,
          expectedVersion: meta.version,
        },
        { userId: body.user.id, channelId: meta.channelId, onItemMessage: false },
      );
    },
  );
}
