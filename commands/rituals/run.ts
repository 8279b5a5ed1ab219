import { escapeMrkdwn } from "../../blocks/escape";
import type { Message } from "../../blocks/message";
import { noticeMessage } from "../../blocks/notice";
import { previewPages } from "../../blocks/ritual-preview";
import { slackDate } from "../../src/rituals/message";
import type { ListenerDeps } from "../../src/slack/listeners";
import { redactSecrets } from "../../src/slack/redact";
import type { RitualRecord } from "../../src/store/rituals-repository";

/**
 * `/rituals preview` and `/rituals run`, through the rituals runtime the process runs (its
 * scheduler): the preview is built now and shown privately; a run posts the pre-read now as a
 * manual occurrence, through the same claim, channel queue and retries as a scheduled one.
 */

const NO_RUNTIME =
  ":warning: This app process does not run the rituals scheduler, so it can neither build nor post a pre-read. Start the bot with `npm start` connected to Slack.";

export async function previewMessages(deps: ListenerDeps, ritual: RitualRecord): Promise<Message[]> {
  if (!deps.rituals) return [noticeMessage(NO_RUNTIME)];
  const now = deps.clock();
  try {
    const built = await deps.rituals.preview(ritual.id, now);
    return previewPages({
      name: ritual.name,
      channelId: ritual.channelId,
      builtAt: slackDate(now, ritual.timeZone),
      asOf: built.asOf,
      summarySource: built.summary?.source ?? null,
      message: built,
      thread: built.thread,
      files: built.files,
    });
  } catch (error) {
    deps.logger.error(redactSecrets(`/rituals preview ${ritual.name}: ${(error as Error).stack ?? error}`));
    return [
      noticeMessage(
        `:x: The pre-read of *${escapeMrkdwn(ritual.name)}* could not be built: ${escapeMrkdwn((error as Error).message)}`,
      ),
    ];
  }
}

export async function runMessage(deps: ListenerDeps, ritual: RitualRecord, userId: string): Promise<Message> {
  if (!deps.rituals) return noticeMessage(NO_RUNTIME);
  const name = escapeMrkdwn(ritual.name);
  try {
    const outcome = await deps.rituals.runNow(ritual.id, userId, deps.clock());
    switch (outcome.state) {
      case "posted":
      case "late":
        return noticeMessage(
          `:white_check_mark: Posted the pre-read of *${name}* in <#${ritual.channelId}>, recorded as a manual occurrence.`,
        );
      case "not-ours":
        return noticeMessage(
          `:hourglass: The pre-read of *${name}* is being posted by another process of the app; \`/rituals list\` shows when it is done.`,
        );
      default:
        return noticeMessage(
          `:x: The pre-read of *${name}* was not posted (${outcome.state}): ${escapeMrkdwn(outcome.reason ?? "no reason given")}.`,
        );
    }
  } catch (error) {
    deps.logger.error(redactSecrets(`/rituals run ${ritual.name}: ${(error as Error).stack ?? error}`));
    return noticeMessage(
      `:x: The pre-read of *${name}* could not be posted: ${escapeMrkdwn((error as Error).message)}`,
    );
  }
}
