import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { ActionItemIds, changeOutcomeText, parseItemRef } from "../../blocks/action-item";
import { dropReasonModal } from "../../blocks/action-modal";
import { isAllowedInState, mayChangeItem } from "../../src/actions/item-rules";
import { tellPrivately } from "../../src/slack/action-item-changes";
import { changeAuthority } from "../../src/slack/action-items";
import { STALE_BUTTON } from "../../src/slack/answers/answer-command";
import type { ListenerDeps } from "../../src/slack/listeners";
import { redactSecrets } from "../../src/slack/redact";
import { readActionItem } from "../../src/store/actions-repository";
import { replyTo } from "./action-item-change";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * "Drop…": asks for the reason in a modal (the drop itself happens on its submission, against the
 * version the button showed). Someone who may not change the item, or an item no longer open, is
 * told so at once instead.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    ActionItemIds.drop,
    async function askDropReason({ ack, body, action, client }: ButtonArgs) {
      await ack();
      const ref = parseItemRef(action.value);
      const item = ref ? readActionItem(deps.db, ref.itemId) : null;
      const to = replyTo(body, item?.messageTs ?? null);
      if (!ref || !item) {
        await tellPrivately(deps, client, to, ref ? `There is no action item #${ref.itemId}.` : STALE_BUTTON);
        return;
      }
      if (!mayChangeItem(item, body.user.id, changeAuthority(deps))) {
        await tellPrivately(deps, client, to, changeOutcomeText({ status: "refused", change: "drop", item }));
        return;
      }
      if (!isAllowedInState("drop", item.state)) {
        await tellPrivately(
          deps,
          client,
          to,
          changeOutcomeText({ status: "not_allowed", change: "drop", item, event: null }),
        );
        return;
      }
      const container = body.container as { message_ts?: string; channel_id?: string } | undefined;
      try {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: dropReasonModal(item, {
            itemId: item.id,
            version: ref.version,
            channelId: container?.channel_id ?? body.channel?.id ?? null,
            messageTs: container?.message_ts ?? null,
          }),
        });
      } catch (error) {
        deps.logger.warn(redactSecrets(`drop modal for #${item.id} not opened: ${(error as Error).message}`));
        await tellPrivately(deps, client, to, "Slack did not open the drop dialog: click Drop… again.");
      }
    },
  );
}
