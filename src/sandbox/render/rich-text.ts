/** The rich_text block: sections, lists, quotes and preformatted text, with styled inline elements. */
import type { RenderContext } from "./context";
import { replaceEmoji } from "./emoji";
import { type Html, html, joinHtml } from "./html";
import { placeholder } from "./mrkdwn";
import { formatSlackDate } from "./slack-dates";

type Node = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function children(node: Node): Node[] {
  return Array.isArray(node.elements) ? (node.elements as Node[]) : [];
}

/** bold/italic/strike/code around an inline element's HTML. */
function styled(inner: Html, style: unknown): Html {
  const s = (style ?? {}) as Record<string, unknown>;
  let out = inner;
  if (s.code) out = html`<code>${out}</code>`;
  if (s.strike) out = html`<s>${out}</s>`;
  if (s.italic) out = html`<i>${out}</i>`;
  if (s.bold) out = html`<b>${out}</b>`;
  return out;
}

function lines(text: string): Html {
  return joinHtml(
    text.split("\n").map((l) => html`${l}`),
    "<br>",
  );
}

/** An emoji element: its code points when given ("1f44d"), else its name through the emoji table. */
function emojiText(node: Node): string {
  const points = str(node.unicode)
    .split("-")
    .map((hex) => Number.parseInt(hex, 16))
    .filter((n) => Number.isInteger(n) && n > 0 && n <= 0x10ffff);
  return points.length > 0 ? String.fromCodePoint(...points) : replaceEmoji(`:${str(node.name)}:`);
}

function inline(node: Node, ctx: RenderContext): Html {
  switch (node.type) {
    case "text":
      return styled(lines(str(node.text)), node.style);
    case "link": {
      const url = str(node.url);
      const label = str(node.text) || url;
      if (!/^(https?:\/\/|mailto:)/i.test(url)) return styled(html`${label}`, node.style);
      return styled(
        html`<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`,
        node.style,
      );
    }
    case "user": {
      const id = str(node.user_id);
      return styled(
        html`<span class="mention user" data-user="${id}">@${ctx.userName(id) ?? id}</span>`,
        node.style,
      );
    }
    case "channel": {
      const id = str(node.channel_id);
      return styled(
        html`<span class="mention channel" data-channel="${id}">#${ctx.channelName(id) ?? id}</span>`,
        node.style,
      );
    }
    case "usergroup":
      return html`<span class="mention special">@${str(node.usergroup_id)}</span>`;
    case "broadcast":
      return html`<span class="mention special">@${str(node.range)}</span>`;
    case "emoji":
      return html`${emojiText(node)}`;
    case "date": {
      const link = str(node.url) ? `^${str(node.url)}` : "";
      const date = formatSlackDate(
        `date^${String(node.timestamp)}^${str(node.format)}${link}|${str(node.fallback)}`,
        ctx.timeZone,
        ctx.now,
      );
      return html`<time class="slack-date">${date.text}</time>${date.unknownTokens.map((t) => placeholder(`unknown date token {${t}}`))}`;
    }
    case "color":
      return html`<code class="color">${str(node.value)}</code>`;
    default:
      return placeholder(`unknown rich_text element "${str(node.type) || "?"}"`);
  }
}

function inlines(node: Node, ctx: RenderContext): Html {
  return joinHtml(children(node).map((n) => inline(n, ctx)));
}

function list(node: Node, ctx: RenderContext): Html {
  const indent = typeof node.indent === "number" ? Math.min(Math.max(node.indent, 0), 8) : 0;
  const items = children(node).map((item) => html`<li>${inlines(item, ctx)}</li>`);
  const cls = html`class="rich-list indent-${indent}${node.border ? " bordered" : ""}"`;
  if (node.style === "ordered") {
    const start = typeof node.offset === "number" ? node.offset + 1 : 1;
    return html`<ol ${cls} start="${start}">${items}</ol>`;
  }
  return html`<ul ${cls}>${items}</ul>`;
}

function part(node: Node, ctx: RenderContext): Html {
  switch (node.type) {
    case "rich_text_section":
      return html`<div class="rich-section">${inlines(node, ctx)}</div>`;
    case "rich_text_list":
      return list(node, ctx);
    case "rich_text_quote":
      return html`<blockquote>${inlines(node, ctx)}</blockquote>`;
    case "rich_text_preformatted":
      return html`<pre>${inlines(node, ctx)}</pre>`;
    default:
      return placeholder(`unknown rich_text part "${str(node.type) || "?"}"`);
  }
}

export function renderRichText(block: Node, ctx: RenderContext): Html {
  return joinHtml(children(block).map((n) => part(n, ctx)));
}
