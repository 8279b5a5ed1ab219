import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn } from "../blocks/escape";
import { helpMessage } from "../blocks/help";
import { noticeMessage } from "../blocks/notice";
import { type CommandSpec, SCOPE_HELP, type SlackDeps } from "../src/slack/answers/answer-command";
import { toResponse } from "../src/slack/answers/respond";

export const RITUALS_USAGE = "/rituals help";

/** `/rituals help` lists every command; anything else after /rituals is explained, never guessed. */
export function register(app: App, _deps: SlackDeps, specs: readonly CommandSpec[]): void {
  const help = helpMessage(
    [
      ...specs.map((s) => ({ usage: s.usage, summary: s.summary })),
      { usage: RITUALS_USAGE, summary: "this list" },
    ],
    SCOPE_HELP,
  );
  app.command(
    "/rituals",
    async function ritualsCommand({ ack, command }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
      const sub = command.text.trim().toLowerCase();
      if (sub === "" || sub === "help") {
        await ack(toResponse(help));
        return;
      }
      await ack(
        toResponse(
          noticeMessage(
            `:warning: \`/rituals ${escapeMrkdwn(command.text.trim())}\` is not a command I know.`,
            RITUALS_USAGE,
          ),
        ),
      );
    },
  );
}
