import type { App } from "@slack/bolt";
import { ActionIds } from "../../blocks/ids";
import { registerAnswerButton } from "../../src/slack/answers/register-answer-button";
import type { ListenerDeps } from "../../src/slack/listeners";

/**
 * "Share in channel": rebuilds the answer's scope and period for the person who clicked (their
 * permissions, checked again) and posts it for everyone through the response_url, which works in
 * any channel or DM the command was used in without the bot being a member. The sharer shown is
 * the clicker. A refusal stays ephemeral.
 */
export function register(app: App, deps: ListenerDeps): void {
  registerAnswerButton(app, deps, {
    actionIds: [ActionIds.shareInChannel],
    specs: deps.answerSpecs,
    deliver: ({ clicker }) => ({ sharedBy: clicker, inChannel: true }),
  });
}
