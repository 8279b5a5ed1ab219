import type { types } from "@slack/bolt";
import { escapeMrkdwn, truncate } from "./escape";

/**
 * The ritual modal of `/rituals new` and `/rituals edit`: kind, name, channel, schedule phrase
 * with its read-back (the next three dates, refreshed by views.update when the phrase, the zone,
 * the lead time or the kind is entered), zone, facilitator, agenda, lead time, duration and skip dates; what it
 * carries in private_metadata; how a submission's values are read back; and which block shows a
 * field's problem. Built from plain values: the ritual rules live in src/rituals.
 */

export const RitualModalIds = {
  /** callback_id of the modal, new and edit alike */
  save: "ritual_save",
  kindBlock: "ritual_kind",
  nameBlock: "ritual_name",
  channelBlock: "ritual_channel",
  scheduleBlock: "ritual_schedule",
  readbackBlock: "ritual_schedule_readback",
  zoneBlock: "ritual_zone",
  facilitatorBlock: "ritual_facilitator",
  /** followed by "_" and the agenda's revision: a new block id is how a new default shows */
  agendaBlock: "ritual_agenda",
  leadBlock: "ritual_lead",
  leadOnBusinessDayBlock: "ritual_lead_business_day",
  durationBlock: "ritual_duration",
  skipBlock: "ritual_skip",
  /** action_id of every input's element but those that refresh the read-back */
  value: "value",
  /** action_id of the kind, schedule, zone and lead elements: their input asks for a new read-back */
  refresh: "ritual_form_refresh",
  /** the one checkbox of the lead-on-business-day input */
  businessDayOption: "business_day",
} as const;

export const RITUAL_MODAL_LIMITS = { title: 24, privateMetadata: 3000, blockError: 300 };

/** What the modal remembers between opening, read-backs and submission. */
export interface RitualModalMetadata {
  mode: "new" | "edit";
  /** the ritual being edited */
  ritualId: number | null;
  /** the kind whose default agenda the agenda box holds, while it is unedited */
  agendaKind: string;
  /** bumped each time the agenda box is refilled */
  agendaRevision: number;
}

/** The form's fields as text, as typed (or as prefilled). */
export interface RitualForm {
  kind: string;
  name: string;
  channel: string | null;
  schedule: string;
  zone: string;
  facilitator: string | null;
  /** one "Title = 30m" per line */
  agenda: string;
  lead: string;
  leadOnBusinessDay: boolean;
  duration: string;
  /** YYYY-MM-DD, separated by commas or spaces */
  skip: string;
}

export interface ReadBack {
  ok: boolean;
  /** trusted mrkdwn written by the app (anything typed already escaped) */
  text: string;
}

export interface RitualModalView {
  metadata: RitualModalMetadata;
  form: RitualForm;
  kinds: readonly string[];
  readBack: ReadBack;
}

export function encodeRitualMetadata(m: RitualModalMetadata): string {
  return JSON.stringify({ m: m.mode, i: m.ritualId, k: m.agendaKind, r: m.agendaRevision });
}

/** Null when the metadata is not one this app wrote. */
export function decodeRitualMetadata(text: string | undefined): RitualModalMetadata | null {
  try {
    const v = JSON.parse(text ?? "") as { m?: unknown; i?: unknown; k?: unknown; r?: unknown };
    if (v.m !== "new" && v.m !== "edit") return null;
    const id = v.i;
    if (v.m === "edit" && !(typeof id === "number" && Number.isInteger(id) && id > 0)) return null;
    if (typeof v.k !== "string" || v.k.length > 40) return null;
    if (typeof v.r !== "number" || !Number.isInteger(v.r) || v.r < 0) return null;
    return {
      mode: v.m,
      ritualId: v.m === "edit" ? (id as number) : null,
      agendaKind: v.k,
      agendaRevision: v.r,
    };
  } catch {
    return null;
  }
}

const label = (text: string) => ({ type: "plain_text" as const, text });

function textInput(
  blockId: string,
  title: string,
  value: string,
  options: {
    optional?: boolean;
    hint?: string;
    placeholder?: string;
    multiline?: boolean;
    maxLength?: number;
    refresh?: boolean;
  } = {},
): types.InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: label(title),
    ...(options.optional ? { optional: true } : {}),
    ...(options.hint ? { hint: label(options.hint) } : {}),
    ...(options.refresh ? { dispatch_action: true } : {}),
    element: {
      type: "plain_text_input",
      action_id: options.refresh ? RitualModalIds.refresh : RitualModalIds.value,
      ...(value ? { initial_value: value } : {}),
      ...(options.placeholder ? { placeholder: label(options.placeholder) } : {}),
      ...(options.multiline ? { multiline: true } : {}),
      ...(options.maxLength ? { max_length: options.maxLength } : {}),
      ...(options.refresh ? { dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] } } : {}),
    } as types.PlainTextInput,
  };
}

const CHANNEL = /^[CG][A-Z0-9]{2,}$/;
const USER = /^[UW][A-Z0-9]{2,}$/;

export const agendaBlockId = (revision: number) => `${RitualModalIds.agendaBlock}_${revision}`;

/** The modal; the same builder answers every read-back (block ids stay, so typed values stay). */
export function ritualModal(v: RitualModalView): types.ModalView {
  const blocks: types.ModalView["blocks"] = [...whatAndWhenBlocks(v), ...meetingBlocks(v)];
  const editing = v.metadata.mode === "edit";
  return {
    type: "modal",
    callback_id: RitualModalIds.save,
    title: label(editing ? "Edit ritual" : "New ritual"),
    submit: label(editing ? "Save" : "Create"),
    close: label("Cancel"),
    private_metadata: encodeRitualMetadata(v.metadata),
    blocks,
  };
}

/** Kind, name, channel, schedule with its read-back, time zone. */
function whatAndWhenBlocks(v: RitualModalView): types.ModalView["blocks"] {
  const { form } = v;
  const kindOptions = v.kinds.map((k) => ({ text: label(k), value: k }));
  const kind = kindOptions.find((o) => o.value === form.kind);
  return [
    {
      type: "input",
      block_id: RitualModalIds.kindBlock,
      label: label("Kind"),
      dispatch_action: true,
      hint: label("The agenda below starts as the kind's default."),
      element: {
        type: "static_select",
        action_id: RitualModalIds.refresh,
        options: kindOptions,
        ...(kind ? { initial_option: kind } : {}),
      },
    },
    textInput(RitualModalIds.nameBlock, "Name", form.name, {
      maxLength: 80,
      placeholder: "Monthly revenue review",
    }),
    {
      type: "input",
      block_id: RitualModalIds.channelBlock,
      label: label("Channel"),
      hint: label("Where the pre-read is posted. Invite the bot to a private channel first."),
      element: {
        type: "conversations_select",
        action_id: RitualModalIds.value,
        filter: { include: ["public", "private"], exclude_bot_users: true },
        ...(form.channel && CHANNEL.test(form.channel)
          ? { initial_conversation: form.channel }
          : { default_to_current_conversation: true }),
      },
    },
    textInput(RitualModalIds.scheduleBlock, "Schedule", form.schedule, {
      refresh: true,
      placeholder: "3rd business day after month end at 10:00",
      hint: 'e.g. "first Tuesday of the month at 09:00", "every December 15 at 14:00", "once on 2027-01-12 at 10:00" or RRULE:…. Press Enter to read it back.',
    }),
    {
      type: "context",
      block_id: RitualModalIds.readbackBlock,
      elements: [{ type: "mrkdwn", text: truncate(v.readBack.text, 3000) }],
    },
    textInput(RitualModalIds.zoneBlock, "Time zone", form.zone, {
      refresh: true,
      placeholder: "America/New_York",
      hint: "An IANA zone: the schedule's times are wall times there.",
    }),
  ];
}

/** Facilitator, agenda, the pre-read's lead time, duration, dates to skip. */
function meetingBlocks(v: RitualModalView): types.ModalView["blocks"] {
  const { form } = v;
  return [
    {
      type: "input",
      block_id: RitualModalIds.facilitatorBlock,
      label: label("Facilitator"),
      optional: true,
      hint: label("Runs the meeting; may change the ritual, and is told of a missed pre-read."),
      element: {
        type: "users_select",
        action_id: RitualModalIds.value,
        ...(form.facilitator && USER.test(form.facilitator) ? { initial_user: form.facilitator } : {}),
      },
    },
    textInput(agendaBlockId(v.metadata.agendaRevision), "Agenda", form.agenda, {
      optional: true,
      multiline: true,
      maxLength: 3000,
      placeholder: "Month close review = 30m",
      hint: "One item per line, each with its timebox: Title = 30m.",
    }),
    textInput(RitualModalIds.leadBlock, "Pre-read lead time", form.lead, {
      maxLength: 10,
      refresh: true,
      hint: "1d: the same local time the day before (23 or 25 hours across a daylight-saving change); 6h or 90m: exact.",
    }),
    {
      type: "input",
      block_id: RitualModalIds.leadOnBusinessDayBlock,
      label: label("Business days"),
      optional: true,
      element: {
        type: "checkboxes",
        action_id: RitualModalIds.value,
        options: [businessDayOption()],
        ...(form.leadOnBusinessDay ? { initial_options: [businessDayOption()] } : {}),
      },
    },
    textInput(RitualModalIds.durationBlock, "Duration", form.duration, {
      optional: true,
      maxLength: 10,
      placeholder: "the agenda's total",
      hint: "60m, 2h or 1h30m.",
    }),
    textInput(RitualModalIds.skipBlock, "Dates to skip", form.skip, {
      optional: true,
      multiline: true,
      maxLength: 3000,
      placeholder: "2026-12-25, 2027-01-01",
      hint: "YYYY-MM-DD: not business days for this ritual; a meeting on one moves to the next business day.",
    }),
  ];
}

function businessDayOption() {
  return {
    text: label("Move a pre-read off a weekend or skip date to the business day before"),
    value: RitualModalIds.businessDayOption,
  };
}

/** A submitted (or dispatched) view's values as Slack sends them: block_id → action_id → value. */
export type RitualViewValues = Record<
  string,
  Record<
    string,
    {
      type?: string;
      value?: string | null;
      selected_user?: string | null;
      selected_conversation?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[] | null;
    }
  >
>;

/** The form as the person has it now (unchecked: the ritual rules check it). */
export function readRitualForm(values: RitualViewValues): RitualForm {
  const at = (block: string) => {
    const entry = values[block];
    return entry?.[RitualModalIds.value] ?? entry?.[RitualModalIds.refresh];
  };
  const agendaBlock = Object.keys(values).find((b) => b.startsWith(`${RitualModalIds.agendaBlock}_`));
  const text = (block: string | undefined) => (block ? (at(block)?.value ?? "") : "");
  return {
    kind: at(RitualModalIds.kindBlock)?.selected_option?.value ?? "",
    name: text(RitualModalIds.nameBlock),
    channel: at(RitualModalIds.channelBlock)?.selected_conversation ?? null,
    schedule: text(RitualModalIds.scheduleBlock),
    zone: text(RitualModalIds.zoneBlock),
    facilitator: at(RitualModalIds.facilitatorBlock)?.selected_user ?? null,
    agenda: text(agendaBlock),
    lead: text(RitualModalIds.leadBlock),
    leadOnBusinessDay: (at(RitualModalIds.leadOnBusinessDayBlock)?.selected_options ?? []).some(
      (o) => o.value === RitualModalIds.businessDayOption,
    ),
    duration: text(RitualModalIds.durationBlock),
    skip: text(RitualModalIds.skipBlock),
  };
}

/** The block of each field that can have a problem ("agenda" resolves through the revision). */
const FIELD_BLOCKS: Record<string, string> = {
  kind: RitualModalIds.kindBlock,
  name: RitualModalIds.nameBlock,
  channel: RitualModalIds.channelBlock,
  schedule: RitualModalIds.scheduleBlock,
  zone: RitualModalIds.zoneBlock,
  facilitator: RitualModalIds.facilitatorBlock,
  lead: RitualModalIds.leadBlock,
  duration: RitualModalIds.durationBlock,
  skip: RitualModalIds.skipBlock,
};

/**
 * A view_submission answer showing each problem beside its field (response_action "errors").
 * Messages are plain text; an unknown field's problem goes beside the name.
 */
export function ritualFieldErrors(
  problems: readonly { field: string; message: string }[],
  agendaRevision: number,
): { response_action: "errors"; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const block =
      p.field === "agenda"
        ? agendaBlockId(agendaRevision)
        : (FIELD_BLOCKS[p.field] ?? RitualModalIds.nameBlock);
    const message = truncate(
      p.message.charAt(0).toUpperCase() + p.message.slice(1),
      RITUAL_MODAL_LIMITS.blockError,
    );
    errors[block] = errors[block]
      ? truncate(`${errors[block]}; ${message}`, RITUAL_MODAL_LIMITS.blockError)
      : message;
  }
  return { response_action: "errors", errors };
}

/** The view a successful submission turns the modal into: what was saved, and when it next runs. */
export function ritualSavedView(title: string, lines: readonly string[]): types.ModalView {
  return {
    type: "modal",
    title: label(truncate(title, RITUAL_MODAL_LIMITS.title)),
    close: label("Done"),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), 3000) } }],
  };
}

/** The read-back's text: the rule in words and the next three dates, or what is wrong. */
export function readBackText(
  result:
    | { words: string; zone: string; next: readonly { meeting: string; post: string }[] }
    | { problem: string },
): ReadBack {
  if ("problem" in result) return { ok: false, text: `:warning: ${escapeMrkdwn(result.problem)}` };
  const next =
    result.next.length === 0
      ? "No meetings ahead: the schedule has ended."
      : `Next: ${result.next.map((n) => `${escapeMrkdwn(n.meeting)} (pre-read ${escapeMrkdwn(n.post)})`).join(" · ")}`;
  return {
    ok: true,
    text: `:calendar: *${escapeMrkdwn(result.words)}* (${escapeMrkdwn(result.zone)})\n${next}`,
  };
}

export const READ_BACK_PROMPT: ReadBack = {
  ok: false,
  text: "Type a schedule and press Enter to see the next three dates.",
};
