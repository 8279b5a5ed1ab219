import { escapeMrkdwn } from "../../../blocks/escape";
import { type Period, parsePeriod } from "../../domain/period";
import { AppError } from "../../errors";

/** A scope as a user typed it, before it is resolved against the rep directory. */
export type ScopeArg =
  | { kind: "company" }
  | { kind: "team" | "region" | "segment"; value: string }
  | { kind: "rep"; slackUserId: string }
  | { kind: "rep"; name: string }
  | { kind: "me" };

export interface CommandArgs {
  period?: Period;
  scope?: ScopeArg;
  top?: number;
  help: boolean;
}

export interface ArgsSpec {
  period: boolean;
  scope: boolean;
  /** largest N accepted for "top N", or undefined when the command takes no N */
  maxTop?: number;
  /** why N stops at maxTop, said when a larger N is refused ("the risk register keeps the top 20 …") */
  maxTopReason?: string;
}

export class ArgsError extends AppError {
  constructor(message: string) {
    super("bad_arguments", message);
    this.name = "ArgsError";
  }
}

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
const SCOPE_PREFIX = /^(team|region|segment|rep):(.*)$/i;

/** Splits on spaces, keeping "double quoted" runs together (for names with spaces). */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /(\S*?)"([^"]*)"(\S*)|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    tokens.push(m[4] ?? `${m[1] ?? ""}${m[2] ?? ""}${m[3] ?? ""}`);
  }
  return tokens;
}

function parseRep(raw: string): ScopeArg {
  const mention = MENTION.exec(raw);
  if (mention) return { kind: "rep", slackUserId: mention[1] as string };
  const name = raw.replace(/^@/, "").trim();
  if (!name) throw new ArgsError('"rep:" needs a person: rep:@someone');
  return { kind: "rep", name };
}

const PERIOD_WORDS = "a period (like 2026-11, 2026-Q4 or FY2026)";
const SCOPE_WORDS = "a scope (me, team:X, region:X, segment:X or rep:@someone)";
const TOP_WORDS = "a number (top 10)";

/**
 * A word that is none of what the command takes, in one sentence naming each thing it does take
 * once: `"banana" is neither a period (like 2026-11, …) nor a scope (me, team:X, …)`.
 */
export function notAnArgumentMessage(token: string, spec: ArgsSpec): string {
  const kinds = [
    spec.period ? PERIOD_WORDS : null,
    spec.scope ? SCOPE_WORDS : null,
    spec.maxTop !== undefined ? TOP_WORDS : null,
  ].filter((k): k is string => k !== null);
  const got = `"${token}"`;
  if (kinds.length === 0) return `this command takes nothing after it (got ${got})`;
  if (kinds.length === 1) return `${got} is not ${kinds[0]}`;
  if (kinds.length === 2) return `${got} is neither ${kinds[0]} nor ${kinds[1]}`;
  return `${got} is not ${kinds.slice(0, -1).join(", ")} or ${kinds.at(-1)}`;
}

function notAnArgument(token: string, spec: ArgsSpec): ArgsError {
  return new ArgsError(notAnArgumentMessage(token, spec));
}

/** A period token (already parsed: null when it is no valid month) as the command's one period. */
function setPeriod(args: CommandArgs, period: Period | null, token: string, spec: ArgsSpec): void {
  if (!spec.period) throw new ArgsError(`this command takes no period (got "${token}")`);
  if (!period) throw new ArgsError(`"${token}" is not a month: use YYYY-MM with a month from 01 to 12`);
  if (args.period) throw new ArgsError(`one period at a time (got "${args.period.key}" and "${token}")`);
  args.period = period;
}

/** `top N` or a bare N at tokens[i] as the command's one top N; returns the index of its last token. */
function setTop(args: CommandArgs, tokens: readonly string[], i: number, spec: ArgsSpec): number {
  const token = tokens[i] as string;
  if (spec.maxTop === undefined) throw new ArgsError(`this command takes no number (got "${token}")`);
  const isTopWord = token.toLowerCase() === "top";
  const last = isTopWord ? i + 1 : i;
  const numberToken = tokens[last];
  if (numberToken === undefined || !/^\d+$/.test(numberToken)) {
    throw new ArgsError(`"top" needs a number, e.g. top 10`);
  }
  const n = Number(numberToken);
  if (n < 1 || n > spec.maxTop) {
    const why = n > spec.maxTop && spec.maxTopReason ? `: ${spec.maxTopReason}` : "";
    throw new ArgsError(`top N must be between 1 and ${spec.maxTop} (got ${n})${why}`);
  }
  if (args.top !== undefined) throw new ArgsError("one top N at a time");
  args.top = n;
  return last;
}

/**
 * Parses `[period] [scope] [top N]` in any order. A scope value may run over several words
 * (`team:North America`) until the next token that is a period, a number or another scope.
 */
export function parseCommandArgs(text: string, spec: ArgsSpec, fiscalStartMonth = 1): CommandArgs {
  const tokens = tokenize(text.trim());
  const args: CommandArgs = { help: false };
  let openScope: { kind: "team" | "region" | "segment" | "rep"; words: string[] } | null = null;
  const closeScope = () => {
    if (!openScope) return;
    const value = openScope.words.join(" ").trim();
    if (openScope.kind === "rep") args.scope = parseRep(value);
    else if (!value) throw new ArgsError(`"${openScope.kind}:" needs a name, e.g. ${openScope.kind}:West`);
    else args.scope = { kind: openScope.kind, value };
    openScope = null;
  };
  const setScope = (scope: ScopeArg | null, token: string) => {
    closeScope();
    if (!spec.scope) throw new ArgsError(`this command takes no scope (got "${token}")`);
    if (args.scope) throw new ArgsError(`one scope at a time (got a second: "${token}")`);
    if (scope) args.scope = scope;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const lower = token.toLowerCase();
    if (lower === "help") {
      args.help = true;
      continue;
    }
    const period = /^(\d{4}-\d{2}|\d{4}-?q[1-4]|fy ?\d{4})$/i.test(token)
      ? parsePeriod(token, fiscalStartMonth)
      : null;
    if (period || /^\d{4}-\d{2}$/.test(token)) {
      closeScope();
      setPeriod(args, period, token, spec);
      continue;
    }
    if (lower === "top" || /^\d+$/.test(token)) {
      closeScope();
      i = setTop(args, tokens, i, spec);
      continue;
    }
    if (lower === "me") {
      setScope({ kind: "me" }, token);
      continue;
    }
    if (lower === "company") {
      setScope({ kind: "company" }, token);
      continue;
    }
    if (MENTION.test(token)) {
      setScope(parseRep(token), token);
      continue;
    }
    const prefixed = SCOPE_PREFIX.exec(token);
    if (prefixed) {
      setScope(null, token);
      openScope = {
        kind: (prefixed[1] as string).toLowerCase() as "team" | "region" | "segment" | "rep",
        words: prefixed[2] ? [prefixed[2]] : [],
      };
      continue;
    }
    if (openScope) {
      openScope.words.push(token);
      continue;
    }
    throw notAnArgument(token, spec);
  }
  closeScope();
  return args;
}

/** `team:X` as a user would type it, quoted when the name has spaces (for messages; mrkdwn-escaped). */
export function teamArg(team: string): string {
  const name = escapeMrkdwn(team);
  return /\s/.test(team) ? `team:"${name}"` : `team:${name}`;
}
