import type { AllMiddlewareArgs, AnyMiddlewareArgs, App, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { redactSecrets } from "../redact";
import { type Answer, answerCommand, type CommandSpec, notice, type SlackDeps } from "./answer-command";
import { toResponse } from "./respond";

/** Shown when building an answer fails unexpectedly: the details go to the log, not to Slack. */
export const FAILURE_NOTICE =
  ":x: Something went wrong building this answer. It has been logged; try again shortly.";

export function safeAnswer(deps: SlackDeps, build: () => Answer | Promise<Answer>): Answer | Promise<Answer> {
  const fail = (error: unknown): Answer => {
    // Once, here, and never rethrown: Bolt would log it again and the user would see no answer.
    deps.logger.error(redactSecrets(`answer failed: ${(error as Error).stack ?? String(error)}`));
    return notice(FAILURE_NOTICE);
  };
  try {
    const result = build();
    return result instanceof Promise ? result.catch(fail) : result;
  } catch (error) {
    return fail(error);
  }
}

/**
 * The slash commands that answer from stored analyses, taken by one global middleware: a request
 * for one of them is answered here and goes no further, so Bolt does not walk every listener of
 * the app (each a copy of its chain and of the request's arguments) to find the one that matches;
 * any other request goes on to the listeners. A fast stored read goes straight into the ack (one
 * round trip, no response_url); when Slack must be asked who the user is, the ack is empty and
 * the answer follows through response_url, well inside the 3-second limit either way.
 */
export function registerAnswerCommands(app: App, specs: readonly CommandSpec[], deps: SlackDeps): void {
  const bySlash = new Map(specs.map((spec) => [`/${spec.command}`, spec]));
  app.use(async function answerSlashCommands(args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
    const command = (args as Partial<SlackCommandMiddlewareArgs>).command;
    const spec = command && bySlash.get(command.command);
    if (!command || !spec) {
      await args.next();
      return;
    }
    const { ack } = args as SlackCommandMiddlewareArgs;
    const answer = safeAnswer(deps, () =>
      answerCommand(spec, deps, { userId: command.user_id, ask: { text: command.text }, page: 0 }),
    );
    if (!(answer instanceof Promise)) {
      await ack(toResponse(answer.message));
      return;
    }
    await ack();
    await deps.respond(command.response_url, toResponse((await answer).message), command.command);
  });
}
