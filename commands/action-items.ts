import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { escapeMrkdwn } from "../blocks/escape";
import { noticeMessage } from "../blocks/notice";
import { createActionItem } from "../src/actions/create-item";
import { actionItemsCsv } from "../src/actions/csv-export";
import { ActionItemError } from "../src/actions/errors";
import { INLINE_ADD_USAGE, parseInlineAdd } from "../src/actions/inline-add";
import { postNewItem, userZone } from "../src/slack/action-items";
import type { SlackDeps } from "../src/slack/answers/answer-command";
import { toResponse } from "../src/slack/answers/respond";
import type { ListenerDeps, SlashCommand } from "../src/slack/listeners";
import { redactSecrets } from "../src/slack/redact";
import { openCreateModal } from "./action-item-create";
import { buildList, type ListName, listMessage } from "./action-item-lists";

export const ACTIONS_USAGE =
  "/actions [team | ritual <name> | overdue | done | export [list] | add [@owner due:… text]]";

const HELP = [
  "*/actions* — your open action items, each with Done, Reassign, Change deadline and Drop.",
  "`/actions team` your team's open items · `/actions ritual <name>` a ritual's · `/actions overdue` · `/actions done` (last 30 days)",
  "`/actions export [team | ritual <name> | overdue | done]` uploads the list as CSV",
  "`/actions add` opens a form; `/actions add @owner due:2026-12-04 Call the CFO` creates it at once (`due:friday`, `due:+2d` work too).",
].join("\n");

type Parsed =
  | { kind: "list"; list: ListName }
  | { kind: "export"; list: ListName }
  | { kind: "add"; text: string }
  | { kind: "help" }
  | { kind: "unknown"; text: string };

function parseList(words: string[]): ListName | null {
  const [first = "mine", ...rest] = words;
  const word = first.toLowerCase();
  if (word === "ritual") return rest.length > 0 ? `ritual:${rest.join(" ")}` : null;
  if (rest.length > 0) return null;
  if (word === "mine" || word === "team" || word === "overdue" || word === "done") return word;
  return null;
}

export function parseActionsText(text: string): Parsed {
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? "").toLowerCase();
  if (sub === "help") return { kind: "help" };
  if (sub === "add") return { kind: "add", text: trimmed.slice(3).trim() };
  if (sub === "export") {
    const list = parseList(words.slice(1));
    return list ? { kind: "export", list } : { kind: "unknown", text: trimmed };
  }
  const list = parseList(words);
  return list ? { kind: "list", list } : { kind: "unknown", text: trimmed };
}

async function exportList(
  deps: SlackDeps,
  command: SlackCommandMiddlewareArgs["command"],
  client: AllMiddlewareArgs["client"],
  list: ListName,
): Promise<void> {
  const viewer = await deps.directory.viewer(command.user_id);
  const built = buildList(deps, viewer, list);
  if ("notice" in built) {
    await deps.respond(command.response_url, toResponse(noticeMessage(built.notice)), "/actions export");
    return;
  }
  const now = deps.clock();
  const csv = actionItemsCsv(built.items, now);
  const filename = `action-items-${list.replace(/[^a-z0-9]+/gi, "-")}-${now.toISOString().slice(0, 10)}.csv`;
  const upload = (channel: string) =>
    client.files.uploadV2({
      channel_id: channel,
      file: Buffer.from(csv, "utf8"),
      filename,
      title: built.title,
      initial_comment: `${escapeMrkdwn(built.title)}: ${built.items.length} items, for <@${command.user_id}>`,
    });
  try {
    await upload(command.channel_id);
  } catch (error) {
    deps.logger.warn(
      redactSecrets(`export not shared in ${command.channel_id}: ${(error as Error).message}`),
    );
    try {
      // not a member of that channel: the DM with the bot instead
      await upload(command.user_id);
    } catch (again) {
      deps.logger.warn(redactSecrets(`export not uploaded: ${(again as Error).message}`));
      await deps.respond(
        command.response_url,
        toResponse(noticeMessage(":warning: Slack did not take the file: try `/actions export` again.")),
        "/actions export",
      );
    }
  }
}

async function addInline(
  deps: SlackDeps,
  command: SlackCommandMiddlewareArgs["command"],
  client: AllMiddlewareArgs["client"],
): Promise<void> {
  const reply = (text: string) =>
    deps.respond(command.response_url, toResponse(noticeMessage(text, INLINE_ADD_USAGE)), "/actions add");
  const now = deps.clock();
  try {
    const creatorZone = await userZone(deps, client, command.user_id);
    const parsed = parseInlineAdd(command.text.trim().slice(3), {
      now,
      zone: creatorZone,
      creatorId: command.user_id,
    });
    const ownerZone =
      parsed.ownerId === command.user_id ? creatorZone : await userZone(deps, client, parsed.ownerId);
    // Slack does not retry a slash command: no request key, every line typed is an item.
    const { item, created } = createActionItem(
      deps.db,
      {
        ...parsed,
        creatorId: command.user_id,
        ownerZone,
        source: "manual",
      },
      now,
    );
    if (created) deps.answers.clear();
    const where = await postNewItem(deps, client, item, [command.channel_id, command.user_id]);
    await reply(
      `:white_check_mark: Action item #${item.id} created for <@${item.ownerId}>${where ? ` and posted in <#${where}>` : ""}.`,
    );
  } catch (error) {
    if (!(error instanceof ActionItemError)) throw error;
    await reply(`:warning: ${escapeMrkdwn(error.message)}. Nothing was created.`);
  }
}

/** `/actions`: the lists, the export, and creating items by form or inline. */
function register(app: App, deps: ListenerDeps): void {
  app.command(
    actionsCommand.command,
    async function actionsSlashCommand({
      ack,
      command,
      client,
    }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) {
      const parsed = parseActionsText(command.text);
      switch (parsed.kind) {
        case "help":
          await ack(toResponse(noticeMessage(HELP, ACTIONS_USAGE)));
          return;
        case "unknown":
          await ack(
            toResponse(
              noticeMessage(
                `:warning: \`/actions ${escapeMrkdwn(parsed.text)}\` is not something I know.`,
                ACTIONS_USAGE,
              ),
            ),
          );
          return;
        case "list": {
          const viewer = await deps.directory.viewer(command.user_id);
          const built = buildList(deps, viewer, parsed.list);
          await ack(
            toResponse(
              "notice" in built
                ? noticeMessage(built.notice)
                : listMessage(built, parsed.list, 0, deps.clock()),
            ),
          );
          return;
        }
        case "export":
          await ack(toResponse(noticeMessage("Exporting the list as CSV…")));
          await exportList(deps, command, client, parsed.list);
          return;
        case "add":
          if (parsed.text === "") {
            await ack();
            const result = await openCreateModal(deps, client, {
              triggerId: command.trigger_id,
              userId: command.user_id,
              channelId: command.channel_id,
            }).catch((error: unknown) => {
              deps.logger.warn(redactSecrets(`create modal not opened: ${(error as Error).message}`));
              return {
                opened: false as const,
                notice: "Slack did not open the form: run `/actions add` again.",
              };
            });
            if (!result.opened)
              await deps.respond(
                command.response_url,
                toResponse(noticeMessage(result.notice)),
                "/actions add",
              );
            return;
          }
          await ack();
          await addInline(deps, command, client);
      }
    },
  );
}

export const actionsCommand: SlashCommand = { command: "/actions", register };
