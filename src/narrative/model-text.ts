/**
 * Text written by the model is data, like a CRM field: before anything checks or shows it, it loses
 * every way to reach people or places (Slack's <!channel>, <@U…>, <#C…>, <url|label>, plain
 * @here, bare URLs and email addresses, markdown links); when shown, it is escaped for mrkdwn and
 * cut at Block Kit's limit at a word boundary.
 */

/** A section block's text may hold at most 3,000 characters (Block Kit). */
export const SECTION_TEXT_LIMIT = 3000;

export function neutraliseModelText(raw: string): string {
  return (
    raw
      // Slack's own syntax: links keep their label, mentions and broadcasts disappear
      .replace(/<(?:https?|mailto|ftp):[^>|]*\|([^>]*)>/gi, "$1")
      .replace(/<[!@#][^>]*>/g, "")
      .replace(/<(?:https?|mailto|ftp):[^>]*>/gi, "")
      // markdown links keep their text
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\b(?:https?:\/\/|www\.)[^\s<>]+/gi, "")
      .replace(/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, "")
      .replace(
        /\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|ai|co|app|dev|info|biz|me|us|uk|xyz)\b(?:\/[^\s]*)?/gi,
        "",
      )
      .replace(/@(?=\w)/g, "")
      // markdown emphasis and control characters would show as stray symbols
      .replace(/\*\*|__|`/g, "")
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "")
      .replace(/[ \t]{2,}/g, " ")
  );
}

/** The reply's lines without list markers ("1.", "-", "•") or blank lines. */
export function replyLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/^\s*(?:[-*•·]|\d{1,2}[.)])\s+/, "")
        .replace(/\s+([,.;:])/g, "$1")
        .trim(),
    )
    .filter((line) => line !== "");
}

export function escapeForMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts text to at most `max` characters at the last word boundary, marking the cut with "…". */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max - 1);
  const space = room.search(/\s\S*$/);
  let cut = space > 0 ? room.slice(0, space) : room;
  // never leave half an escape such as "&am"
  cut = cut.replace(/&[a-z]{0,4}$/, "");
  return `${cut.trimEnd()}…`;
}

/** Summary lines as one mrkdwn text for a section block: escaped, one per line, within the limit. */
export function summaryMrkdwn(lines: readonly string[], max = SECTION_TEXT_LIMIT): string {
  return cutAtWord(lines.map(escapeForMrkdwn).join("\n"), max);
}
