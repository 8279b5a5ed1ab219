import type { App } from "@slack/bolt";
import { escapeMrkdwn } from "../../blocks/escape";
import {
  decodeRitualMetadata,
  RitualModalIds,
  type RitualViewValues,
  readRitualForm,
  ritualFieldErrors,
  ritualSavedView,
} from "../../blocks/ritual-modal";
import {
  changeRitual,
  createRitual,
  describeRitualSchedule,
  RitualError,
} from "../../src/rituals/definitions";
import { slackDate } from "../../src/rituals/message";
import type { ListenerDeps } from "../../src/slack/listeners";
import { findRitualById, type RitualRecord } from "../../src/store/rituals-repository";
import { draftOf, nextOf, patchOf, slackRitualContext } from "../rituals/form";

const STALE_FORM = "This form is from an older version of the app: close it and run /rituals again.";

/**
 * The ritual modal's submission: checked field by field by the ritual rules, every problem shown
 * beside its field (response_action "errors", nothing stored), or the ritual created or changed
 * (the change logged as the submitter's) and the modal turned into what was saved. Permission is
 * checked again here: who may change a ritual can change between opening and saving.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.view(RitualModalIds.save, async function ritualSave({ ack, body, view }) {
    const metadata = decodeRitualMetadata(view.private_metadata);
    if (!metadata) {
      await ack({ response_action: "errors", errors: { [RitualModalIds.nameBlock]: STALE_FORM } });
      return;
    }
    const form = readRitualForm(view.state.values as RitualViewValues);
    const ctx = slackRitualContext(deps, body.user.id);
    let saved: RitualRecord;
    try {
      if (metadata.mode === "new") saved = createRitual(ctx, draftOf(form));
      else {
        const ritual = findRitualById(deps.db, metadata.ritualId as number);
        if (!ritual) throw new RitualError("ritual_not_found", "this ritual was removed meanwhile");
        saved = changeRitual(ctx, ritual.name, patchOf(form, ritual, ctx.fiscalYearStartMonth));
      }
    } catch (error) {
      if (!(error instanceof RitualError)) throw error;
      const problems =
        error.problems.length > 0
          ? error.problems.map((p) =>
              p.field === "channel" && !form.channel ? { field: p.field, message: "pick a channel" } : p,
            )
          : [{ field: error.code === "ritual_exists" ? "name" : "", message: error.message }];
      await ack(ritualFieldErrors(problems, metadata.agendaRevision));
      return;
    }
    await ack({
      response_action: "update",
      view: ritualSavedView(saved.name, savedLines(deps, saved, metadata.mode)),
    });
  });
}

function savedLines(deps: ListenerDeps, ritual: RitualRecord, mode: "new" | "edit"): string[] {
  const name = escapeMrkdwn(ritual.name);
  const words = describeRitualSchedule(ritual, deps.config.FISCAL_YEAR_START_MONTH);
  const next = nextOf(ritual, deps.clock());
  return [
    `:white_check_mark: *${name}* ${mode === "new" ? "is set up" : "is saved"}: pre-reads in <#${ritual.channelId}>.`,
    `${escapeMrkdwn(words)} (${ritual.timeZone}), ${ritual.durationMinutes} min.`,
    next
      ? `Next meeting ${slackDate(next.meetingAt, ritual.timeZone)}; pre-read ${slackDate(next.postAt, ritual.timeZone)}.`
      : "No meetings ahead: the schedule has ended.",
    `The bot posts there only as a member: \`/invite @Revenue Rituals\` in <#${ritual.channelId}> if it is not in it yet.`,
    "`/rituals list` shows every ritual; `/rituals edit` changes this one.",
  ];
}
