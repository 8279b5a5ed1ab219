/**
 * A small HTML reader for asserting on the renderer's output by structure (tags, classes,
 * attributes, text) instead of by exact strings. It reads well-formed markup only — which is what
 * the renderer must write, so a stray or unclosed tag fails the test.
 */

export interface HtmlNode {
  tag: string;
  attrs: Record<string, string>;
  children: (HtmlNode | string)[];
}

const VOID = new Set(["br", "hr", "img", "input", "meta", "link"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };

function decode(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] as string);
}

export function parseHtml(html: string): HtmlNode {
  const root: HtmlNode = { tag: "#root", attrs: {}, children: [] };
  const stack = [root];
  const token = /<\/([a-z0-9]+)\s*>|<([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"]*")?)*)\s*>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  token.lastIndex = 0;
  while (at < html.length) {
    match = token.exec(html);
    if (!match) throw new Error(`unreadable HTML at ${at}: ${html.slice(at, at + 40)}`);
    at = token.lastIndex;
    const [, closing, opening, attrText, text] = match;
    const top = stack.at(-1) as HtmlNode;
    if (text !== undefined) top.children.push(decode(text));
    else if (closing) {
      if (top.tag !== closing) throw new Error(`</${closing}> closes <${top.tag}>`);
      stack.pop();
    } else if (opening) {
      const attrs: Record<string, string> = {};
      for (const a of (attrText ?? "").matchAll(/([a-z-]+)(?:="([^"]*)")?/g))
        attrs[a[1] as string] = decode(a[2] ?? "");
      const node: HtmlNode = { tag: opening, attrs, children: [] };
      top.children.push(node);
      if (!VOID.has(opening)) stack.push(node);
    }
  }
  if (stack.length !== 1) throw new Error(`unclosed <${(stack.at(-1) as HtmlNode).tag}>`);
  return root;
}

/** One compound selector: tag, .class, [attr] and [attr="value"], e.g. `button.btn-primary[data-value="x"]`. */
function matches(node: HtmlNode, selector: string): boolean {
  const tag = /^[a-z0-9]+/.exec(selector)?.[0];
  if (tag && node.tag !== tag) return false;
  const classes = (node.attrs.class ?? "").split(/\s+/);
  for (const c of selector.matchAll(/\.([\w-]+)/g)) if (!classes.includes(c[1] as string)) return false;
  for (const a of selector.matchAll(/\[([\w-]+)(?:="([^"]*)")?\]/g)) {
    const value = node.attrs[a[1] as string];
    if (value === undefined || (a[2] !== undefined && value !== a[2])) return false;
  }
  return true;
}

/** Every descendant matching the selector; space-separated selectors match descendants of the previous. */
export function findAll(root: HtmlNode, selector: string): HtmlNode[] {
  const [first, ...rest] = selector.trim().split(/\s+/);
  const found: HtmlNode[] = [];
  const walk = (node: HtmlNode) => {
    for (const child of node.children) {
      if (typeof child === "string") continue;
      if (matches(child, first as string)) found.push(child);
      walk(child);
    }
  };
  walk(root);
  if (rest.length === 0) return found;
  return [...new Set(found.flatMap((n) => findAll(n, rest.join(" "))))];
}

export function find(root: HtmlNode, selector: string): HtmlNode {
  const [node] = findAll(root, selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  return node;
}

/** The text a reader sees (br as a newline). */
export function textOf(node: HtmlNode | string): string {
  if (typeof node === "string") return node;
  if (node.tag === "br") return "\n";
  return node.children.map(textOf).join("");
}
