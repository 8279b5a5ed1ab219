import type { RenderContext } from "./context";
import type { Html } from "./html";
import { placeholder, renderMrkdwn, renderPlainText } from "./mrkdwn";

/** A Block Kit text object as Slack sends it; anything else is shown as a placeholder. */
export interface TextObject {
  type: string;
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

export function isTextObject(value: unknown): value is TextObject {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as TextObject).type === "string" &&
    typeof (value as TextObject).text === "string"
  );
}

export function renderTextObject(value: unknown, ctx: RenderContext): Html {
  if (!isTextObject(value)) return placeholder("missing text");
  if (value.type === "mrkdwn") return renderMrkdwn(value.text, ctx);
  if (value.type === "plain_text") return renderPlainText(value.text, value.emoji !== false);
  return placeholder(`unknown text type "${value.type}"`);
}

/** The characters of a plain_text object, for attributes (placeholders, option labels). */
export function plainString(value: unknown): string {
  return isTextObject(value) ? value.text : "";
}
