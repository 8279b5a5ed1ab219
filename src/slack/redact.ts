import { inspect } from "node:util";

/**
 * The one redaction every log line and last-resort message goes through: Slack bot, user and app
 * tokens, Anthropic keys and bearer credentials by their shape, and the configured secrets (the
 * signing secret has no recognisable shape) by their value.
 */
const SHAPED = /\b(?:xox[abeoprs]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-ant-[A-Za-z0-9_-]+)/g;
const BEARER = /\b(Bearer\s+)[^\s"',;]+/gi;

/** Secrets known by value (from the configuration), longest first so none is cut in part. */
let known: string[] = [];

/** Values shorter than this are not secrets anyone configured, and would redact ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** Adds the configuration's secrets to what every later redaction replaces. */
export function rememberSecrets(values: readonly (string | undefined)[]): void {
  const added = values.filter((v): v is string => typeof v === "string" && v.length >= MIN_SECRET_LENGTH);
  known = [...new Set([...known, ...added])].sort((a, b) => b.length - a.length);
}

/** The text with every token replaced by its kind, e.g. "xoxb-[redacted]", and known secrets by "[redacted]". */
export function redactSecrets(text: string): string {
  let out = text
    .replace(SHAPED, (token) => `${token.slice(0, token.indexOf("-") + 1)}[redacted]`)
    .replace(BEARER, "$1[redacted]");
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join("[redacted]");
  return out;
}

/**
 * Any logged value as redacted text. An Error gives its name and message only: Slack's errors
 * carry the failed request (its headers, with the token) on fields a full inspect would print.
 */
export function redactValue(value: unknown): string {
  if (typeof value === "string") return redactSecrets(value);
  if (value instanceof Error) return redactSecrets(`${value.name}: ${value.message}`);
  return redactSecrets(inspect(value, { depth: 2, breakLength: Number.POSITIVE_INFINITY }));
}
