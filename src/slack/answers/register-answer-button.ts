import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { type AnswerRef, decodeAnswerRef } from "../../../blocks/answer-ref";
import {
  type AnswerRequest,
  answerCommand,
  type CommandSpec,
  notice,
  type SlackDeps,
} from "./answer-command";
import { safeAnswer } from "./register-answer-command";
import { toResponse } from "./respond";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export const STALE_BUTTON = "This button is from an older version of the app: run the command again.";

export interface AnswerButton {
  /** the button's action_ids (Previous and Next share one handler) */
  actionIds: readonly string[];
  /** the commands whose refs it takes, each with the spec that rebuilds the answer; any other ref is stale */
  specs: ReadonlyMap<string, CommandSpec>;
  /** shown for a value this app did not make; STALE_BUTTON when absent */
  staleNotice?: string;
  /** the request to answer for whoever clicked: their permissions, checked again */
  request: (ref: AnswerRef, userId: string) => AnswerRequest;
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
    const spec = ref ? button.specs.get(ref.command) : undefined;
    if (!ref || !spec) {
      await respond(toResponse(notice(button.staleNotice ?? STALE_BUTTON).message));
      return;
    }
    const answer = await safeAnswer(deps, () => answerCommand(spec, deps, button.request(ref, body.user.id)));
    await respond(toResponse(answer.message, answer.kind === "answer" ? button.post(ref) : {}));
  }
  for (const actionId of button.actionIds) app.action<BlockAction<ButtonAction>>(actionId, answerButton);
}
