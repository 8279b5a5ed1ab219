import type { App } from "@slack/bolt";
import { ActionIds } from "../../blocks/ids";
import { registerAnswerButton } from "../../src/slack/answers/register-answer-button";
import type { ListenerDeps } from "../../src/slack/listeners";

/**
 * Previous / Next: rebuilds the page for whoever clicked (permissions checked again) and replaces
 * the message in place. A click someone may not see answers them alone and leaves the message.
 */
export function register(app: App, deps: ListenerDeps): void {
  registerAnswerButton(app, deps, {
    actionIds: [ActionIds.pageNext, ActionIds.pagePrevious],
    specs: deps.answerSpecs,
    request: (ref, userId) => ({
      userId,
      text: ref.args,
      page: ref.page,
      ...(ref.sharedBy ? { sharedBy: ref.sharedBy } : {}),
    }),
    post: (ref) => ({ inChannel: Boolean(ref.sharedBy), replaceOriginal: true }),
  });
}
