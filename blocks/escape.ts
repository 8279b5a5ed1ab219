/**
 * Escapes text from data (deal names, reasons, LLM output) for mrkdwn, so `<!channel>` pings nobody
 * and `<http://evil|Salesforce>` links nowhere. Only these three characters are control characters.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Plain-text fields (headers, button labels) are not parsed, but are length-limited: cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}
