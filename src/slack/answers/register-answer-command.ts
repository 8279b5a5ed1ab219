import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from "@slack/bolt";
import type { SlashCommand } from "../listeners";
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
 * A slash command that answers from stored analyses. A fast stored read goes straight into the
 * ack (one round trip, no response_url); when Slack must be asked who the user is, the ack is
 * empty and the answer follows through response_url, well inside the 3-second limit either way.
 */
function registerAnswerCommand(app: App, spec: CommandSpec, deps: SlackDeps): void {
  app.command(
    `/${spec.command}`,
    async function answerSlashCommand({
      ack,
      command,
    }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
      const answer = safeAnswer(deps, () =>
        answerCommand(spec, deps, { userId: command.user_id, ask: { text: command.text }, page: 0 }),
      );
      if (!(answer instanceof Promise)) {
        await ack(toResponse(answer.message));
        return;
      }
      await ack();
      await deps.respond(command.response_url, toResponse((await answer).message), `/${spec.command}`);
    },
  );
}

/** The slash command that answers from stored analyses as `spec` says, for the list in commands/index.ts. */
export function answerSlashCommand(spec: CommandSpec): SlashCommand {
  return { command: `/${spec.command}`, register: (app, deps) => registerAnswerCommand(app, spec, deps) };
}
