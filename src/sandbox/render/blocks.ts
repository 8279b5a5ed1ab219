/**
 * Block Kit blocks → HTML, for messages, modals and the Home tab alike. Every block carries its
 * block_id; a block type this renderer does not know is shown as a placeholder naming it.
 */
import type { InputState, RenderContext } from "./context";
import { type Element, type ElementPlace, imageElement, renderElement } from "./elements";
import { type Html, html, joinHtml } from "./html";
import { placeholder } from "./mrkdwn";
import { renderRichText } from "./rich-text";
import { plainString, renderTextObject } from "./text-object";

export type Block = Record<string, unknown> & { type?: unknown };

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function elementsOf(block: Block): Element[] {
  return Array.isArray(block.elements) ? (block.elements as Element[]) : [];
}

function section(block: Block, place: ElementPlace): Html {
  const { ctx } = place;
  const text = block.text ? html`<div class="section-text">${renderTextObject(block.text, ctx)}</div>` : "";
  const fields = Array.isArray(block.fields)
    ? html`<div class="section-fields">${(block.fields as unknown[]).map(
        (f) => html`<div class="section-field">${renderTextObject(f, ctx)}</div>`,
      )}</div>`
    : "";
  const accessory = block.accessory
    ? html`<div class="section-accessory">${renderElement(block.accessory as Element, place)}</div>`
    : "";
  return html`<div class="section-main">${text}${fields}</div>${accessory}`;
}

function context(block: Block, place: ElementPlace): Html {
  return joinHtml(
    elementsOf(block).map((el) =>
      el.type === "image"
        ? imageElement(el, place.ctx, "context-image")
        : el.type === "mrkdwn" || el.type === "plain_text"
          ? html`<span class="context-text">${renderTextObject(el, place.ctx)}</span>`
          : placeholder(`unknown context element "${str(el.type) || "?"}"`),
    ),
  );
}

function imageBlock(block: Block, place: ElementPlace): Html {
  const title = block.title
    ? html`<div class="image-title">${renderTextObject(block.title, place.ctx)}</div>`
    : "";
  return html`${title}${imageElement(block, place.ctx, "block-image-img")}`;
}

function fileBlock(block: Block, place: ElementPlace): Html {
  const src = place.ctx.fileSource(str(block.file_id));
  return src
    ? html`<a class="file file-card" href="${src}" target="_blank">📄 ${str(block.file_id)}</a>`
    : placeholder(`file ${str(block.file_id)} not in the sandbox`);
}

function input(block: Block, place: ElementPlace): Html {
  const error = place.input?.errors[place.blockId];
  const optional = block.optional === true ? html` <span class="optional">(optional)</span>` : "";
  const hint = block.hint
    ? html`<div class="input-hint">${renderTextObject(block.hint, place.ctx)}</div>`
    : "";
  return html`<label class="input-label">${plainString(block.label)}${optional}</label>${renderElement(
    (block.element ?? {}) as Element,
    place,
  )}${error ? html`<div class="input-error" role="alert">${error}</div>` : ""}${hint}`;
}

function body(block: Block, place: ElementPlace): Html {
  switch (block.type) {
    case "header":
      return html`<h3>${renderTextObject(block.text, place.ctx)}</h3>`;
    case "section":
      return section(block, place);
    case "context":
      return context(block, place);
    case "divider":
      return html`<hr>`;
    case "image":
      return imageBlock(block, place);
    case "actions":
      return joinHtml(elementsOf(block).map((el) => renderElement(el, place)));
    case "input":
      return input(block, place);
    case "rich_text":
      return renderRichText(block, place.ctx);
    case "file":
      return fileBlock(block, place);
    default:
      return placeholder(`unknown block "${str(block.type) || "?"}"`);
  }
}

const KNOWN = new Set([
  "header",
  "section",
  "context",
  "divider",
  "image",
  "actions",
  "input",
  "rich_text",
  "file",
]);

export function renderBlock(block: Block, ctx: RenderContext, input?: InputState, index = 0): Html {
  // Slack gives every block an id; the workspace does too, the index covers blocks it has not seen.
  const blockId = str(block.block_id) || `block-${index}`;
  const kind = KNOWN.has(str(block.type)) ? str(block.type) : "unknown";
  const error = input?.errors[blockId] ? " has-error" : "";
  const place: ElementPlace = input ? { blockId, ctx, input } : { blockId, ctx };
  // an input block reports a choice to the app at once only when it asks to (dispatch_action)
  const dispatch =
    block.type === "input" && block.dispatch_action === true ? html` data-dispatch-action="true"` : "";
  return html`<div class="block block-${kind}${error}" data-block-id="${blockId}"${dispatch}>${body(block, place)}</div>`;
}

export function renderBlocks(blocks: readonly Block[], ctx: RenderContext, input?: InputState): Html {
  return joinHtml(blocks.map((b, i) => renderBlock(b, ctx, input, i)));
}
