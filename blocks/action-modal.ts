import type { types } from "@slack/bolt";
import {
  ACTION_SOURCES,
  ACTION_TEXT_MAX,
  type ActionField,
  type ActionItem,
  type ActionSource,
  DROP_REASON_MAX,
  isSlackUserId,
} from "../src/domain/action-items";
import { plain } from "./action-item";
import { data } from "./format";

/**
 * The create modal (text, owner, deadline, optional deal and ritual) and the drop-reason modal, what
 * they carry in private_metadata, and how a submission's values and a problem map back to fields.
 */

export const ActionModalIds = {
  /** callback_id of the create modal */
  create: "action_item_create",
  /** callback_id of the drop-reason modal */
  dropReason: "action_item_drop_reason",
  textBlock: "action_text",
  ownerBlock: "action_owner",
  deadlineBlock: "action_deadline",
  dealBlock: "action_deal",
  ritualBlock: "action_ritual",
  reasonBlock: "action_drop_reason",
  /** action_id of every input's element but the deal search */
  value: "value",
  /** action_id of the deal's external_select: its options request searches the creator's deals */
  dealSearch: "action_deal_search",
  /** a button that opens the create modal (a risk-register deal, a pre-read thread) */
  openCreate: "action_item_open_create",
} as const;

/** Slack limits of a modal (slack.md). */
export const MODAL_LIMITS = {
  title: 24,
  privateMetadata: 3000,
  options: 100,
  optionText: 75,
  optionValue: 150,
};

/** What the create modal remembers between opening and submission. */
export interface CreateModalMetadata {
  /** where the item's message goes: the channel the command or button was used in */
  channelId: string | null;
  source: ActionSource;
  reviewKey: string | null;
}

export interface DropModalMetadata {
  itemId: number;
  version: number;
  channelId: string | null;
  messageTs: string | null;
}

const CHANNEL = /^[CDG][A-Z0-9]+$/;
const optionalString = (v: unknown, max: number): string | null | undefined =>
  v === null || v === undefined ? null : typeof v === "string" && v.length <= max ? v : undefined;

export function encodeCreateMetadata(m: CreateModalMetadata): string {
  return JSON.stringify({ c: m.channelId, s: m.source, r: m.reviewKey });
}

/** Null when the metadata is not one this app wrote. */
export function decodeCreateMetadata(text: string | undefined): CreateModalMetadata | null {
  try {
    const v = JSON.parse(text ?? "") as { c?: unknown; s?: unknown; r?: unknown };
    const channelId = optionalString(v.c, 20);
    const reviewKey = optionalString(v.r, 200);
    if (channelId === undefined || reviewKey === undefined) return null;
    if (channelId !== null && !CHANNEL.test(channelId)) return null;
    if (!(ACTION_SOURCES as readonly unknown[]).includes(v.s)) return null;
    return { channelId, source: v.s as ActionSource, reviewKey };
  } catch {
    return null;
  }
}

export function encodeDropMetadata(m: DropModalMetadata): string {
  return JSON.stringify({ i: m.itemId, v: m.version, c: m.channelId, t: m.messageTs });
}

export function decodeDropMetadata(text: string | undefined): DropModalMetadata | null {
  try {
    const v = JSON.parse(text ?? "") as { i?: unknown; v?: unknown; c?: unknown; t?: unknown };
    const positive = (n: unknown) => typeof n === "number" && Number.isInteger(n) && n > 0;
    if (!positive(v.i) || !positive(v.v)) return null;
    const channelId = optionalString(v.c, 20);
    const messageTs = optionalString(v.t, 30);
    if (channelId === undefined || messageTs === undefined) return null;
    if (channelId !== null && !CHANNEL.test(channelId)) return null;
    return { itemId: v.i as number, version: v.v as number, channelId, messageTs };
  } catch {
    return null;
  }
}

/** What an "Add action item" button carries: the deal or review the new item comes from. */
export interface OpenCreateRef {
  dealId: string | null;
  reviewKey: string | null;
}

/** "Create action" on a deal of the risk register, or "Add action item" in a pre-read's thread. */
export function openCreateButton(ref: OpenCreateRef, text = "Create action"): types.Button {
  return {
    type: "button",
    text: { type: "plain_text", text: plain(text, 75) },
    action_id: ActionModalIds.openCreate,
    value: JSON.stringify({ d: ref.dealId, r: ref.reviewKey }),
  };
}

export function decodeOpenCreate(value: string | undefined): OpenCreateRef | null {
  try {
    const v = JSON.parse(value ?? "") as { d?: unknown; r?: unknown };
    const dealId = optionalString(v.d, 200);
    const reviewKey = optionalString(v.r, 200);
    if (dealId === undefined || reviewKey === undefined) return null;
    return { dealId, reviewKey };
  } catch {
    return null;
  }
}

export interface DealChoice {
  id: string;
  label: string;
}

export interface CreateModalView {
  metadata: CreateModalMetadata;
  text?: string | null;
  ownerId?: string | null;
  /** YYYY-MM-DD */
  deadline?: string | null;
  /** pre-filled deal (from a risk-register button) */
  deal?: DealChoice | null;
  /** the deals to pick from when few enough to list (≤ 100); otherwise the modal searches */
  dealOptions?: readonly DealChoice[] | null;
  rituals?: readonly { key: string; name: string }[];
  ritual?: string | null;
}

const label = (text: string) => ({ type: "plain_text" as const, text });

function option(choice: DealChoice) {
  return {
    text: label(plain(choice.label, MODAL_LIMITS.optionText)),
    value: choice.id.slice(0, MODAL_LIMITS.optionValue),
  };
}

function dealInput(v: CreateModalView): types.InputBlock {
  const initial = v.deal ? { initial_option: option(v.deal) } : {};
  const element: types.InputBlock["element"] =
    v.dealOptions && v.dealOptions.length > 0 && v.dealOptions.length <= MODAL_LIMITS.options
      ? {
          type: "static_select",
          action_id: ActionModalIds.value,
          options: v.dealOptions.map(option),
          ...initial,
        }
      : { type: "external_select", action_id: ActionModalIds.dealSearch, min_query_length: 2, ...initial };
  return {
    type: "input",
    block_id: ActionModalIds.dealBlock,
    optional: true,
    label: label("Deal"),
    hint: label("Only deals you can see are offered."),
    element: { ...element, placeholder: label("Search deals by name") },
  };
}

/** The create modal, pre-filled from where it was opened (a deal: its owner and a 48-hour deadline). */
export function createItemModal(v: CreateModalView): types.ModalView {
  const blocks: types.ModalView["blocks"] = [
    {
      type: "input",
      block_id: ActionModalIds.textBlock,
      label: label("What needs doing"),
      element: {
        type: "plain_text_input",
        action_id: ActionModalIds.value,
        multiline: true,
        max_length: ACTION_TEXT_MAX,
        ...(v.text ? { initial_value: v.text.slice(0, ACTION_TEXT_MAX) } : {}),
      },
    },
    {
      type: "input",
      block_id: ActionModalIds.ownerBlock,
      label: label("Owner"),
      element: {
        type: "users_select",
        action_id: ActionModalIds.value,
        ...(v.ownerId && isSlackUserId(v.ownerId) ? { initial_user: v.ownerId } : {}),
      },
    },
    {
      type: "input",
      block_id: ActionModalIds.deadlineBlock,
      label: label("Deadline"),
      element: {
        type: "datepicker",
        action_id: ActionModalIds.value,
        ...(v.deadline ? { initial_date: v.deadline } : {}),
      },
    },
    dealInput(v),
  ];
  const rituals = (v.rituals ?? []).slice(0, MODAL_LIMITS.options);
  if (rituals.length > 0) {
    const options = rituals.map((r) => option({ id: r.key, label: r.name }));
    const initial = options.find((o) => o.value === v.ritual);
    blocks.push({
      type: "input",
      block_id: ActionModalIds.ritualBlock,
      optional: true,
      label: label("Ritual"),
      element: {
        type: "static_select",
        action_id: ActionModalIds.value,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
  }
  return {
    type: "modal",
    callback_id: ActionModalIds.create,
    title: label("New action item"),
    submit: label("Create"),
    close: label("Cancel"),
    private_metadata: encodeCreateMetadata(v.metadata),
    blocks,
  };
}

/** Asks why before an item is dropped; the reason is kept on the item and in its audit trail. */
export function dropReasonModal(item: ActionItem, metadata: DropModalMetadata): types.ModalView {
  return {
    type: "modal",
    callback_id: ActionModalIds.dropReason,
    title: label("Drop action item"),
    submit: label("Drop"),
    close: label("Cancel"),
    private_metadata: encodeDropMetadata(metadata),
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `*${data(item.text)}*` } },
      {
        type: "input",
        block_id: ActionModalIds.reasonBlock,
        label: label("Why is it dropped?"),
        element: {
          type: "plain_text_input",
          action_id: ActionModalIds.value,
          max_length: DROP_REASON_MAX,
          placeholder: label("e.g. the customer renewed without it"),
        },
      },
    ],
  };
}

/** A submitted view's values as Slack sends them: block_id → action_id → value. */
export type SubmittedValues = Record<
  string,
  Record<
    string,
    {
      type?: string;
      value?: string | null;
      selected_user?: string | null;
      selected_date?: string | null;
      selected_option?: { value: string } | null;
    }
  >
>;

export interface CreateSubmission {
  text: string;
  ownerId: string | null;
  deadline: string | null;
  dealId: string | null;
  ritual: string | null;
}

/** The create modal's fields from a view_submission (unchecked: the action rules check them). */
export function readCreateSubmission(values: SubmittedValues): CreateSubmission {
  const at = (block: string, action: string = ActionModalIds.value) => values[block]?.[action];
  const deal = at(ActionModalIds.dealBlock) ?? at(ActionModalIds.dealBlock, ActionModalIds.dealSearch);
  return {
    text: at(ActionModalIds.textBlock)?.value ?? "",
    ownerId: at(ActionModalIds.ownerBlock)?.selected_user ?? null,
    deadline: at(ActionModalIds.deadlineBlock)?.selected_date ?? null,
    dealId: deal?.selected_option?.value ?? null,
    ritual: at(ActionModalIds.ritualBlock)?.selected_option?.value ?? null,
  };
}

export function readDropReason(values: SubmittedValues): string {
  return values[ActionModalIds.reasonBlock]?.[ActionModalIds.value]?.value ?? "";
}

const FIELD_BLOCK: Partial<Record<ActionField, string>> = {
  text: ActionModalIds.textBlock,
  owner: ActionModalIds.ownerBlock,
  deadline: ActionModalIds.deadlineBlock,
  deal: ActionModalIds.dealBlock,
  ritual: ActionModalIds.ritualBlock,
  reason: ActionModalIds.reasonBlock,
};

/**
 * A view_submission answer that shows the problem beside its field (response_action "errors"), or
 * null when the field has no input in the modal (then say it in the modal's place, e.g. a DM).
 */
export function modalFieldErrors(
  field: ActionField,
  message: string,
): { response_action: "errors"; errors: Record<string, string> } | null {
  const block = FIELD_BLOCK[field];
  return block ? { response_action: "errors", errors: { [block]: message } } : null;
}
