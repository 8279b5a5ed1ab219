import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { type AnswerCommand, type AnswerRef, decodeAnswerRef } from "../../../blocks/answer-ref";
import { type Answer, type MaybePromise, notice, type SlackDeps } from "./answer-command";
import { safeAnswer } from "./register-answer-command";
import { toResponse } from "./respond";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export const STALE_BUTTON = "This button is from an older version of the app: run the command again.";

export interface AnswerButton {
  /** the button's action_ids (Previous and Next share one handler) */
  actionIds: readonly string[];
  /** refs of other commands are treated as stale; all commands when absent */
  commands?: readonly AnswerCommand[];
  /** shown for a value this app did not make; STALE_BUTTON when absent */
  staleNotice?: string;
  /** rebuilds the answer for whoever clicked: their permissions, checked again */
  answer: (ref: AnswerRef, userId: string) => MaybePromise<Answer>;
  /** how an answer is posted; a notice (refusal, missing data, failure) always goes to the clicker alone */
  post: (ref: AnswerRef) => { inChannel?: boolean; replaceOriginal?: boolean };
}

/**
 * A button that carries an AnswerRef: acks at once (the 3-second limit), decodes the value, builds
 * through safeAnswer (a failure is logged once and shown as a notice) and answers via response_url.
 */
export function registerAnswerButton(app: App, deps: SlackDeps, button: AnswerButton): void {
  async function answerButton({ ack, body, action, respond }: ButtonArgs): Promise<void> {
    await ack();
    const ref = decodeAnswerRef(action.value);
    if (!ref || (button.commands && !button.commands.includes(ref.command))) {
      await respond(toResponse(notice(button.staleNotice ?? STALE_BUTTON).message));
      return;
    }
    const answer = await safeAnswer(deps, () => button.answer(ref, body.user.id));
    await respond(toResponse(answer.message, answer.kind === "answer" ? button.post(ref) : {}));
  }
  for (const actionId of button.actionIds) app.action<BlockAction<ButtonAction>>(actionId, answerButton);
}
