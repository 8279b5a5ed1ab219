/**
 * What the page shows one person, rendered: their conversations, the messages they may see (with
 * their own ephemeral ones), their modals and Home tab, the bot's clock. The page places these
 * fragments; it renders no Block Kit itself, so all escaping happens here, in one renderer.
 */
import { DateTime } from "luxon";
import { withSuggestions } from "../page-payloads";
import type {
  SandboxPerson,
  Workspace,
  WorkspaceChannel,
  WorkspaceFile,
  WorkspaceMessage,
  WorkspaceView,
} from "../workspace";
import { SLACKBOT_ID } from "../workspace";
import { type Block, renderBlocks } from "./blocks";
import type { InputState, InputValue, RenderContext } from "./context";
import { type Html, html } from "./html";
import { renderMrkdwn } from "./mrkdwn";
import { ordinal } from "./slack-dates";

export interface SlashCommand {
  command: string;
  description: string;
  usageHint: string;
}

export interface MessageState {
  /** channel/ts: unique in the workspace */
  key: string;
  channel: string;
  ts: string;
  threadTs: string | null;
  /** the day it was posted in the viewer's zone, e.g. "Today", "Monday, December 1st" */
  day: string;
  ephemeral: boolean;
  replyCount: number;
  html: string;
}

export interface ModalState {
  id: string;
  hash: string;
  title: string;
  submit: string | null;
  close: string;
  html: string;
}

export interface PageState {
  viewer: { id: string; name: string; role: string; title: string; timeZone: string };
  people: { id: string; name: string; role: string; title: string }[];
  bot: { id: string; name: string };
  channels: { id: string; name: string; kind: "channel" | "dm" }[];
  /** top-level messages (and replies sent to the channel too), oldest first */
  messages: MessageState[];
  /** thread replies, oldest first */
  replies: MessageState[];
  /** the open modals, the top one last */
  modals: ModalState[];
  home: { id: string; html: string } | null;
  clock: {
    now: number;
    timeZone: string;
    upcoming: { at: number; label: string; when: string } | null;
  };
  commands: SlashCommand[];
}

/** Enough history for a demo; the page would slow down long before Slack's limits. */
const MESSAGES_PER_CHANNEL = 200;

export function renderContext(workspace: Workspace, viewer: SandboxPerson): RenderContext {
  return {
    timeZone: viewer.timeZone,
    now: workspace.now(),
    userName: (id) => workspace.userName(id),
    channelName: (id) => workspace.channel(id)?.name ?? null,
    people: workspace.people.map((p) => ({ id: p.id, name: p.name })),
    channels: workspace
      .allChannels()
      .filter((c) => c.kind === "channel")
      .map((c) => ({ id: c.id, name: c.name })),
    imageSource: (url) => localFilePath(workspace, url),
    fileSource: (id) => workspace.file(id)?.path ?? null,
  };
}

/** A workspace file's path when `url` names one (whatever host it was written with), else null. */
function localFilePath(workspace: Workspace, url: string): string | null {
  const match = /^(?:https?:\/\/[^/]+)?\/files\/(F\w+)\//.exec(url);
  return match ? (workspace.file(match[1] as string)?.path ?? null) : null;
}

function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w.charAt(0).toUpperCase())
      .join("") || "?"
  );
}

/** One of eight avatar colours, the same for a person every time. */
function avatarTone(id: string): number {
  let sum = 0;
  for (const c of id) sum = (sum * 31 + c.charCodeAt(0)) % 8;
  return sum;
}

function fileCard(file: WorkspaceFile): Html {
  if (file.mimetype.startsWith("image/")) {
    return html`<figure class="file file-image"><figcaption>${file.title}</figcaption><a href="${file.path}" target="_blank"><img src="${file.path}" alt="${file.title}"></a></figure>`;
  }
  return html`<a class="file file-card" href="${file.path}" download="${file.name}"><span class="file-icon">📄</span><span>${file.title}<span class="file-type">${file.mimetype}</span></span></a>`;
}

export function dayLabel(atMs: number, ctx: RenderContext): string {
  const at = DateTime.fromMillis(atMs, { zone: ctx.timeZone }).setLocale("en-US");
  const days = at
    .startOf("day")
    .diff(DateTime.fromMillis(ctx.now, { zone: ctx.timeZone }).startOf("day"), "days").days;
  if (days === 0) return "Today";
  if (days === -1) return "Yesterday";
  const thisYear = DateTime.fromMillis(ctx.now, { zone: ctx.timeZone }).year;
  return `${at.toFormat("cccc, LLLL")} ${ordinal(at.day)}${at.year === thisYear ? "" : `, ${at.year}`}`;
}

function messageHtml(workspace: Workspace, m: WorkspaceMessage, ctx: RenderContext): Html {
  const author = workspace.userName(m.user) ?? m.user;
  const fromApp = m.user === workspace.bot.userId || m.user === SLACKBOT_ID;
  const at = DateTime.fromMillis(Number(m.ts) * 1000, { zone: ctx.timeZone }).setLocale("en-US");
  const body =
    m.blocks.length > 0
      ? renderBlocks(m.blocks as Block[], ctx)
      : m.text
        ? renderMrkdwn(m.text, ctx)
        : html``;
  const files = m.files.map((id) => workspace.file(id)).filter((f): f is WorkspaceFile => f !== null);
  const replies = m.threadTs === null ? workspace.replyCount(m) : 0;
  return html`<article class="message${m.visibleTo ? " ephemeral" : ""}" data-channel="${m.channel}" data-ts="${m.ts}"${
    m.visibleTo ? html` data-ephemeral="true"` : ""
  }>
<div class="avatar tone-${avatarTone(m.user)}${fromApp ? " app" : ""}" aria-hidden="true">${initials(author)}</div>
<div class="message-main">
<div class="message-meta"><span class="author">${author}</span>${fromApp ? html`<span class="app-badge">APP</span>` : ""}<time datetime="${at.toISO() ?? ""}" title="${at.toFormat("cccc, LLLL d 'at' h:mm:ss a ZZZZ")}">${at.toFormat("h:mm a")}</time>${
    m.editedAt ? html`<span class="edited">(edited)</span>` : ""
  }</div>
${m.visibleTo ? html`<div class="ephemeral-note">👁 Only visible to you</div>` : ""}
<div class="message-body">${body}${files.map(fileCard)}</div>
${
  replies > 0
    ? html`<button type="button" class="thread-link" data-open-thread="${m.ts}">${replies} ${replies === 1 ? "reply" : "replies"}</button>`
    : ""
}
</div>
</article>`;
}

function messageState(workspace: Workspace, m: WorkspaceMessage, ctx: RenderContext): MessageState {
  return {
    key: `${m.channel}/${m.ts}`,
    channel: m.channel,
    ts: m.ts,
    threadTs: m.threadTs,
    day: dayLabel(Number(m.ts) * 1000, ctx),
    ephemeral: m.visibleTo !== null,
    replyCount: m.threadTs === null ? workspace.replyCount(m) : 0,
    html: messageHtml(workspace, m, ctx).value,
  };
}

function inputState(view: WorkspaceView): InputState {
  return { values: view.values as Record<string, Record<string, InputValue>>, errors: view.errors };
}

function modalState(view: WorkspaceView, ctx: RenderContext): ModalState {
  return {
    id: view.id,
    hash: view.hash,
    title: view.title,
    submit: view.submit,
    close: view.close,
    html: renderBlocks(withSuggestions(view.blocks, view.suggestions) as Block[], ctx, inputState(view))
      .value,
  };
}

function channelMessages(workspace: Workspace, channel: WorkspaceChannel, viewer: string) {
  const visible = workspace.messagesFor(channel.id, viewer);
  const top = visible.filter((m) => m.threadTs === null || m.broadcast).slice(-MESSAGES_PER_CHANNEL);
  const replies = visible.filter((m) => m.threadTs !== null);
  return { top, replies };
}

export function pageState(
  workspace: Workspace,
  viewer: SandboxPerson,
  commands: readonly SlashCommand[],
): PageState {
  const ctx = renderContext(workspace, viewer);
  const channels = workspace.channelsFor(viewer.id);
  const messages: MessageState[] = [];
  const replies: MessageState[] = [];
  for (const channel of channels) {
    const seen = channelMessages(workspace, channel, viewer.id);
    messages.push(...seen.top.map((m) => messageState(workspace, m, ctx)));
    replies.push(...seen.replies.map((m) => messageState(workspace, m, ctx)));
  }
  const home = workspace.home(viewer.id);
  const upcoming = workspace.upcoming();
  return {
    viewer: {
      id: viewer.id,
      name: viewer.name,
      role: viewer.role,
      title: viewer.title,
      timeZone: viewer.timeZone,
    },
    people: workspace.people.map((p) => ({ id: p.id, name: p.name, role: p.role, title: p.title })),
    bot: { id: workspace.bot.userId, name: workspace.bot.name },
    channels: channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind })),
    messages,
    replies,
    modals: workspace.stackOf(viewer.id).map((v) => modalState(v, ctx)),
    home: home ? { id: home.id, html: renderBlocks(home.blocks as Block[], ctx).value } : null,
    clock: {
      now: workspace.now(),
      timeZone: workspace.timeZone,
      upcoming: upcoming
        ? {
            at: upcoming.at,
            label: upcoming.label,
            when: DateTime.fromMillis(upcoming.at, { zone: workspace.timeZone })
              .setLocale("en-US")
              .toFormat("ccc LLL d, h:mm a"),
          }
        : null,
    },
    commands: [...commands],
  };
}
