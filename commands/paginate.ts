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
 * Previous / Next: rebuilds the page for whoever clicked (permissions checked again) and replaces
 * the message in place. A click someone may not see answers them alone and leaves the message.
 */
export function register(app: App, deps: SlackDeps, specs: Record<AnswerCommand, CommandSpec>): void {
  function turnPage(ref: AnswerRef, userId: string): Answer | Promise<Answer> {
    return answerCommand(specs[ref.command], deps, {
      userId,
      text: ref.args,
      page: ref.page,
      ...(ref.sharedBy ? { sharedBy: ref.sharedBy } : {}),
    });
  }
  registerAnswerButton(app, deps, {
    actionIds: [ActionIds.pageNext, ActionIds.pagePrevious],
    answer: turnPage,
    post: (ref) => ({ inChannel: Boolean(ref.sharedBy), replaceOriginal: true }),
  });
}
