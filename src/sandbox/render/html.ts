/**
 * HTML built from text that is always escaped unless it is already HTML: the renderer writes
 * markup only through `html\`…\``, so a deal named `<script>` is shown, never run.
 */

/** Markup known to be safe: built by `html` or `raw` (for markup this renderer wrote itself). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolated = Html | string | number | null | undefined | false | readonly Interpolated[];

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

function interpolate(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(interpolate).join("");
  return escapeHtml(String(value));
}

/** Tagged template: literal parts are markup, interpolated values are escaped text (or Html). */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++)
    out += interpolate(values[i] as Interpolated) + (strings[i + 1] ?? "");
  return new Html(out);
}

export function raw(markup: string): Html {
  return new Html(markup);
}

export function joinHtml(parts: readonly Html[], separator = ""): Html {
  return new Html(parts.map((p) => p.value).join(separator));
}
