import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { type AnswerRef, decodeAnswerRef } from "../../../blocks/answer-ref";
import { answerCommand, type CommandSpec, notice, type SlackDeps, STALE_BUTTON } from "./answer-command";
import { safeAnswer } from "./register-answer-command";
import { type ResponseOptions, toResponse } from "./respond";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** What a click says about itself, from Slack's payload: who clicked, and on what kind of message. */
export interface Click {
  ref: AnswerRef;
  /** the Slack user who clicked (from the signed payload, never from the button's value) */
  clicker: string;
  /** true when the button is on a message only the clicker sees (an answer not yet shared) */
  onPrivateMessage: boolean;
}

/** Where an answer to a click goes. */
export interface Delivery extends ResponseOptions {
  /** who is shown as sharing it, when it goes to the channel: always the clicker */
  sharedBy?: string;
}

export interface AnswerButton {
  /** the button's action_ids (Previous and Next share one handler) */
  actionIds: readonly string[];
  /** the commands whose refs it takes, each with the spec that rebuilds the answer; any other ref is stale */
  specs: ReadonlyMap<string, CommandSpec>;
  /** shown for a value this app did not make; STALE_BUTTON when absent */
  staleNotice?: string;
  /** the page to show; the ref's own when absent */
  page?: (ref: AnswerRef) => number;
  /** where the answer goes; a notice (refusal, missing data, failure) always goes to the clicker alone */
  deliver: (click: Click) => Delivery;
}

/**
 * A button that carries an AnswerRef: acks at once (the 3-second limit), decodes the value, builds
 * the ref's scope and period for whoever clicked (their permissions, checked again) through
 * safeAnswer (a failure is logged once and shown as a notice), and answers via response_url.
 */
export function registerAnswerButton(app: App, deps: SlackDeps, button: AnswerButton): void {
  async function answerButton({ ack, body, action }: ButtonArgs): Promise<void> {
    await ack();
    const purpose = `the ${action.action_id} button`;
    const ref = decodeAnswerRef(action.value);
    const spec = ref ? button.specs.get(ref.command) : undefined;
    if (!ref || !spec) {
      await deps.respond(
        body.response_url,
        toResponse(notice(button.staleNotice ?? STALE_BUTTON).message),
        purpose,
      );
      return;
    }
    const click: Click = {
      ref,
      clicker: body.user.id,
      // Anything but a message Slack says is ephemeral counts as seen by the whole channel.
      onPrivateMessage: body.container?.is_ephemeral === true,
    };
    const { sharedBy, ...where } = button.deliver(click);
    const answer = await safeAnswer(deps, () =>
      answerCommand(spec, deps, {
        userId: click.clicker,
        ask: { shown: ref },
        page: button.page?.(ref) ?? ref.page,
        ...(sharedBy ? { sharedBy } : {}),
      }),
    );
    await deps.respond(
      body.response_url,
      toResponse(answer.message, answer.kind === "answer" ? where : {}),
      purpose,
    );
  }
  for (const actionId of button.actionIds) app.action<BlockAction<ButtonAction>>(actionId, answerButton);
}
