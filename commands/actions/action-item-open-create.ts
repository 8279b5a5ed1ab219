import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  BlockSuggestion,
  ButtonAction,
  SlackActionMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
} from "@slack/bolt";
import { ActionModalIds, decodeOpenCreate } from "../../blocks/action-modal";
import { tellPrivately } from "../../src/slack/action-item-changes";
import { STALE_BUTTON } from "../../src/slack/answers/answer-command";
import type { ListenerDeps } from "../../src/slack/listeners";
import { redactSecrets } from "../../src/slack/redact";
import { dealOptions, openCreateModal } from "../action-item-create";
import { replyTo } from "./action-item-change";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type OptionsArgs = SlackOptionsMiddlewareArgs<"block_suggestion"> & AllMiddlewareArgs;

/**
 * "Create action" on a risk-register deal and "Add action item" in a pre-read's thread open the
 * create modal pre-filled with the deal (its owner, 48 hours) or the review; the modal's deal
 * search answers with the open deals the person may see.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    ActionModalIds.openCreate,
    async function openCreate({ ack, body, action, client }: ButtonArgs) {
      await ack();
      const to = replyTo(body, null);
      const from = decodeOpenCreate(action.value);
      if (!from) {
        await tellPrivately(deps, client, to, STALE_BUTTON);
        return;
      }
      try {
        const result = await openCreateModal(deps, client, {
          triggerId: body.trigger_id,
          userId: body.user.id,
          channelId: to.channelId ?? null,
          from,
        });
        if (!result.opened) await tellPrivately(deps, client, to, result.notice);
      } catch (error) {
        deps.logger.warn(redactSecrets(`create modal not opened: ${(error as Error).message}`));
        await tellPrivately(deps, client, to, "Slack did not open the dialog: click the button again.");
      }
    },
  );

  app.options<"block_suggestion">(
    ActionModalIds.dealSearch,
    async function searchDeals({ ack, body }: OptionsArgs) {
      const suggestion = body as BlockSuggestion;
      const viewer = await deps.directory.viewer(suggestion.user.id);
      const options = dealOptions(deps, viewer, suggestion.value ?? "").map((d) => ({
        text: { type: "plain_text" as const, text: d.label },
        value: d.id,
      }));
      await ack({ options });
    },
  );
}
