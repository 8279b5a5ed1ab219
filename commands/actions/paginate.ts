import type { App } from "@slack/bolt";
import { ActionIds } from "../../blocks/ids";
import {
  type Click,
  type Delivery,
  registerAnswerButton,
} from "../../src/slack/answers/register-answer-button";
import type { ListenerDeps } from "../../src/slack/listeners";

/**
 * Where a page goes. A private answer is replaced in place. A message shared in the channel is
 * replaced for everyone only when its sharer clicks (more of what they shared, their permissions
 * checked again); anyone else gets the page of that scope privately, as far as they may see it,
 * and the channel message stays as it was.
 */
function pageDelivery({ ref, clicker, onPrivateMessage }: Click): Delivery {
  if (onPrivateMessage) return { replaceOriginal: true };
  if (ref.sharedBy === clicker) return { sharedBy: clicker, inChannel: true, replaceOriginal: true };
  return {};
}

/** Previous / Next: the same scope and period as the page shown, for whoever clicked. */
export function register(app: App, deps: ListenerDeps): void {
  registerAnswerButton(app, deps, {
    actionIds: [ActionIds.pageNext, ActionIds.pagePrevious],
    specs: deps.answerSpecs,
    deliver: pageDelivery,
  });
}
