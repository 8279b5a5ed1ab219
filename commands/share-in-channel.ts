import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { ActionIds } from "../blocks/ids";
import { answerCommand, type CommandSpec, notice, type SlackDeps } from "../src/slack/answer-command";
import { type AnswerCommand, decodeAnswerRef } from "../src/slack/button-value";
import { safeAnswer } from "../src/slack/register-answer-command";
import { toResponse } from "../src/slack/respond";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

const STALE_BUTTON = "This button is from an older version of the app: run the command again.";

/**
 * "Share in channel": rebuilds the answer for the person who clicked (their permissions, checked
 * again) and posts it for everyone through the response_url, which works in any channel or DM the
 * command was used in without the bot being a member. A refusal stays ephemeral.
 */
export function register(app: App, deps: SlackDeps, specs: Record<AnswerCommand, CommandSpec>): void {
  app.action<BlockAction<ButtonAction>>(
    ActionIds.shareInChannel,
    async function shareInChannel({ ack, body, action, respond }: ButtonArgs): Promise<void> {
      await ack();
      const ref = decodeAnswerRef(action.value);
      if (!ref) {
        await respond(toResponse(notice(STALE_BUTTON).message));
        return;
      }
      const userId = body.user.id;
      const answer = await safeAnswer(deps, () =>
        answerCommand(specs[ref.command], deps, { userId, text: ref.args, page: ref.page, sharedBy: userId }),
      );
      await respond(toResponse(answer.message, { inChannel: answer.kind === "answer" }));
    },
  );
}
