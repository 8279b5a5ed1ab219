/**
 * What the page reports (which element, what was chosen) → what Slack would send the app: the
 * block_actions `action` and a modal's `state.values`. Values are read against the element the
 * workspace holds, so an option's text comes from the app's own blocks, and a click on an element
 * that is no longer there is refused instead of reaching the app.
 */
import { AppError } from "../errors";
import type { SlackBlock } from "./workspace";

/** A page request that cannot be carried out; `status` is the HTTP status it is answered with. */
export class PageRequestError extends AppError {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super("sandbox_bad_request", message);
    this.name = "PageRequestError";
  }
}

/** One element's choice as the page reports it: a single value or, for multi-selects, several. */
export interface PickedValue {
  blockId: string;
  actionId: string;
  value?: string | null;
  values?: string[];
}

type Element = Record<string, unknown>;
export interface Option {
  text: unknown;
  value: string;
}

/** The elements of a block that can carry an action_id, with the block's id. */
function elementsOf(block: SlackBlock): Element[] {
  const out: unknown[] = [];
  if (Array.isArray(block.elements) && block.type === "actions") out.push(...block.elements);
  if (block.accessory) out.push(block.accessory);
  if (block.element) out.push(block.element);
  return out.filter((e): e is Element => typeof e === "object" && e !== null);
}

const EXTERNAL = new Set(["external_select", "multi_external_select"]);

/**
 * The blocks with each external select holding the options the app suggested for it, so a choice
 * among them can be read back (and shown) as Slack's client knows them. The app's own blocks are
 * left as they are.
 */
export function withSuggestions(
  blocks: readonly SlackBlock[],
  suggestions: Readonly<Record<string, unknown[]>>,
): SlackBlock[] {
  if (Object.keys(suggestions).length === 0) return [...blocks];
  const add = (blockId: unknown) => (el: unknown) => {
    if (typeof el !== "object" || el === null) return el;
    const e = el as Element;
    const found = suggestions[`${String(blockId)}/${String(e.action_id)}`];
    return EXTERNAL.has(String(e.type)) && found ? { ...e, options: found } : el;
  };
  return blocks.map((block) => {
    const withOptions = add(block.block_id);
    const out: SlackBlock = { ...block };
    if (block.element) out.element = withOptions(block.element);
    if (block.accessory) out.accessory = withOptions(block.accessory);
    if (Array.isArray(block.elements) && block.type === "actions")
      out.elements = block.elements.map(withOptions);
    return out;
  });
}

/** Slack's options answer to a block_suggestion: options, or the options of option_groups. */
export function suggestedOptions(answer: Record<string, unknown> | null): Option[] {
  if (!answer) return [];
  const direct = Array.isArray(answer.options) ? answer.options : [];
  const grouped = Array.isArray(answer.option_groups)
    ? (answer.option_groups as { options?: unknown[] }[]).flatMap((g) => g.options ?? [])
    : [];
  return [...direct, ...grouped].filter(
    (o): o is Option => typeof o === "object" && o !== null && typeof (o as Option).value === "string",
  );
}

export function findElement(
  blocks: readonly SlackBlock[],
  blockId: string,
  actionId: string,
): Element | null {
  const block = blocks.find((b) => b.block_id === blockId);
  return block ? (elementsOf(block).find((e) => e.action_id === actionId) ?? null) : null;
}

function optionsOf(el: Element): Option[] {
  const direct = Array.isArray(el.options) ? el.options : [];
  const grouped = Array.isArray(el.option_groups)
    ? (el.option_groups as { options?: unknown[] }[]).flatMap((g) => g.options ?? [])
    : [];
  const initial = [el.initial_option, ...(Array.isArray(el.initial_options) ? el.initial_options : [])];
  return [...direct, ...grouped, ...initial].filter(
    (o): o is Option => typeof o === "object" && o !== null && typeof (o as Option).value === "string",
  );
}

function option(el: Element, value: string): Option {
  const found = optionsOf(el).find((o) => o.value === value);
  if (!found) throw new PageRequestError(`"${value}" is not an option of ${String(el.action_id)}`, 409);
  return { text: found.text, value: found.value };
}

function one(picked: PickedValue): string | null {
  return typeof picked.value === "string" && picked.value !== "" ? picked.value : null;
}

function many(picked: PickedValue): string[] {
  return picked.values ?? (one(picked) === null ? [] : [one(picked) as string]);
}

/** The value object Slack puts in state.values (and, with ids added, in a block action). */
export function slackValue(el: Element, picked: PickedValue): Record<string, unknown> {
  const type = String(el.type);
  const value = one(picked);
  switch (type) {
    case "plain_text_input":
      return { type, value };
    case "datepicker":
      return { type, selected_date: value };
    case "timepicker":
      return { type, selected_time: value };
    case "static_select":
    case "external_select":
    case "radio_buttons":
    case "overflow":
      return { type, selected_option: value === null ? null : option(el, value) };
    case "multi_static_select":
    case "multi_external_select":
    case "checkboxes":
      return { type, selected_options: many(picked).map((v) => option(el, v)) };
    case "users_select":
      return { type, selected_user: value };
    case "multi_users_select":
      return { type, selected_users: many(picked) };
    case "conversations_select":
      return { type, selected_conversation: value };
    case "multi_conversations_select":
      return { type, selected_conversations: many(picked) };
    case "channels_select":
      return { type, selected_channel: value };
    case "multi_channels_select":
      return { type, selected_channels: many(picked) };
    default:
      throw new PageRequestError(`element type "${type}" takes no value`);
  }
}

/** The block_actions `action` for a click or a choice in a message or modal. */
export function blockAction(blocks: readonly SlackBlock[], picked: PickedValue, actionTs: string) {
  const el = findElement(blocks, picked.blockId, picked.actionId);
  if (!el) {
    throw new PageRequestError(
      `${picked.blockId}/${picked.actionId} is no longer there: the message or view changed`,
      409,
    );
  }
  const ids = { action_id: picked.actionId, block_id: picked.blockId, action_ts: actionTs };
  if (el.type === "button") {
    return {
      type: "button",
      ...ids,
      text: el.text,
      ...(typeof el.value === "string" ? { value: el.value } : {}),
      ...(el.style ? { style: el.style } : {}),
    };
  }
  return { ...slackValue(el, picked), ...ids };
}

/** A modal's state.values from what the page reports for each of its elements. */
export function viewStateValues(
  blocks: readonly SlackBlock[],
  picked: readonly PickedValue[],
): Record<string, Record<string, Record<string, unknown>>> {
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const p of picked) {
    const el = findElement(blocks, p.blockId, p.actionId);
    if (!el) throw new PageRequestError(`${p.blockId}/${p.actionId} is not in this view`, 409);
    if (el.type === "button") continue;
    values[p.blockId] = { ...(values[p.blockId] ?? {}), [p.actionId]: slackValue(el, p) };
  }
  return values;
}

function isEmpty(value: Record<string, unknown> | undefined): boolean {
  if (!value) return true;
  return Object.entries(value).every(
    ([k, v]) =>
      k === "type" || v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0),
  );
}

/**
 * What Slack's own client checks before a submission reaches the app: required inputs filled and
 * text inputs within min_length. block_id → the message Slack shows.
 */
export function clientSideErrors(
  blocks: readonly SlackBlock[],
  values: Record<string, Record<string, Record<string, unknown>>>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const block of blocks) {
    if (block.type !== "input") continue;
    const el = block.element as Element | undefined;
    const id = String(block.block_id);
    const value = values[id]?.[String(el?.action_id)];
    if (isEmpty(value)) {
      if (block.optional !== true) errors[id] = "Please complete this required field.";
      continue;
    }
    const text = value?.value;
    if (typeof text === "string" && typeof el?.min_length === "number" && text.length < el.min_length) {
      errors[id] = `Must be at least ${el.min_length} characters.`;
    }
  }
  return errors;
}
