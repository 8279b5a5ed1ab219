import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { ActionItemIds, parseItemRef } from "../../blocks/action-item";
import type { ActionChange } from "../../src/actions/item-rules";
import { applyItemChange, type ReplyTo, tellPrivately } from "../../src/slack/action-item-changes";
import { userZone } from "../../src/slack/action-items";
import { STALE_BUTTON } from "../../src/slack/answers/answer-command";
import type { ListenerDeps } from "../../src/slack/listeners";
import { readActionItem } from "../../src/store/actions-repository";
import { publishHome } from "../events/app-home-opened";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** What Slack sends for each control of an item: a button, the users_select, the datepicker. */
interface ItemControl {
  action_id: string;
  block_id?: string;
  value?: string;
  selected_user?: string;
  selected_date?: string;
}

/** Where a click came from and how to answer the person privately. */
export function replyTo(body: BlockAction, itemMessageTs: string | null): ReplyTo & { onHome: boolean } {
  const container = body.container as { type?: string; message_ts?: string; channel_id?: string } | undefined;
  const onHome = container?.type === "view";
  return {
    userId: body.user.id,
    responseUrl: onHome ? undefined : body.response_url,
    channelId: container?.channel_id ?? body.channel?.id ?? null,
    // the Home tab is published again after the change: it shows what happened, like the item's message
    onItemMessage: onHome || (itemMessageTs !== null && container?.message_ts === itemMessageTs),
    onHome,
  };
}

/**
 * Done, Reopen, Reassign (a user picker) and Change deadline (a date picker) on an item's message,
 * a list, a reminder or the Home tab: each acks at once, then changes the item against the version
 * the control showed; the item's message is updated in place and the person told what happened.
 */
export function register(app: App, deps: ListenerDeps): void {
  async function changeItem({ ack, body, action, client }: ActionArgs): Promise<void> {
    await ack();
    const control = action as unknown as ItemControl;
    const ref = parseItemRef(control.block_id) ?? parseItemRef(control.value);
    const base = replyTo(body, null);
    if (!ref) {
      await tellPrivately(deps, client, base, STALE_BUTTON);
      return;
    }
    let change: ActionChange;
    switch (control.action_id) {
      case ActionItemIds.done:
        change = { kind: "done" };
        break;
      case ActionItemIds.reopen:
        change = { kind: "reopen" };
        break;
      case ActionItemIds.reassign: {
        const ownerId = control.selected_user ?? "";
        change = { kind: "reassign", ownerId, ownerZone: await userZone(deps, client, ownerId) };
        break;
      }
      default:
        change = { kind: "change_deadline", deadline: control.selected_date ?? "" };
    }
    const shown = readActionItem(deps.db, ref.itemId);
    const to = replyTo(body, shown?.messageTs ?? null);
    await applyItemChange(
      deps,
      client,
      { itemId: ref.itemId, change, actorId: body.user.id, expectedVersion: ref.version },
      to,
    );
    if (to.onHome) await publishHome(deps, client, body.user.id);
  }
  for (const id of [
    ActionItemIds.done,
    ActionItemIds.reopen,
    ActionItemIds.reassign,
    ActionItemIds.changeDeadline,
  ])
    app.action<BlockAction>(id, changeItem);
}
