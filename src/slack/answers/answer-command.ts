import type Anthropic from "@anthropic-ai/sdk";
import type { Logger } from "@slack/bolt";
import { withClosingNote } from "../../../blocks/answer";
import type { AnswerRef } from "../../../blocks/answer-ref";
import { escapeMrkdwn } from "../../../blocks/escape";
import type { Block, Message } from "../../../blocks/message";
import { noticeMessage } from "../../../blocks/notice";
import type { Config } from "../../config";
import { type Access, accessTo, type Viewer } from "../../domain/access";
import { parseScopeKey, type Scope, scopeKey } from "../../domain/crm";
import { parsePeriod } from "../../domain/period";
import type { Db } from "../../store/db";
import {
  describeAccess,
  LINK_HELP,
  managerNotRep,
  noSuchRep,
  noSuchScope,
  type SlackDirectory,
} from "../access";
import type { PostResponse } from "../response-url";
import type { RitualsService } from "../rituals-service";
import type { StoreCache } from "../store-cache";
import { ArgsError, type ArgsSpec, type CommandArgs, parseCommandArgs, type ScopeArg, teamArg } from "./args";

/** What every Slack handler needs, injected by createApp. */
export interface SlackDeps {
  config: Config;
  db: Db;
  clock: () => Date;
  directory: SlackDirectory;
  logger: Logger;
  /** built answers, until the store changes */
  answers: StoreCache<Answer>;
  /** answers through a response_url, with a timeout and retries (Bolt's respond() has neither) */
  respond: PostResponse;
  /** the rituals runtime (run now, preview), when the process runs rituals */
  rituals?: RitualsService;
  /** the Anthropic client createApp was given (null without ANTHROPIC_API_KEY) */
  anthropic?: Anthropic | null;
}

/** Everything a command's builder gets: scope already resolved and permitted. */
export interface AnswerContext {
  deps: SlackDeps;
  viewer: Viewer;
  args: CommandArgs;
  scope: Scope;
  access: Access;
  /** for buttons: canonical arguments and page */
  ref: AnswerRef;
}

export interface CommandSpec {
  /** the slash command without its slash, e.g. "deal-risk" */
  command: string;
  summary: string;
  /** "/forecast [period] [scope]" */
  usage: string;
  args: ArgsSpec;
  /** the scope when none is named */
  defaultScope: (viewer: Viewer) => Scope;
  build: (ctx: AnswerContext) => Answer;
  /** what the built answer takes from the viewer beyond their access, for the answer cache's key */
  viewerVariant?: (viewer: Viewer, ref: AnswerRef) => string;
}

/** An answer may go to the channel; a notice (refusal, bad input, missing data) never does. */
export type Answer = { kind: "answer"; message: Message } | { kind: "notice"; message: Message };

export type MaybePromise<T> = T | Promise<T>;

function then<T, U>(value: MaybePromise<T>, f: (t: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

export const notice = (text: string, usage?: string): Answer => ({
  kind: "notice",
  message: noticeMessage(text, usage),
});

export const SCOPE_HELP =
  "A scope is `team:X`, `region:X`, `segment:X`, `rep:@someone` or `me`; a period is `2026-11`, `2026-Q4` or `FY2026`.";

export function usageOf(spec: CommandSpec): string {
  return `${spec.usage} — ${spec.summary}`;
}

const specIds = new WeakMap<CommandSpec, number>();
let lastSpecId = 0;

/** Two specs may share a command name (the forecast and its accuracy detail): the cache tells them apart. */
function specId(spec: CommandSpec): number {
  const known = specIds.get(spec);
  if (known !== undefined) return known;
  lastSpecId += 1;
  specIds.set(spec, lastSpecId);
  return lastSpecId;
}

export interface AnswerRequest {
  userId: string;
  /** what was typed after the slash command, or the answer a button shows more of */
  ask: { text: string } | { shown: AnswerRef };
  page: number;
  /** set when the answer goes to the channel for everyone: who shares it (always the clicker) */
  sharedBy?: string;
}

/** Shown for a button value this app would not make now (an older version's, or a tampered one). */
export const STALE_BUTTON = "This button is from an older version of the app: run the command again.";

/**
 * The arguments of an answer a button showed: its resolved scope and period, so a click never
 * falls back to the clicker's own default scope. Null when the ref names no readable scope or period.
 */
function shownArgs(ref: AnswerRef, fiscalStartMonth: number): CommandArgs | null {
  const scope = parseScopeKey(ref.scope);
  if (!scope) return null;
  const args: CommandArgs = { help: false, scope: scopeArgOf(scope) };
  if (ref.period !== undefined) {
    const period = parsePeriod(ref.period, fiscalStartMonth);
    if (!period) return null;
    args.period = period;
  }
  if (ref.top !== undefined) args.top = ref.top;
  return args;
}

function scopeArgOf(scope: Scope): ScopeArg {
  if (scope.kind === "company") return { kind: "company" };
  if (scope.kind === "rep") return { kind: "rep", name: scope.value };
  return { kind: scope.kind, value: scope.value };
}

/**
 * The one reply to arguments a command cannot read, for every answer command: what was wrong, in
 * one sentence that names each accepted form once, then the command's usage.
 */
export function argumentsNotice(spec: CommandSpec, error: ArgsError): Answer {
  return notice(`:warning: ${escapeMrkdwn(error.message)}.`, usageOf(spec));
}

function argsOf(spec: CommandSpec, deps: SlackDeps, ask: AnswerRequest["ask"]): CommandArgs | Answer {
  const fiscal = deps.config.FISCAL_YEAR_START_MONTH;
  if ("shown" in ask) return shownArgs(ask.shown, fiscal) ?? notice(STALE_BUTTON);
  try {
    return parseCommandArgs(ask.text, spec.args, fiscal);
  } catch (error) {
    if (!(error instanceof ArgsError)) throw error;
    return argumentsNotice(spec, error);
  }
}

/**
 * Parses (or takes a button's shown scope and period), resolves who is asking and which scope,
 * checks permission, then builds from stored analyses. Synchronous whenever nothing has to be
 * asked of Slack, so the answer fits in the ack.
 */
export function answerCommand(
  spec: CommandSpec,
  deps: SlackDeps,
  request: AnswerRequest,
): MaybePromise<Answer> {
  const args = argsOf(spec, deps, request.ask);
  if ("kind" in args) return args;
  if (args.help) return notice(`*${spec.usage}*\n${spec.summary}.\n${SCOPE_HELP}`);
  return then(deps.directory.viewer(request.userId), (viewer) =>
    then(resolveScope(deps, viewer, args, spec), (scope) => {
      if ("kind" in scope && "message" in scope) return scope;
      const access = accessTo(viewer, scope);
      if (!access.figures) {
        const why =
          viewer.role === "unlinked"
            ? LINK_HELP
            : `You can see ${describeAccess(viewer)}. Ask an admin if you need more.`;
        return notice(`:lock: \`${escapeMrkdwn(scopeKey(scope))}\` is outside what you can see. ${why}`);
      }
      // The scope as resolved, so a button shows more of this answer for whoever clicks it.
      const ref: AnswerRef = { command: spec.command, scope: scopeKey(scope), page: request.page };
      if (args.period) ref.period = args.period.key;
      if (args.top !== undefined) ref.top = args.top;
      if (request.sharedBy) ref.sharedBy = request.sharedBy;
      const unlinked = viewer.role === "unlinked" && !request.sharedBy;
      // Everything the built answer depends on besides the store, which the cache watches.
      const key = [
        specId(spec),
        ref.scope.toLowerCase(),
        ref.period ?? "",
        ref.top ?? "",
        ref.page,
        access.detail ? "detail" : "figures",
        ref.sharedBy ?? "",
        unlinked ? "unlinked" : "",
        spec.viewerVariant?.(viewer, ref) ?? "",
      ].join("\u0000");
      return deps.answers.get(key, () => {
        const answer = spec.build({ deps, viewer, args, scope, access, ref });
        if (answer.kind === "answer" && unlinked) {
          const help: Block = { type: "context", elements: [{ type: "mrkdwn", text: LINK_HELP }] };
          return { kind: "answer", message: withClosingNote(answer.message, help) };
        }
        return answer;
      });
    }),
  );
}

function resolveScope(
  deps: SlackDeps,
  viewer: Viewer,
  args: CommandArgs,
  spec: CommandSpec,
): MaybePromise<Scope | Answer> {
  const s = args.scope;
  if (!s) return spec.defaultScope(viewer);
  switch (s.kind) {
    case "company":
      return { kind: "company", value: "" };
    case "me":
      return ownScope(viewer);
    case "team":
    case "region":
    case "segment": {
      // A name the CRM does not have is said so, before any permission check (never the lock).
      const found = deps.directory.findScope(s.kind, s.value);
      if (found.kind === "found") return { kind: s.kind, value: found.value };
      return notice(noSuchScope(s.kind, s.value, found.kind === "missing" ? found.known : []));
    }
    case "rep": {
      if ("name" in s) {
        const found = deps.directory.findRepNamed(s.name);
        if (found.kind === "found") return { kind: "rep", value: found.value };
        if (found.kind === "manager")
          return notice(managerNotRep(`*${escapeMrkdwn(found.name)}*`, found.teams));
        return notice(noSuchRep(s.name));
      }
      if (s.slackUserId === viewer.slackUserId) return ownScope(viewer);
      const mention = `<@${s.slackUserId}>`;
      return then(deps.directory.repFor(s.slackUserId), (rep) => {
        if (rep) return { kind: "rep", value: rep.name };
        const manager = deps.directory.linkedManager(s.slackUserId);
        if (manager) return notice(managerNotRep(mention, manager.teams));
        return notice(
          `${mention} is not linked to a rep. An admin can run \`npx rituals link ${mention} "Rep Name"\`.`,
        );
      });
    }
  }
}

/**
 * `me`: the viewer's own deals; for a manager who carries none, their team (or which teams to ask
 * for, when they manage several).
 */
function ownScope(viewer: Viewer): Scope | Answer {
  if (viewer.rep) return { kind: "rep", value: viewer.rep.name };
  if (viewer.role !== "manager") return notice(LINK_HELP);
  const teams = viewer.managedTeamNames;
  if (teams.length === 1) return { kind: "team", value: teams[0] as string };
  return notice(
    `You carry no deals of your own. Ask for one of the teams you manage: ${teams
      .map((t) => `\`${teamArg(t)}\``)
      .join(", ")}.`,
  );
}
