import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn } from "../blocks/escape";
import { helpMessage } from "../blocks/help";
import { noticeMessage } from "../blocks/notice";
import { SCOPE_HELP } from "../src/slack/answers/answer-command";
import { toResponse } from "../src/slack/answers/respond";
import type { ListenerDeps, SlashCommand } from "../src/slack/listeners";

const RITUALS_USAGE = "/rituals help";

/** `/rituals help` lists every command; anything else after /rituals is explained, never guessed. */
function register(app: App, deps: ListenerDeps): void {
  const help = helpMessage(
    [
      ...[...deps.answerSpecs.values()].map((s) => ({ usage: s.usage, summary: s.summary })),
      { usage: RITUALS_USAGE, summary: "this list" },
    ],
    SCOPE_HELP,
  );
  app.command(
    ritualsCommand.command,
    async function ritualsSlashCommand({ ack, command }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
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

export const ritualsCommand: SlashCommand = { command: "/rituals", register };
