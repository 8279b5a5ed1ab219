import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn } from "../blocks/escape";
import { helpMessage } from "../blocks/help";
import type { Message } from "../blocks/message";
import { noticeMessage } from "../blocks/notice";
import { pauseRitual, RitualError, resumeRitual } from "../src/rituals/definitions";
import { isTimeZone } from "../src/rituals/local-time";
import { mayChangeRitual } from "../src/rituals/permissions";
import { SCOPE_HELP } from "../src/slack/answers/answer-command";
import { FAILURE_NOTICE } from "../src/slack/answers/register-answer-command";
import { toResponse } from "../src/slack/answers/respond";
import type { ListenerDeps, SlashCommand } from "../src/slack/listeners";
import { redactSecrets } from "../src/slack/redact";
import { slackRitualContext } from "./rituals/form";
import { ritualsList, ritualsNext } from "./rituals/list";
import { findNamed, parseRitualsText, unknownSubcommand } from "./rituals/lookup";
import { editRitualView, newRitualView } from "./rituals/modal";
import { previewMessages, runMessage } from "./rituals/run";

const RITUALS_USAGE = "/rituals help";

/** The /rituals subcommands, as help lists them. */
const RITUALS_HELP = [
  { usage: "/rituals new", summary: "set up a ritual (admins)" },
  { usage: "/rituals list", summary: "every ritual: schedule, next pre-read and meeting, last post, .ics" },
  { usage: "/rituals edit <name>", summary: "change a ritual (admins and its facilitator)" },
  { usage: "/rituals pause <name> | resume <name>", summary: "stop or restart its pre-reads" },
  { usage: "/rituals next", summary: "the coming pre-reads and meetings, in your time zone" },
  { usage: "/rituals preview <name>", summary: "the pre-read as it would be posted now, privately" },
  { usage: "/rituals run <name>", summary: "post the pre-read now (admins and its facilitator)" },
  { usage: RITUALS_USAGE, summary: "this list" },
];

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const notice = (text: string) => toResponse(noticeMessage(text));

/**
 * `/rituals`: help, and the rituals themselves (new and edit open the ritual modal; list, next,
 * pause and resume answer privately). Anything else is explained, never guessed.
 */
function register(app: App, deps: ListenerDeps): void {
  const help = helpMessage(
    [...[...deps.answerSpecs.values()].map((s) => ({ usage: s.usage, summary: s.summary })), ...RITUALS_HELP],
    SCOPE_HELP,
  );

  app.command(ritualsCommand.command, async function ritualsSlashCommand(raw: CommandArgs) {
    // Whatever fails unexpectedly is logged once and said privately, never left unanswered.
    let acked = false;
    const args: CommandArgs = {
      ...raw,
      ack: async (response?: Parameters<CommandArgs["ack"]>[0]) => {
        acked = true;
        await raw.ack(response);
      },
    };
    try {
      await ritualsSubcommand(deps, help, args);
    } catch (error) {
      deps.logger.error(redactSecrets(`/rituals ${raw.command.text}: ${(error as Error).stack ?? error}`));
      const failed = notice(FAILURE_NOTICE);
      if (!acked) await raw.ack(failed);
      else await deps.respond(raw.command.response_url, failed, "/rituals");
    }
  });
}

const adminIds = (deps: ListenerDeps) => new Set(deps.config.SLACK_ADMIN_USER_IDS);

/** views.open with the command's trigger; a refusal by Slack is said privately. */
async function openModal(
  deps: ListenerDeps,
  args: CommandArgs,
  view: Parameters<CommandArgs["client"]["views"]["open"]>[0]["view"],
) {
  await args.ack();
  try {
    await args.client.views.open({ trigger_id: args.command.trigger_id, view });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    deps.logger.error(redactSecrets(`/rituals: views.open failed: ${code}`));
    await deps.respond(
      args.command.response_url,
      notice(`:x: Slack would not open the form (${escapeMrkdwn(code)}). Try again in a moment.`),
      "/rituals",
    );
  }
}

async function answer(args: CommandArgs, message: Message) {
  await args.ack(toResponse(message));
}

async function ritualsSubcommand(deps: ListenerDeps, help: Message, args: CommandArgs): Promise<void> {
  const { command } = args;
  const { sub, rest } = parseRitualsText(command.text);
  const userId = command.user_id;
  switch (sub) {
    case "":
    case "help":
      return answer(args, help);
    case "new": {
      if (!mayChangeRitual({ slackUserId: userId }, "create", null, adminIds(deps))) {
        return answer(
          args,
          noticeMessage(
            ":no_entry: Only admins set up rituals (`SLACK_ADMIN_USER_IDS`). A ritual's facilitator may change it with `/rituals edit <name>`.",
          ),
        );
      }
      return openModal(deps, args, newRitualView(deps, command.channel_id || null));
    }
    case "list":
      return answer(args, ritualsList(deps));
    case "next": {
      await args.ack();
      const zone = await readerZone(args, deps);
      await deps.respond(
        command.response_url,
        toResponse(ritualsNext(deps, zone.zone, zone.source)),
        "/rituals next",
      );
      return;
    }
    case "edit":
    case "pause":
    case "resume":
    case "preview":
    case "run":
      return namedRitualSubcommand(deps, args, sub, rest);
    default:
      return answer(args, noticeMessage(unknownSubcommand(command.text.trim()), RITUALS_USAGE));
  }
}

/** edit, pause, resume, preview and run: the ritual named, by someone who may change it. */
async function namedRitualSubcommand(
  deps: ListenerDeps,
  args: CommandArgs,
  sub: "edit" | "pause" | "resume" | "preview" | "run",
  rest: string,
): Promise<void> {
  const { command } = args;
  const userId = command.user_id;
  const found = findNamed(deps.db, sub, rest);
  if ("problem" in found) return answer(args, noticeMessage(found.problem, RITUALS_USAGE));
  const { ritual } = found;
  if (!mayChangeRitual({ slackUserId: userId }, "change", ritual, adminIds(deps))) {
    return answer(
      args,
      noticeMessage(
        `:no_entry: Only admins and the ritual's facilitator may ${sub} *${escapeMrkdwn(ritual.name)}*.`,
      ),
    );
  }
  if (sub === "edit") return openModal(deps, args, editRitualView(deps, ritual));
  if (sub === "preview") {
    await args.ack();
    for (const page of await previewMessages(deps, ritual))
      await deps.respond(command.response_url, toResponse(page), "/rituals preview");
    return;
  }
  if (sub === "run") {
    await args.ack(
      toResponse(
        noticeMessage(
          `:hourglass_flowing_sand: Posting the pre-read of *${escapeMrkdwn(ritual.name)}* in <#${ritual.channelId}> now…`,
        ),
      ),
    );
    const done = await runMessage(deps, ritual, userId);
    await deps.respond(command.response_url, toResponse(done), "/rituals run");
    return;
  }
  try {
    const ctx = slackRitualContext(deps, userId);
    const changed = sub === "pause" ? pauseRitual(ctx, ritual.name) : resumeRitual(ctx, ritual.name);
    const name = escapeMrkdwn(changed.name);
    return answer(
      args,
      noticeMessage(
        sub === "pause"
          ? `:double_vertical_bar: Paused *${name}*: no pre-read is posted until \`/rituals resume ${name}\`.`
          : `:arrow_forward: Resumed *${name}*: pre-reads go out again from the next one due; those due while it was paused are not made up.`,
      ),
    );
  } catch (error) {
    if (!(error instanceof RitualError)) throw error;
    return answer(args, noticeMessage(`:warning: ${escapeMrkdwn(error.message)}`));
  }
}

/** The reader's zone from their Slack profile (users.info tz), else the workspace's. */
async function readerZone(
  args: CommandArgs,
  deps: ListenerDeps,
): Promise<{ zone: string; source: "slack" | "workspace" }> {
  try {
    const info = await args.client.users.info({ user: args.command.user_id });
    const tz = info.user?.tz;
    if (tz && isTimeZone(tz)) return { zone: tz, source: "slack" };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    deps.logger.warn(redactSecrets(`/rituals next: users.info failed (${code}); using the workspace's zone`));
  }
  return { zone: deps.config.WORKSPACE_TIMEZONE, source: "workspace" };
}

export const ritualsCommand: SlashCommand = { command: "/rituals", register };
