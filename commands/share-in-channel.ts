import type { App } from "@slack/bolt";
import type { AnswerCommand, AnswerRef } from "../blocks/answer-ref";
import { ActionIds } from "../blocks/ids";
import {
  type Answer,
  answerCommand,
  type CommandSpec,
  type SlackDeps,
} from "../src/slack/answers/answer-command";
import { registerAnswerButton } from "../src/slack/answers/register-answer-button";

/**
 * "Share in channel": rebuilds the answer for the person who clicked (their permissions, checked
 * again) and posts it for everyone through the response_url, which works in any channel or DM the
 * command was used in without the bot being a member. A refusal stays ephemeral.
 */
export function register(app: App, deps: SlackDeps, specs: Record<AnswerCommand, CommandSpec>): void {
  function shareInChannel(ref: AnswerRef, userId: string): Answer | Promise<Answer> {
    return answerCommand(specs[ref.command], deps, {
      userId,
      text: ref.args,
      page: ref.page,
      sharedBy: userId,
    });
  }
  registerAnswerButton(app, deps, {
    actionIds: [ActionIds.shareInChannel],
    answer: shareInChannel,
    post: () => ({ inChannel: true }),
  });
}
