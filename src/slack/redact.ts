/** Slack bot/user/app tokens and Anthropic keys: whatever an error carries, none of them reaches a log. */
const SECRETS = /\b(?:xox[abeopr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-ant-[A-Za-z0-9_-]+)/g;

/** The text with every token replaced by its kind, e.g. "xoxb-[redacted]". */
export function redactSecrets(text: string): string {
  return text.replace(SECRETS, (token) => `${token.slice(0, token.indexOf("-") + 1)}[redacted]`);
}
