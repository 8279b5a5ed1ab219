/**
 * Slack mrkdwn → HTML. Slack's text arrives escaped (`&amp;`, `&lt;`, `&gt;`), with `<…>` as the
 * only control sequences (links, mentions, dates); the entities are decoded exactly once, so
 * `&amp;lt;` shows as `&lt;`. A form this renderer does not know is shown as a placeholder naming
 * it, never dropped.
 */
import type { RenderContext } from "./context";
import { replaceEmoji } from "./emoji";
import { Html, html, joinHtml } from "./html";
import { formatSlackDate } from "./slack-dates";

/** `&amp;`, `&lt;`, `&gt;` → `&`, `<`, `>`, in one pass (so never twice). */
export function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt);/g, (_, name: string) =>
    name === "amp" ? "&" : name === "lt" ? "<" : ">",
  );
}

/** A visible stand-in for something the renderer cannot show. */
export function placeholder(what: string): Html {
  return html`<span class="unknown" data-unknown="${what}">[${what}]</span>`;
}

/** Plain text objects: no markup, newlines kept, `:emoji:` when asked for. */
export function renderPlainText(text: string, emoji = true): Html {
  const shown = emoji ? replaceEmoji(text) : text;
  return joinHtml(
    shown.split("\n").map((line) => html`${line}`),
    "<br>",
  );
}

const SPECIAL_MENTIONS = new Set(["here", "channel", "everyone"]);
const LINK_SCHEMES = /^(https?:\/\/|mailto:)/i;

function mention(kind: string, label: string, attr: Record<string, string> = {}): Html {
  const data = Object.entries(attr).map(([k, v]) => html` data-${k}="${v}"`);
  return html`<span class="mention ${kind}"${data}>${label}</span>`;
}

function renderSpecial(body: string, ctx: RenderContext): Html {
  const [name = "", label] = splitLabel(body);
  if (SPECIAL_MENTIONS.has(name)) return mention("special", `@${name}`);
  if (name.startsWith("subteam^")) return mention("special", label ? decodeEntities(label) : "@group");
  if (name.startsWith("date^")) {
    const date = formatSlackDate(body, ctx.timeZone, ctx.now);
    const text = decodeEntities(date.text);
    const shown =
      date.link && LINK_SCHEMES.test(date.link)
        ? html`<a href="${date.link}" target="_blank" rel="noopener noreferrer">${text}</a>`
        : html`${text}`;
    return html`<time class="slack-date">${shown}</time>${date.unknownTokens.map((t) => placeholder(`unknown date token {${t}}`))}`;
  }
  return placeholder(`unknown mrkdwn <!${decodeEntities(name)}>`);
}

function splitLabel(body: string): [string, string | undefined] {
  const bar = body.indexOf("|");
  return bar === -1 ? [body, undefined] : [body.slice(0, bar), body.slice(bar + 1)];
}

/** One `<…>` control sequence (without the brackets). */
function renderControl(body: string, ctx: RenderContext): Html {
  if (body.startsWith("!")) return renderSpecial(body.slice(1), ctx);
  const [target, label] = splitLabel(body);
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return mention("user", `@${ctx.userName(id) ?? (label ? decodeEntities(label) : id)}`, { user: id });
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return mention("channel", `#${ctx.channelName(id) ?? (label ? decodeEntities(label) : id)}`, {
      channel: id,
    });
  }
  const url = decodeEntities(target);
  if (LINK_SCHEMES.test(url)) {
    return html`<a href="${url}" target="_blank" rel="noopener noreferrer">${decodeEntities(label ?? target)}</a>`;
  }
  return placeholder(`unknown mrkdwn <${decodeEntities(body)}>`);
}

// Control sequences are swapped for \uE000<index>\uE001 (private-use characters) while the emphasis
// is parsed, so a `*` in a link's address cannot open bold; the two are replaced in the input first.
const CONTROL = /<([^<>]*)>/g;
const SLOT = /\uE000(\d+)\uE001/g;

interface Line {
  text: string;
  controls: string[];
}

function withSlots(text: string): Line {
  const controls: string[] = [];
  const slotted = text.replace(CONTROL, (_, body: string) => {
    controls.push(body);
    return `\uE000${controls.length - 1}\uE001`;
  });
  return { text: slotted, controls };
}

function renderText(text: string, line: Line, ctx: RenderContext): Html {
  const parts: Html[] = [];
  let last = 0;
  for (const match of text.matchAll(SLOT)) {
    parts.push(html`${replaceEmoji(decodeEntities(text.slice(last, match.index)))}`);
    parts.push(renderControl(line.controls[Number(match[1])] as string, ctx));
    last = (match.index as number) + match[0].length;
  }
  parts.push(html`${replaceEmoji(decodeEntities(text.slice(last)))}`);
  return joinHtml(parts);
}

/** Code is shown as written: its control sequences too, entities decoded once. */
function literal(text: string, line: Line): string {
  return decodeEntities(text.replace(SLOT, (_, i: string) => `<${line.controls[Number(i)]}>`));
}

const EMPHASIS: Record<string, string> = { "*": "b", _: "i", "~": "s" };
const WORD = /[\p{L}\p{N}]/u;

/** Where the emphasis opened at `open` closes, or -1: Slack's rule is word boundaries outside, no space inside. */
function closingIndex(text: string, open: number, mark: string): number {
  if (open > 0 && WORD.test(text.charAt(open - 1))) return -1;
  if (/\s/.test(text.charAt(open + 1)) || open + 1 >= text.length) return -1;
  for (let j = open + 2; j < text.length; j++) {
    if (text.charAt(j) !== mark) continue;
    if (/\s/.test(text.charAt(j - 1))) continue;
    if (j + 1 < text.length && WORD.test(text.charAt(j + 1))) continue;
    return j;
  }
  return -1;
}

function renderInline(text: string, line: Line, ctx: RenderContext): Html {
  const parts: Html[] = [];
  let plainFrom = 0;
  let i = 0;
  while (i < text.length) {
    const mark = text.charAt(i);
    const tag = EMPHASIS[mark];
    if (!tag && mark !== "`") {
      i++;
      continue;
    }
    // code closes at the next backtick; emphasis follows Slack's word-boundary rule
    const close = tag ? closingIndex(text, i, mark) : text.indexOf("`", i + 1);
    if (close === -1 || close === i + 1) {
      i++;
      continue;
    }
    parts.push(renderText(text.slice(plainFrom, i), line, ctx));
    const inner = text.slice(i + 1, close);
    parts.push(
      tag
        ? html`<${new Html(tag)}>${renderInline(inner, line, ctx)}</${new Html(tag)}>`
        : html`<code>${literal(inner, line)}</code>`,
    );
    i = close + 1;
    plainFrom = i;
  }
  parts.push(renderText(text.slice(plainFrom), line, ctx));
  return joinHtml(parts);
}

function renderLine(text: string, ctx: RenderContext): Html {
  const line = withSlots(text);
  return renderInline(line.text, line, ctx);
}

const QUOTE = /^(?:>|&gt;)\s?/;
const QUOTE_REST = /^(?:>>>|&gt;&gt;&gt;)\s?/;

/** Lines outside ``` blocks: `>` quotes grouped, `>>>` quoting everything after it. */
function renderLines(text: string, ctx: RenderContext): Html {
  const out: Html[] = [];
  let quoted: Html[] = [];
  let plain: Html[] = [];
  const flushPlain = () => {
    if (plain.length > 0) out.push(joinHtml(plain, "<br>"));
    plain = [];
  };
  const flushQuote = () => {
    if (quoted.length > 0) out.push(html`<blockquote>${joinHtml(quoted, "<br>")}</blockquote>`);
    quoted = [];
  };
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as string;
    if (QUOTE_REST.test(line)) {
      flushPlain();
      flushQuote();
      const rest = [line.replace(QUOTE_REST, ""), ...lines.slice(n + 1)];
      out.push(
        html`<blockquote>${joinHtml(
          rest.map((l) => renderLine(l, ctx)),
          "<br>",
        )}</blockquote>`,
      );
      break;
    }
    if (QUOTE.test(line)) {
      flushPlain();
      quoted.push(renderLine(line.replace(QUOTE, ""), ctx));
    } else {
      flushQuote();
      plain.push(renderLine(line, ctx));
    }
  }
  flushPlain();
  flushQuote();
  return joinHtml(out);
}

/** A mrkdwn text object's text as HTML. */
export function renderMrkdwn(text: string, ctx: RenderContext): Html {
  const clean = text.replace(/[\uE000\uE001]/g, "\uFFFD");
  const parts: Html[] = [];
  let last = 0;
  for (const match of clean.matchAll(/```([\s\S]*?)```/g)) {
    const before = clean.slice(last, match.index).replace(/\n$/, "");
    if (before) parts.push(renderLines(before, ctx));
    const code = (match[1] as string).replace(/^\n/, "").replace(/\n$/, "");
    parts.push(html`<pre>${decodeEntities(code)}</pre>`);
    last = (match.index as number) + match[0].length;
  }
  const rest = last > 0 ? clean.slice(last).replace(/^\n/, "") : clean;
  if (rest || parts.length === 0) parts.push(renderLines(rest, ctx));
  return html`<div class="mrkdwn">${joinHtml(parts)}</div>`;
}
