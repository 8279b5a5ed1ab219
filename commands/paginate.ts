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

/**
 * Previous / Next: rebuilds the page for whoever clicked (permissions checked again) and replaces
 * the message in place. A click someone may not see answers them alone and leaves the message.
 */
export function register(app: App, deps: SlackDeps, specs: Record<AnswerCommand, CommandSpec>): void {
  const turnPage = async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const ref = decodeAnswerRef(action.value);
    if (!ref) {
      await respond(
        toResponse(notice("This button is from an older version of the app: run the command again.").message),
      );
      return;
    }
    const request = {
      userId: body.user.id,
      text: ref.args,
      page: ref.page,
      ...(ref.sharedBy ? { sharedBy: ref.sharedBy } : {}),
    };
    const answer = await safeAnswer(deps, () => answerCommand(specs[ref.command], deps, request));
    if (answer.kind === "notice") {
      await respond(toResponse(answer.message));
      return;
    }
    await respond(toResponse(answer.message, { inChannel: Boolean(ref.sharedBy), replaceOriginal: true }));
  };
  app.action<BlockAction<ButtonAction>>(ActionIds.pageNext, turnPage);
  app.action<BlockAction<ButtonAction>>(ActionIds.pagePrevious, turnPage);
}
