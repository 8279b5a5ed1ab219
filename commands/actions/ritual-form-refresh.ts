import type { App, BlockAction } from "@slack/bolt";
import {
  decodeRitualMetadata,
  RitualModalIds,
  type RitualViewValues,
  readRitualForm,
} from "../../blocks/ritual-modal";
import type { ListenerDeps } from "../../src/slack/listeners";
import { redactSecrets } from "../../src/slack/redact";
import { followKind } from "../rituals/form";
import { ritualModalView } from "../rituals/modal";

/**
 * The ritual modal's live read-back: Enter in the schedule, zone or lead time, or a new kind, sends the form
 * as it stands; the modal is rebuilt (same block ids, so what was typed stays) with the schedule
 * in words and its next three dates, and, while the agenda is the old kind's default, the new
 * kind's. The view's hash makes a stale update fail rather than undo newer typing.
 */
export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>(
    { type: "block_actions", action_id: RitualModalIds.refresh },
    async function ritualFormRefresh({ ack, body, client }) {
      await ack();
      const view = body.view;
      const metadata = decodeRitualMetadata(view?.private_metadata);
      if (!view || !metadata) return;
      const typed = readRitualForm((view.state?.values ?? {}) as RitualViewValues);
      const { form, metadata: next } = followKind(typed, metadata);
      try {
        await client.views.update({
          view_id: view.id,
          hash: view.hash,
          view: ritualModalView(deps, next, form),
        });
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
        // hash_conflict: the person typed on meanwhile; their next Enter reads back again.
        if (code !== "hash_conflict")
          deps.logger.warn(redactSecrets(`ritual form read-back: views.update failed: ${code}`));
      }
    },
  );
}
