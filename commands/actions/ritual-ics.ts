import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { escapeMrkdwn } from "../../blocks/escape";
import { noticeMessage } from "../../blocks/notice";
import { RitualListIds } from "../../blocks/ritual-list";
import { ritualCalendar } from "../../src/rituals/ics";
import { toResponse } from "../../src/slack/answers/respond";
import type { ListenerDeps } from "../../src/slack/listeners";
import { redactSecrets } from "../../src/slack/redact";
import { findRitualById } from "../../src/store/rituals-repository";

/** "my review.ics" from a ritual's name: letters, digits, spaces, dots and dashes kept. */
export function icsFileName(name: string): string {
  const base = name
    .replace(/[^\p{L}\p{N} ._-]+/gu, "-")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 80);
  return `${base || "ritual"}.ics`;
}

/**
 * "Add to calendar (.ics)" in `/rituals list`: the ritual's meetings as an iCalendar file, uploaded
 * with files.uploadV2 into the clicker's direct message with the bot (files are never ephemeral
 * in Slack; a DM is the private place for one). The click is answered privately with where it went.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    { type: "block_actions", action_id: RitualListIds.ics },
    async function ritualIcs({ ack, body, action, client }) {
      await ack();
      const say = (text: string) =>
        deps.respond(body.response_url, toResponse(noticeMessage(text)), "the ritual .ics button");
      const ritual = /^\d{1,12}$/.test(action.value ?? "")
        ? findRitualById(deps.db, Number(action.value))
        : null;
      if (!ritual) {
        await say(":warning: That ritual no longer exists: run `/rituals list` again.");
        return;
      }
      const ics = ritualCalendar(ritual, {
        now: deps.clock(),
        fiscalYearStartMonth: deps.config.FISCAL_YEAR_START_MONTH,
      });
      const filename = icsFileName(ritual.name);
      try {
        const opened = await client.conversations.open({ users: body.user.id });
        const channel = opened.channel?.id;
        if (!channel) throw new Error("conversations.open gave no channel");
        await client.filesUploadV2({
          channel_id: channel,
          file: Buffer.from(ics, "utf8"),
          filename,
          title: `${ritual.name} (calendar)`,
          initial_comment: `The meetings of ${ritual.name}, to import into your calendar.`,
        });
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
        deps.logger.error(redactSecrets(`ritual .ics upload for ${body.user.id} failed: ${code}`));
        await say(`:x: Slack did not take the calendar file (${escapeMrkdwn(code)}). Try again in a moment.`);
        return;
      }
      await say(
        `:calendar: I sent *${escapeMrkdwn(filename)}* to you in a direct message: open it to add the meetings of *${escapeMrkdwn(ritual.name)}* to your calendar.`,
      );
    },
  );
}
