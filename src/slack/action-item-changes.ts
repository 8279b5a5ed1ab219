import type { webApi } from "@slack/bolt";
import { changeOutcomeText } from "../../blocks/action-item";
import { escapeMrkdwn } from "../../blocks/escape";
import { noticeMessage } from "../../blocks/notice";
import { type ChangeRequest, changeActionItem } from "../actions/change-item";
import { ActionItemError } from "../actions/errors";
import type { ChangeOutcome } from "../domain/action-items";
import { changeAuthority, tellOwner, updateItemMessage } from "./action-items";
import type { SlackDeps } from "./answers/answer-command";
import { toResponse } from "./answers/respond";
import { redactSecrets } from "./redact";

/**
 * One change of an item asked for in Slack (a button, a picker, the drop modal): applied as one
 * version-guarded transaction, then the item's message updated in place for everyone and the person
 * who asked told, privately, whatever did not simply succeed there.
 */

/** Where the person who asked can be answered privately. */
export interface ReplyTo {
  userId: string;
  /** the click's response_url (a message's button); absent for modals and the Home tab */
  responseUrl?: string | undefined;
  /** a channel to answer in with chat.postEphemeral when there is no response_url */
  channelId?: string | null;
  /** true when the click was on the item's own message: its update says it all on success */
  onItemMessage: boolean;
}

/** Says `text` to the person privately: response_url, else an ephemeral in the channel, else a DM. */
export async function tellPrivately(
  deps: SlackDeps,
  client: webApi.WebClient,
  to: ReplyTo,
  text: string,
): Promise<void> {
  const message = noticeMessage(text);
  if (to.responseUrl) {
    await deps.respond(to.responseUrl, toResponse(message), "an action item change");
    return;
  }
  if (to.channelId) {
    try {
      await client.chat.postEphemeral({
        channel: to.channelId,
        user: to.userId,
        text: message.text,
        blocks: message.blocks,
      });
      return;
    } catch {
      // not a member there, or the channel is gone: a DM instead
    }
  }
  try {
    await client.chat.postMessage({ channel: to.userId, text: message.text, blocks: message.blocks });
  } catch (error) {
    deps.logger.warn(
      redactSecrets(`could not tell ${to.userId} about an action item: ${(error as Error).message}`),
    );
  }
}

export type ChangeAsked = Omit<ChangeRequest, "authority">;

/**
 * Applies the change and answers: the item's message updated after a change; the person told what
 * happened unless the change succeeded on the item's own message; a new owner told by DM. Returns
 * the outcome (null when the input itself was refused, e.g. a deadline in the past).
 */
export async function applyItemChange(
  deps: SlackDeps,
  client: webApi.WebClient,
  asked: ChangeAsked,
  to: ReplyTo,
): Promise<ChangeOutcome | null> {
  let outcome: ChangeOutcome;
  try {
    outcome = changeActionItem(deps.db, { ...asked, authority: changeAuthority(deps) }, deps.clock());
  } catch (error) {
    if (!(error instanceof ActionItemError)) throw error;
    await tellPrivately(deps, client, to, `:warning: ${escapeMrkdwn(error.message)}. Nothing changed.`);
    return null;
  }
  if (outcome.status === "changed") {
    // Lists and registers built before this change are out of date (the store marker does not
    // move for this process's own writes).
    deps.answers.clear();
    await updateItemMessage(deps, client, outcome.item);
    if (outcome.change === "reassign") await tellOwner(deps, client, outcome.item, asked.actorId);
    if (!to.onItemMessage) await tellPrivately(deps, client, to, changeOutcomeText(outcome));
    return outcome;
  }
  if (outcome.status === "stale" && !to.onItemMessage) {
    // The clicked copy (a list, a reminder) showed an old state: bring the item's own message up to date too.
    await updateItemMessage(deps, client, outcome.item);
  }
  await tellPrivately(deps, client, to, changeOutcomeText(outcome));
  return outcome;
}
