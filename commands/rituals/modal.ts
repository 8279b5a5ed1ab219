import type { types } from "@slack/bolt";
import { type RitualForm, type RitualModalMetadata, ritualModal } from "../../blocks/ritual-modal";
import { RITUAL_KINDS } from "../../src/rituals/agenda";
import type { ListenerDeps } from "../../src/slack/listeners";
import type { RitualRecord } from "../../src/store/rituals-repository";
import { formOf, newForm, readBack } from "./form";

/** The ritual modal as `/rituals new`, `/rituals edit` and each read-back build it. */

export function ritualModalView(
  deps: ListenerDeps,
  metadata: RitualModalMetadata,
  form: RitualForm,
): types.ModalView {
  return ritualModal({
    metadata,
    form,
    kinds: RITUAL_KINDS,
    readBack: readBack(form, deps.clock(), deps.config.FISCAL_YEAR_START_MONTH),
  });
}

export function newRitualView(deps: ListenerDeps, channel: string | null): types.ModalView {
  const form = newForm(deps.config, channel);
  return ritualModalView(
    deps,
    { mode: "new", ritualId: null, agendaKind: form.kind, agendaRevision: 0 },
    form,
  );
}

export function editRitualView(deps: ListenerDeps, ritual: RitualRecord): types.ModalView {
  const form = formOf(ritual, deps.config.FISCAL_YEAR_START_MONTH);
  return ritualModalView(
    deps,
    { mode: "edit", ritualId: ritual.id, agendaKind: ritual.kind, agendaRevision: 0 },
    form,
  );
}
