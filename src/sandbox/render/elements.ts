/**
 * Block elements → HTML. Each interactive element carries data-element, data-action-id and
 * data-block-id, from which the page builds the block_actions or state.values Slack would send.
 * Inside a modal, the value the viewer already entered wins over the element's initial one, so an
 * error returned by the app never clears the form.
 */
import type { InputState, InputValue, RenderContext } from "./context";
import { type Html, html } from "./html";
import { placeholder } from "./mrkdwn";
import { plainString, renderTextObject } from "./text-object";

export type Element = Record<string, unknown> & { type?: unknown };

interface Option {
  text?: unknown;
  value?: unknown;
  description?: unknown;
}

export interface ElementPlace {
  blockId: string;
  ctx: RenderContext;
  /** the modal's entered values, when the element is in one */
  input?: InputState;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function ids(el: Element, place: ElementPlace): Html {
  return html`data-element="${str(el.type)}" data-action-id="${str(el.action_id)}" data-block-id="${place.blockId}"`;
}

function entered(el: Element, place: ElementPlace): InputValue | undefined {
  return place.input?.values[place.blockId]?.[str(el.action_id)];
}

function confirmAttr(el: Element): Html {
  const c = el.confirm as Record<string, unknown> | undefined;
  if (!c || typeof c !== "object") return html``;
  const dialog = {
    title: plainString(c.title),
    text: plainString(c.text),
    confirm: plainString(c.confirm) || "Yes",
    deny: plainString(c.deny) || "Cancel",
  };
  return html` data-confirm="${JSON.stringify(dialog)}"`;
}

function button(el: Element, place: ElementPlace): Html {
  const style = el.style === "primary" || el.style === "danger" ? ` btn-${el.style}` : "";
  const url = str(el.url);
  return html`<button type="button" class="btn${style}" ${ids(el, place)} data-value="${str(el.value)}"${
    url ? html` data-url="${url}"` : ""
  }${confirmAttr(el)}>${renderTextObject(el.text, place.ctx)}</button>`;
}

function optionList(el: Element): Option[] {
  const direct = Array.isArray(el.options) ? (el.options as Option[]) : [];
  const grouped = Array.isArray(el.option_groups)
    ? (el.option_groups as { options?: Option[] }[]).flatMap((g) => g.options ?? [])
    : [];
  return [...direct, ...grouped];
}

function selectedValues(el: Element, place: ElementPlace): Set<string> {
  const now = entered(el, place);
  if (now) {
    const picked = [
      now.selected_option?.value,
      now.selected_user,
      now.selected_conversation,
      now.selected_channel,
      ...(now.selected_options ?? []).map((o) => o.value),
      ...(now.selected_users ?? []),
    ];
    return new Set(picked.filter((v): v is string => typeof v === "string"));
  }
  const initial = [
    (el.initial_option as Option | undefined)?.value,
    ...((el.initial_options as Option[] | undefined) ?? []).map((o) => o.value),
    el.initial_user,
    el.initial_conversation,
    el.initial_channel,
    ...((el.initial_users as unknown[] | undefined) ?? []),
  ];
  return new Set(initial.filter((v): v is string => typeof v === "string"));
}

/** Every kind of select: static, users, conversations, channels, external, and their multi_ forms. */
function select(el: Element, place: ElementPlace, choices: { value: string; label: string }[]): Html {
  const type = str(el.type);
  const multiple = type.startsWith("multi_");
  const chosen = selectedValues(el, place);
  const prompt = plainString(el.placeholder) || "Select an item";
  return html`<select class="select" ${ids(el, place)}${multiple ? html` multiple` : ""}${confirmAttr(el)}>${
    multiple
      ? ""
      : html`<option value=""${chosen.size === 0 ? html` selected` : ""} disabled>${prompt}</option>`
  }${choices.map(
    (c) => html`<option value="${c.value}"${chosen.has(c.value) ? html` selected` : ""}>${c.label}</option>`,
  )}</select>`;
}

function staticChoices(el: Element): { value: string; label: string }[] {
  return optionList(el).map((o) => ({ value: str(o.value), label: plainString(o.text) }));
}

function externalChoices(el: Element): { value: string; label: string }[] {
  // What the app set initially, then what it answered the last search with (the sandbox puts
  // those in `options`; an app's external select has none of its own).
  const initial = [el.initial_option, ...((el.initial_options as unknown[]) ?? []), ...optionList(el)] as (
    | Option
    | undefined
  )[];
  const seen = new Set<string>();
  return initial
    .filter((o): o is Option => !!o && !seen.has(str(o.value)) && Boolean(seen.add(str(o.value))))
    .map((o) => ({ value: str(o.value), label: plainString(o.text) }));
}

/** An external select: a search box (Slack asks the app for options as you type) above the select. */
function externalSelect(el: Element, place: ElementPlace): Html {
  const min = typeof el.min_query_length === "number" ? el.min_query_length : 3;
  return html`<div class="external-select"><input type="search" class="external-search" data-suggest-block="${place.blockId}" data-suggest-action="${str(
    el.action_id,
  )}" data-min-query="${String(min)}" placeholder="Type ${String(min)}+ letters to search" aria-label="Search ${
    plainString(el.placeholder) || "options"
  }">${select(el, place, externalChoices(el))}</div>`;
}

function overflow(el: Element, place: ElementPlace): Html {
  return html`<details class="overflow" ${ids(el, place)}${confirmAttr(el)}><summary class="btn btn-icon" aria-label="More actions">⋯</summary><div class="menu">${optionList(
    el,
  ).map(
    (o) =>
      html`<button type="button" class="menu-item" data-option-value="${str(o.value)}">${plainString(o.text)}</button>`,
  )}</div></details>`;
}

function datepicker(el: Element, place: ElementPlace): Html {
  const value = entered(el, place)?.selected_date ?? str(el.initial_date);
  return html`<input type="date" class="datepicker" ${ids(el, place)} value="${value}" aria-label="${
    plainString(el.placeholder) || "Select a date"
  }"${confirmAttr(el)}>`;
}

function timepicker(el: Element, place: ElementPlace): Html {
  const value =
    (entered(el, place) as { selected_time?: string } | undefined)?.selected_time ?? str(el.initial_time);
  return html`<input type="time" class="datepicker" ${ids(el, place)} value="${value}">`;
}

function textInput(el: Element, place: ElementPlace): Html {
  const value = entered(el, place)?.value ?? str(el.initial_value);
  const hint = plainString(el.placeholder);
  const max = typeof el.max_length === "number" ? html` maxlength="${el.max_length}"` : "";
  const min = typeof el.min_length === "number" ? html` minlength="${el.min_length}"` : "";
  return el.multiline === true
    ? html`<textarea class="text-input" rows="4" ${ids(el, place)} placeholder="${hint}"${max}${min}>${value}</textarea>`
    : html`<input type="text" class="text-input" ${ids(el, place)} placeholder="${hint}" value="${value}"${max}${min}>`;
}

function choices(el: Element, place: ElementPlace, kind: "checkbox" | "radio"): Html {
  const chosen = selectedValues(el, place);
  const name = `${place.blockId}/${str(el.action_id)}`;
  return html`<fieldset class="choices" ${ids(el, place)}>${optionList(el).map(
    (o) =>
      html`<label class="choice"><input type="${kind}" name="${name}" value="${str(o.value)}"${
        chosen.has(str(o.value)) ? html` checked` : ""
      }> <span>${renderTextObject(o.text, place.ctx)}${
        o.description
          ? html`<span class="choice-description">${renderTextObject(o.description, place.ctx)}</span>`
          : ""
      }</span></label>`,
  )}</fieldset>`;
}

/** An image element or block's picture, or a placeholder when it would load from off this machine. */
export function image(url: string, alt: string, ctx: RenderContext, className: string): Html {
  const src = url ? ctx.imageSource(url) : null;
  if (src) return html`<img class="${className}" src="${src}" alt="${alt}">`;
  return html`<span class="${className} image-offline" title="${url}">🖼 ${alt || "image"} (not loaded: outside the sandbox)</span>`;
}

export function imageElement(el: Element, ctx: RenderContext, className: string): Html {
  const file = el.slack_file as { id?: unknown; url?: unknown } | undefined;
  const fromFile = file ? (typeof file.id === "string" ? ctx.fileSource(file.id) : null) : null;
  if (fromFile) return html`<img class="${className}" src="${fromFile}" alt="${str(el.alt_text)}">`;
  return image(str(el.image_url) || str(file?.url), str(el.alt_text), ctx, className);
}

export function renderElement(el: Element, place: ElementPlace): Html {
  const { ctx } = place;
  switch (el.type) {
    case "button":
      return button(el, place);
    case "static_select":
    case "multi_static_select":
      return select(el, place, staticChoices(el));
    case "users_select":
    case "multi_users_select":
      return select(
        el,
        place,
        ctx.people.map((p) => ({ value: p.id, label: p.name })),
      );
    case "conversations_select":
    case "multi_conversations_select":
    case "channels_select":
    case "multi_channels_select":
      return select(
        el,
        place,
        ctx.channels.map((c) => ({ value: c.id, label: `#${c.name}` })),
      );
    case "external_select":
    case "multi_external_select":
      return externalSelect(el, place);
    case "overflow":
      return overflow(el, place);
    case "datepicker":
      return datepicker(el, place);
    case "timepicker":
      return timepicker(el, place);
    case "plain_text_input":
      return textInput(el, place);
    case "checkboxes":
      return choices(el, place, "checkbox");
    case "radio_buttons":
      return choices(el, place, "radio");
    case "image":
      return imageElement(el, ctx, "element-image");
    default:
      return placeholder(`unknown element "${str(el.type) || "?"}"`);
  }
}
