/**
 * The one Slack workspace in memory: users (the page's people among them), channels and DMs,
 * messages and threads, ephemeral messages, open modals, Home tabs and uploaded files. The fake
 * Web API (web-api.ts, served by fake-slack-api.ts) answers from it and the page shows it, so what
 * the app posts is what the page draws. Its methods are named after the Slack methods they stand
 * for and refuse what Slack would refuse (with Slack's error name); every change is announced to
 * the subscribers, which is how the page learns of it. No I/O: the clock is injected.
 */
import { AppError } from "../errors";

export type SlackBlock = Record<string, unknown>;
export type Role = "admin" | "manager" | "rep";

export interface SandboxPerson {
  /** a Slack user id, e.g. "U0ADMIN" */
  id: string;
  name: string;
  role: Role;
  /** what the person switcher says about them, e.g. "RevOps admin" */
  title: string;
  /** IANA zone: `<!date^…>` and message times are shown in it */
  timeZone: string;
  email?: string;
}

/** A Slack user as users.info returns them (the fields the app reads). */
export interface WorkspaceUser {
  name?: string;
  realName?: string;
  email?: string;
  /** IANA zone, e.g. "Europe/Berlin" */
  tz?: string;
}

export interface SandboxBot {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface WorkspaceChannel {
  id: string;
  name: string;
  kind: "channel" | "dm";
  /** a DM's person (the other side is the bot) */
  person: string | null;
  /** who is in it; null: everyone in the workspace */
  members: string[] | null;
}

export interface WorkspaceMessage {
  channel: string;
  ts: string;
  /** the parent's ts for a reply in a thread */
  threadTs: string | null;
  /** a thread reply also shown in the channel */
  broadcast: boolean;
  /** author: the bot's user id, a person's, or Slackbot's */
  user: string;
  text: string;
  blocks: SlackBlock[];
  /** the blocks as the app sent them (before Slack named them); null when it sent none */
  sentBlocks: unknown[] | null;
  files: string[];
  metadata: unknown;
  /** the one person who sees it, for an ephemeral message */
  visibleTo: string | null;
  editedAt: number | null;
  /** bumped on every change, so the page redraws only what changed */
  revision: number;
}

export interface WorkspaceView {
  id: string;
  user: string;
  type: "modal" | "home";
  callbackId: string;
  externalId: string;
  title: string;
  submit: string | null;
  close: string;
  blocks: SlackBlock[];
  privateMetadata: string;
  notifyOnClose: boolean;
  clearOnClose: boolean;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  /** what the person entered: Slack's state.values */
  values: Record<string, Record<string, unknown>>;
  /** block_id → message, from the app's response_action "errors" */
  errors: Record<string, string>;
  /** "block_id/action_id" → the options the app last answered a block_suggestion with */
  suggestions: Record<string, unknown[]>;
}

export interface WorkspaceFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  /** the size announced by files.getUploadURLExternal (or of the bytes given) */
  length: number;
  /** null until the bytes reach the upload URL */
  bytes: Buffer | null;
  user: string;
  createdAt: number;
  /** where the sandbox serves it: /files/<id>/<name> */
  path: string;
  /** the conversations it was shared in */
  channels: string[];
}

/** A message as the Web API record has it: what the app sent, where, by whom (channel messages). */
export interface ChannelMessage {
  channel: string;
  ts: string;
  text: string;
  /** as the app sent them */
  blocks?: unknown[];
  user: string;
  threadTs?: string;
  edited?: boolean;
  fileIds?: string[];
  metadata?: unknown;
}

/** A message only `user` sees, in `channel` (chat.postEphemeral, ephemeral response_url posts). */
export interface EphemeralMessage {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
}

/** Where a response_url posts: the conversation and user of the command or click that issued it. */
export interface ResponseContext {
  channel: string;
  user: string;
  /** the message a button was clicked on, for replace_original and delete_original */
  messageTs?: string;
}

export interface Upcoming {
  /** ms since epoch */
  at: number;
  /** e.g. "Pre-read: Monthly revenue review" */
  label: string;
}

export type WorkspaceChange =
  | { kind: "message"; channel: string; ts: string; visibleTo: string | null }
  | { kind: "views"; user: string }
  | { kind: "home"; user: string }
  | { kind: "clock" };

/** Slack refused the call: `slackError` is the error name its Web API would answer with. */
export class SlackRefusal extends AppError {
  constructor(
    readonly slackError: string,
    detail?: string,
  ) {
    super("sandbox_slack_refused", detail ? `${slackError}: ${detail}` : slackError);
    this.name = "SlackRefusal";
  }
}

export const SLACKBOT_ID = "USLACKBOT";

/** Slack's limits the sandbox enforces, so what Slack would reject fails here too. */
const MAX_MESSAGE_BLOCKS = 50;
const MAX_VIEW_BLOCKS = 100;
const MAX_MODAL_TITLE = 24;
const MAX_VIEW_STACK = 3;

export interface WorkspaceOptions {
  /** the people the page can act as (each also a user); none by default */
  people?: readonly SandboxPerson[];
  /** default: UBOT / BBOT / A1, "rituals" */
  bot?: SandboxBot;
  /** the shared channels, everyone in them; each person also gets a DM with the bot */
  channels?: readonly { id: string; name: string }[];
  /** default T1 */
  teamId?: string;
  /** default "sandbox" (auth.test's url is https://<domain>.slack.com/) */
  teamDomain?: string;
  /** the sandbox clock, ms since epoch */
  now?: () => number;
  /** the workspace's zone: the bot's clock is shown in it */
  timeZone?: string;
}

export interface PostMessageArgs {
  /** a channel id, a DM id, a person's user id (their DM with the bot) or a #name */
  channel: string;
  text?: string;
  blocks?: unknown;
  thread_ts?: string;
  reply_broadcast?: boolean;
  metadata?: unknown;
  /** who writes it; the bot unless given */
  user?: string;
}

export interface ViewArgs {
  type?: unknown;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  blocks?: unknown;
  private_metadata?: unknown;
  callback_id?: unknown;
  external_id?: unknown;
  notify_on_close?: unknown;
  clear_on_close?: unknown;
}

/** The app's answer to a view_submission (its HTTP response body), as Slack reads it. */
export interface ViewSubmissionResponse {
  response_action?: string;
  errors?: Record<string, string>;
  view?: ViewArgs;
}

function textOf(value: unknown): string {
  return typeof value === "object" && value !== null && typeof (value as { text?: unknown }).text === "string"
    ? (value as { text: string }).text
    : "";
}

/**
 * Slack gives every block and element without an id one of its own; so does the sandbox (stable
 * by position), so a click always names its block and action.
 */
function withIds(blocks: unknown, max: number, what: string): SlackBlock[] {
  if (blocks === undefined || blocks === null) return [];
  if (!Array.isArray(blocks) || blocks.some((b) => typeof b !== "object" || b === null || Array.isArray(b))) {
    throw new SlackRefusal("invalid_blocks", "blocks must be an array of objects");
  }
  if (blocks.length > max)
    throw new SlackRefusal("invalid_blocks", `${blocks.length} blocks in a ${what} (Slack allows ${max})`);
  return blocks.map((raw: SlackBlock, i) => {
    const block: SlackBlock = {
      ...raw,
      block_id: typeof raw.block_id === "string" && raw.block_id ? raw.block_id : `b${i}`,
    };
    const withAction = (el: unknown, j: number): unknown =>
      typeof el === "object" && el !== null && !("action_id" in el) && isInteractive(el)
        ? { ...el, action_id: `${block.block_id}-a${j}` }
        : el;
    if (Array.isArray(block.elements) && block.type === "actions")
      block.elements = block.elements.map(withAction);
    if (block.accessory) block.accessory = withAction(block.accessory, 0);
    if (block.element) block.element = withAction(block.element, 0);
    return block;
  });
}

function isInteractive(el: object): boolean {
  const type = (el as { type?: unknown }).type;
  return typeof type === "string" && type !== "image" && type !== "mrkdwn" && type !== "plain_text";
}

export const DEFAULT_BOT: SandboxBot = { userId: "UBOT", botId: "BBOT", appId: "A1", name: "rituals" };

export class Workspace {
  readonly people: readonly SandboxPerson[];
  readonly bot: SandboxBot;
  readonly teamId: string;
  readonly teamDomain: string;
  readonly timeZone: string;
  readonly now: () => number;
  /** every Slack user users.info knows, the people included */
  readonly users = new Map<string, WorkspaceUser>();
  readonly files = new Map<string, WorkspaceFile>();
  private readonly channelList: WorkspaceChannel[] = [];
  private readonly conversations = new Map<string, WorkspaceMessage[]>();
  private readonly stacks = new Map<string, WorkspaceView[]>();
  private readonly homes = new Map<string, WorkspaceView>();
  private readonly triggers = new Map<string, string>();
  private readonly usedTriggers = new Set<string>();
  private readonly listeners = new Set<(change: WorkspaceChange) => void>();
  private upcomingPost: Upcoming | null = null;
  private lastTsMicros = 0;
  private counter = 0;

  constructor(options: WorkspaceOptions = {}) {
    this.people = [...(options.people ?? [])];
    this.bot = options.bot ?? DEFAULT_BOT;
    this.teamId = options.teamId ?? "T1";
    this.teamDomain = options.teamDomain ?? "sandbox";
    this.timeZone = options.timeZone ?? "UTC";
    this.now = options.now ?? Date.now;
    for (const p of this.people) {
      this.users.set(p.id, {
        name: p.name.toLowerCase().replace(/\s+/g, "."),
        realName: p.name,
        tz: p.timeZone,
        ...(p.email ? { email: p.email } : {}),
      });
    }
    for (const c of options.channels ?? []) this.addChannel(c);
    for (const p of this.people) this.openDm(p.id);
  }

  /** A shared channel; with `members`, only they are in it (else everyone is). */
  addChannel(channel: { id: string; name: string; members?: readonly string[] }): WorkspaceChannel {
    const added: WorkspaceChannel = {
      id: channel.id,
      name: channel.name,
      kind: "channel",
      person: null,
      members: channel.members ? [...channel.members] : null,
    };
    this.channelList.push(added);
    this.conversations.set(added.id, []);
    return added;
  }

  /** The DM between a user and the bot, opened on first use as Slack does (id "D" + the user id's tail). */
  openDm(user: string): WorkspaceChannel {
    const open = this.dmOf(user);
    if (open) return open;
    if (!this.users.has(user)) throw new SlackRefusal("user_not_found", `no user "${user}"`);
    const dm: WorkspaceChannel = {
      id: `D${user.replace(/^U/, "")}`,
      name: this.bot.name,
      kind: "dm",
      person: user,
      members: [user, this.bot.userId],
    };
    this.channelList.push(dm);
    this.conversations.set(dm.id, []);
    return dm;
  }

  /** Who is in a conversation: its members, or every user and the bot. */
  membersOf(channel: WorkspaceChannel): string[] {
    return channel.members ? [...channel.members] : [...this.users.keys(), this.bot.userId];
  }

  private isMember(channel: WorkspaceChannel, user: string): boolean {
    return channel.members ? channel.members.includes(user) : this.users.has(user);
  }

  subscribe(listener: (change: WorkspaceChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: WorkspaceChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${String(this.counter).padStart(6, "0")}`;
  }

  /** Slack's message ts: seconds with six decimals, unique and increasing in the workspace. */
  private nextTs(): string {
    this.lastTsMicros = Math.max(this.lastTsMicros + 1, Math.floor(this.now()) * 1000);
    const micros = this.lastTsMicros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  // ---- people and conversations ----

  person(id: string): SandboxPerson | null {
    return this.people.find((p) => p.id === id) ?? null;
  }

  userName(id: string): string | null {
    if (id === this.bot.userId) return this.bot.name;
    if (id === SLACKBOT_ID) return "Slackbot";
    const user = this.users.get(id);
    return this.person(id)?.name ?? user?.realName ?? user?.name ?? null;
  }

  channel(id: string): WorkspaceChannel | null {
    return this.channelList.find((c) => c.id === id) ?? null;
  }

  /** The conversations a person sees: every shared channel and their own DM with the bot. */
  channelsFor(user: string): WorkspaceChannel[] {
    return this.channelList.filter((c) => c.kind === "channel" || c.person === user);
  }

  allChannels(): readonly WorkspaceChannel[] {
    return this.channelList;
  }

  dmOf(user: string): WorkspaceChannel | null {
    return this.channelList.find((c) => c.kind === "dm" && c.person === user) ?? null;
  }

  /** What postMessage's `channel` names: an id, a #name, or a user (their DM with the bot). */
  resolveChannel(ref: string): WorkspaceChannel {
    const byId = this.channel(ref);
    if (byId) return byId;
    if (this.users.has(ref)) return this.openDm(ref);
    const name = ref.replace(/^#/, "");
    const byName = this.channelList.find((c) => c.kind === "channel" && c.name === name);
    if (byName) return byName;
    throw new SlackRefusal("channel_not_found", `no conversation "${ref}"`);
  }

  // ---- messages ----

  private listOf(channel: string): WorkspaceMessage[] {
    return this.conversations.get(channel) as WorkspaceMessage[];
  }

  message(channel: string, ts: string): WorkspaceMessage | null {
    return this.conversations.get(channel)?.find((m) => m.ts === ts) ?? null;
  }

  /** Every message, everywhere, in the order posted. */
  private allMessages(): WorkspaceMessage[] {
    return [...this.conversations.values()].flat().sort((a, b) => compareTs(a.ts, b.ts));
  }

  /**
   * The channel messages (not ephemeral ones) as the app sent them, in the order posted. Each is a
   * live view: a message updated in place later reads updated here too.
   */
  get messages(): ChannelMessage[] {
    return this.allMessages()
      .filter((m) => m.visibleTo === null)
      .map((m) => liveView<ChannelMessage>(m, CHANNEL_MESSAGE_FIELDS));
  }

  /** The ephemeral messages, each with the one user who sees it, in the order posted (live views). */
  get ephemerals(): EphemeralMessage[] {
    return this.allMessages()
      .filter((m) => m.visibleTo !== null)
      .map((m) => liveView<EphemeralMessage>(m, EPHEMERAL_FIELDS));
  }

  private author(user: string | undefined): string {
    const author = user ?? this.bot.userId;
    if (author !== this.bot.userId && author !== SLACKBOT_ID && !this.users.has(author)) {
      throw new SlackRefusal("user_not_found", `no user "${author}"`);
    }
    return author;
  }

  private threadParent(channel: string, threadTs: string | undefined): string | null {
    if (!threadTs) return null;
    const parent = this.message(channel, threadTs);
    if (!parent || parent.visibleTo)
      throw new SlackRefusal("thread_not_found", `no message ${threadTs} in ${channel}`);
    // a reply to a reply joins the parent's thread, as in Slack
    return parent.threadTs ?? parent.ts;
  }

  private store(message: Omit<WorkspaceMessage, "ts" | "revision" | "editedAt">): WorkspaceMessage {
    const stored: WorkspaceMessage = { ...message, ts: this.nextTs(), revision: 1, editedAt: null };
    this.listOf(stored.channel).push(stored);
    this.emit({ kind: "message", channel: stored.channel, ts: stored.ts, visibleTo: stored.visibleTo });
    return stored;
  }

  private content(args: { text?: unknown; blocks?: unknown }): {
    text: string;
    blocks: SlackBlock[];
    sentBlocks: unknown[] | null;
  } {
    const blocks = withIds(args.blocks, MAX_MESSAGE_BLOCKS, "message");
    const text = typeof args.text === "string" ? args.text : "";
    if (!text && blocks.length === 0) throw new SlackRefusal("no_text", "a message needs text or blocks");
    return {
      text,
      blocks,
      sentBlocks: Array.isArray(args.blocks) && args.blocks.length > 0 ? args.blocks : null,
    };
  }

  /** chat.postMessage */
  postMessage(args: PostMessageArgs): WorkspaceMessage {
    const channel = this.resolveChannel(args.channel);
    return this.store({
      channel: channel.id,
      threadTs: this.threadParent(channel.id, args.thread_ts),
      broadcast: args.reply_broadcast === true,
      user: this.author(args.user),
      ...this.content(args),
      files: [],
      metadata: args.metadata ?? null,
      visibleTo: null,
    });
  }

  /** chat.postEphemeral: shown to `user` only, in the conversation (or thread) given. */
  postEphemeral(args: PostMessageArgs & { user: string; author?: string }): WorkspaceMessage {
    const channel = this.resolveChannel(args.channel);
    if (!this.isMember(channel, args.user)) {
      throw new SlackRefusal("user_not_in_channel", `${args.user} is not in ${channel.id}`);
    }
    return this.store({
      channel: channel.id,
      threadTs: this.threadParent(channel.id, args.thread_ts),
      broadcast: false,
      user: this.author(args.author),
      ...this.content(args),
      files: [],
      metadata: null,
      visibleTo: args.user,
    });
  }

  /** chat.update (also used for a response_url's replace_original, ephemeral messages included). */
  update(args: {
    channel: string;
    ts: string;
    text?: string;
    blocks?: unknown;
    metadata?: unknown;
  }): WorkspaceMessage {
    const channel = this.resolveChannel(args.channel);
    const message = this.message(channel.id, args.ts);
    if (!message) throw new SlackRefusal("message_not_found", `no message ${args.ts} in ${channel.id}`);
    if (message.user !== this.bot.userId)
      throw new SlackRefusal("cant_update_message", "the bot did not write it");
    const next = this.content({ text: args.text ?? message.text, blocks: args.blocks ?? message.blocks });
    message.text = next.text;
    message.blocks = next.blocks;
    if (args.blocks !== undefined) message.sentBlocks = next.sentBlocks;
    if (args.metadata !== undefined) message.metadata = args.metadata;
    message.editedAt = this.now();
    message.revision += 1;
    this.emit({ kind: "message", channel: message.channel, ts: message.ts, visibleTo: message.visibleTo });
    return message;
  }

  /** chat.delete (and a response_url's delete_original). */
  delete(args: { channel: string; ts: string }): void {
    const channel = this.resolveChannel(args.channel);
    const list = this.listOf(channel.id);
    const index = list.findIndex((m) => m.ts === args.ts);
    if (index === -1) throw new SlackRefusal("message_not_found", `no message ${args.ts} in ${channel.id}`);
    const [gone] = list.splice(index, 1) as [WorkspaceMessage];
    // replies go with their parent
    for (let i = list.length - 1; i >= 0; i--) if (list[i]?.threadTs === gone.ts) list.splice(i, 1);
    this.emit({ kind: "message", channel: channel.id, ts: gone.ts, visibleTo: gone.visibleTo });
  }

  /** A conversation's messages as `viewer` sees them (others' ephemeral messages left out), oldest first. */
  messagesFor(channel: string, viewer: string): WorkspaceMessage[] {
    return (this.conversations.get(channel) ?? []).filter(
      (m) => m.visibleTo === null || m.visibleTo === viewer,
    );
  }

  /** conversations.history: the channel's messages (not replies, not ephemeral), newest first. */
  history(channel: string): WorkspaceMessage[] {
    const id = this.resolveChannel(channel).id;
    return this.listOf(id)
      .filter((m) => m.visibleTo === null && (m.threadTs === null || m.broadcast))
      .reverse();
  }

  /** conversations.replies: the parent, then its replies, oldest first. */
  replies(channel: string, ts: string): WorkspaceMessage[] {
    const id = this.resolveChannel(channel).id;
    const parent = this.message(id, ts);
    if (!parent || parent.visibleTo) throw new SlackRefusal("thread_not_found", `no message ${ts} in ${id}`);
    return [parent, ...this.listOf(id).filter((m) => m.threadTs === ts && m.visibleTo === null)];
  }

  replyCount(message: WorkspaceMessage): number {
    return this.listOf(message.channel).filter((m) => m.threadTs === message.ts && m.visibleTo === null)
      .length;
  }

  // ---- files (files.getUploadURLExternal → bytes → files.completeUploadExternal) ----

  private newFile(filename: string, title: string | undefined, length: number, user: string | undefined) {
    if (!filename) throw new SlackRefusal("invalid_arguments", "filename is required");
    const id = this.nextId("F");
    const file: WorkspaceFile = {
      id,
      name: filename,
      title: title || filename,
      mimetype: mimetypeOf(filename),
      length,
      bytes: null,
      user: this.author(user),
      createdAt: this.now(),
      path: `/files/${id}/${encodeURIComponent(filename)}`,
      channels: [],
    };
    this.files.set(id, file);
    return file;
  }

  /** files.getUploadURLExternal: a file waiting for its bytes at the upload URL. */
  startUpload(args: { filename: string; length: number; title?: string; user?: string }): WorkspaceFile {
    if (!Number.isInteger(args.length) || args.length <= 0)
      throw new SlackRefusal("invalid_arguments", `length must be a positive integer, not ${args.length}`);
    return this.newFile(args.filename, args.title, args.length, args.user);
  }

  /** Bytes sent to an upload URL; false when no such upload was asked for. */
  receiveUpload(fileId: string, bytes: Uint8Array): boolean {
    const file = this.files.get(fileId);
    if (!file) return false;
    file.bytes = Buffer.from(bytes);
    return true;
  }

  /** An upload with its bytes at once; the file is seen once shared. */
  uploadFile(args: {
    filename: string;
    title?: string;
    bytes: Uint8Array;
    mimetype?: string;
    user?: string;
  }): WorkspaceFile {
    const file = this.newFile(args.filename, args.title, args.bytes.byteLength, args.user);
    if (args.mimetype) file.mimetype = args.mimetype;
    file.bytes = Buffer.from(args.bytes);
    return file;
  }

  file(id: string): WorkspaceFile | null {
    return this.files.get(id) ?? null;
  }

  /**
   * files.completeUploadExternal: only uploads whose bytes arrived; shares them in one message of
   * the channel (or thread) when one is given.
   */
  completeUpload(args: {
    files: readonly { id: string; title?: string }[];
    channel_id?: string;
    thread_ts?: string;
    initial_comment?: string;
  }): { files: WorkspaceFile[]; message: WorkspaceMessage | null } {
    if (args.files.length === 0) throw new SlackRefusal("invalid_arguments", "no files given");
    const files = args.files.map((f) => {
      const file = this.files.get(f.id);
      if (!file || file.bytes === null) throw new SlackRefusal("file_not_found", `no upload ${f.id}`);
      return file;
    });
    const channel = args.channel_id ? this.resolveChannel(args.channel_id) : null;
    args.files.forEach((f, i) => {
      if (f.title) (files[i] as WorkspaceFile).title = f.title;
    });
    if (!channel) return { files, message: null };
    const threadTs = this.threadParent(channel.id, args.thread_ts);
    for (const file of files) file.channels.push(channel.id);
    const message = this.store({
      channel: channel.id,
      threadTs,
      broadcast: false,
      user: files[0]?.user ?? this.bot.userId,
      text: args.initial_comment ?? "",
      blocks: [],
      sentBlocks: null,
      files: files.map((f) => f.id),
      metadata: null,
      visibleTo: null,
    });
    return { files, message };
  }

  // ---- response_url ----

  /**
   * A response_url post, applied as Slack applies it to the conversation it was issued for:
   * delete_original, replace_original (of the message clicked), in_channel, else ephemeral.
   */
  respond(context: ResponseContext, body: Record<string, unknown>): void {
    const original = context.messageTs ? this.message(context.channel, context.messageTs) : null;
    if (body.delete_original === true) {
      if (original) this.delete({ channel: context.channel, ts: original.ts });
      return;
    }
    const content = {
      text: typeof body.text === "string" ? body.text : "",
      ...(Array.isArray(body.blocks) ? { blocks: body.blocks } : {}),
    };
    if (body.replace_original === true && original) {
      this.update({ channel: context.channel, ts: original.ts, blocks: [], ...content });
      return;
    }
    if (body.response_type === "in_channel") {
      this.postMessage({ channel: context.channel, ...content });
      return;
    }
    this.postEphemeral({ channel: context.channel, user: context.user, ...content });
  }

  // ---- views: modals (views.open/push/update) and the Home tab (views.publish) ----

  /** A trigger_id for what a person just did (a slash command, a click): opens one modal. */
  issueTrigger(user: string): string {
    const trigger = `${this.nextId("")}.${user}.sandbox`;
    this.triggers.set(trigger, user);
    return trigger;
  }

  /**
   * The user a trigger_id opens for. One the workspace issued works once. One it did not issue is
   * read as `<user>.<anything>` (what a test hands the app in a payload it wrote), since Slack's
   * own trigger ids are opaque.
   */
  private useTrigger(trigger: string): string {
    const user = this.triggers.get(trigger);
    if (user) {
      this.triggers.delete(trigger);
      this.usedTriggers.add(trigger);
      return user;
    }
    const named = trigger.split(".")[0] ?? "";
    if (this.usedTriggers.has(trigger) || !named)
      throw new SlackRefusal("invalid_trigger_id", "unknown or already used trigger_id");
    return named;
  }

  stackOf(user: string): readonly WorkspaceView[] {
    return this.stacks.get(user) ?? [];
  }

  home(user: string): WorkspaceView | null {
    return this.homes.get(user) ?? null;
  }

  private findView(viewId?: string, externalId?: string): WorkspaceView {
    for (const view of [...[...this.stacks.values()].flat(), ...this.homes.values()]) {
      if ((viewId && view.id === viewId) || (!viewId && externalId && view.externalId === externalId))
        return view;
    }
    throw new SlackRefusal("not_found", `no open view ${viewId ?? externalId ?? "(none given)"}`);
  }

  /** Reads a view payload as Slack checks it: type, title, blocks, submit when there are inputs. */
  private viewContent(args: ViewArgs, type: "modal" | "home") {
    if (args.type !== type) throw new SlackRefusal("invalid_arguments", `view type must be "${type}"`);
    const blocks = withIds(args.blocks, MAX_VIEW_BLOCKS, type === "home" ? "Home tab" : "modal");
    const title = textOf(args.title);
    const submit = textOf(args.submit) || null;
    if (type === "modal") {
      if (!title) throw new SlackRefusal("invalid_arguments", "a modal needs a title");
      if (title.length > MAX_MODAL_TITLE) {
        throw new SlackRefusal(
          "invalid_arguments",
          `modal title "${title}" is over ${MAX_MODAL_TITLE} characters`,
        );
      }
      if (!submit && blocks.some((b) => b.type === "input")) {
        throw new SlackRefusal("invalid_arguments", "a modal with input blocks needs a submit button");
      }
    }
    return {
      type,
      title,
      submit,
      close: textOf(args.close) || (type === "modal" ? "Cancel" : ""),
      blocks,
      callbackId: typeof args.callback_id === "string" ? args.callback_id : "",
      externalId: typeof args.external_id === "string" ? args.external_id : "",
      privateMetadata: typeof args.private_metadata === "string" ? args.private_metadata : "",
      notifyOnClose: args.notify_on_close === true,
      clearOnClose: args.clear_on_close === true,
    };
  }

  private newView(
    user: string,
    args: ViewArgs,
    type: "modal" | "home",
    previous: WorkspaceView | null,
  ): WorkspaceView {
    const id = this.nextId("V");
    return {
      id,
      user,
      ...this.viewContent(args, type),
      hash: `${this.counter}.${id}`,
      rootViewId: previous?.rootViewId ?? id,
      previousViewId: previous?.id ?? null,
      values: {},
      errors: {},
      suggestions: {},
    };
  }

  private emitViews(user: string): void {
    this.emit({ kind: "views", user });
  }

  /** views.open */
  openView(triggerId: string, view: ViewArgs): WorkspaceView {
    const user = this.useTrigger(triggerId);
    const opened = this.newView(user, view, "modal", null);
    this.stacks.set(user, [opened]);
    this.emitViews(user);
    return opened;
  }

  /** views.push: on top of the person's open modal, at most three deep. */
  pushView(triggerId: string, view: ViewArgs): WorkspaceView {
    const user = this.useTrigger(triggerId);
    return this.pushFor(user, view);
  }

  private pushFor(user: string, view: ViewArgs): WorkspaceView {
    const stack = [...this.stackOf(user)];
    const top = stack.at(-1) ?? null;
    if (!top) throw new SlackRefusal("not_found", "no modal open to push onto");
    if (stack.length >= MAX_VIEW_STACK)
      throw new SlackRefusal("push_limit_reached", `at most ${MAX_VIEW_STACK} views`);
    const pushed = this.newView(user, view, "modal", top);
    this.stacks.set(user, [...stack, pushed]);
    this.emitViews(user);
    return pushed;
  }

  /** views.update, by view_id or external_id; a stale hash is refused as Slack does. */
  updateView(args: { view_id?: string; external_id?: string; hash?: string; view: ViewArgs }): WorkspaceView {
    const view = this.findView(args.view_id, args.external_id);
    if (args.hash && args.hash !== view.hash)
      throw new SlackRefusal("hash_conflict", "the view changed since that hash");
    Object.assign(view, this.viewContent(args.view, view.type), { errors: {} });
    view.hash = `${this.nextId("")}.${view.id}`;
    this.emit(view.type === "home" ? { kind: "home", user: view.user } : { kind: "views", user: view.user });
    return view;
  }

  /** views.publish: the person's Home tab. */
  publishHome(args: { user_id: string; view: ViewArgs; hash?: string }): WorkspaceView {
    if (!this.users.has(args.user_id)) throw new SlackRefusal("user_not_found", `no user "${args.user_id}"`);
    const current = this.homes.get(args.user_id);
    if (current && args.hash && args.hash !== current.hash) {
      throw new SlackRefusal("hash_conflict", "the Home tab changed since that hash");
    }
    const home = this.newView(args.user_id, args.view, "home", null);
    // the Home tab keeps its id across publishes, as in Slack
    if (current) Object.assign(home, { id: current.id, rootViewId: current.id });
    this.homes.set(args.user_id, home);
    this.emit({ kind: "home", user: args.user_id });
    return home;
  }

  /** The values a person has entered in an open modal (sent with a submission or a click in it). */
  recordValues(viewId: string, values: Record<string, Record<string, unknown>>): WorkspaceView {
    const view = this.findView(viewId);
    view.values = values;
    return view;
  }

  /** The options the app answered an external select's search with, kept to read a choice back. */
  recordSuggestions(viewId: string, blockId: string, actionId: string, options: unknown[]): WorkspaceView {
    const view = this.findView(viewId);
    view.suggestions = { ...view.suggestions, [`${blockId}/${actionId}`]: options };
    return view;
  }

  /** The person closed a modal (Cancel or ✕): it and, with clear_on_close, the stack under it. */
  closeView(user: string, viewId: string): WorkspaceView {
    const stack = this.stackOf(user);
    const view = stack.find((v) => v.id === viewId);
    if (!view) throw new SlackRefusal("not_found", `no open view ${viewId}`);
    this.stacks.set(user, view.clearOnClose ? [] : stack.filter((v) => v.id !== viewId));
    this.emitViews(user);
    return view;
  }

  /**
   * What Slack does with the app's answer to a view_submission: show its errors beside the inputs
   * (the entered values kept), replace or push a view, clear the stack, or (no answer) close the view.
   */
  applyViewSubmissionResponse(user: string, viewId: string, response: ViewSubmissionResponse | null): void {
    const stack = this.stackOf(user);
    const view = stack.find((v) => v.id === viewId);
    if (!view) throw new SlackRefusal("not_found", `no open view ${viewId}`);
    switch (response?.response_action) {
      case "errors":
        view.errors = { ...(response.errors ?? {}) };
        view.hash = `${this.nextId("")}.${view.id}`;
        this.emitViews(user);
        return;
      case "update":
        this.updateView({ view_id: viewId, view: response.view ?? {} });
        return;
      case "push":
        this.pushFor(user, response.view ?? {});
        return;
      case "clear":
        this.stacks.set(user, []);
        this.emitViews(user);
        return;
      default:
        this.stacks.set(
          user,
          stack.filter((v) => v.id !== viewId),
        );
        this.emitViews(user);
    }
  }

  // ---- the clock ----

  /** The next scheduled post or reminder, which the page's clock control jumps to. */
  setUpcoming(next: Upcoming | null): void {
    this.upcomingPost = next;
    this.emit({ kind: "clock" });
  }

  upcoming(): Upcoming | null {
    return this.upcomingPost;
  }

  /** The injected clock jumped: the page redraws the time (and "today" in dates). */
  clockMoved(): void {
    this.emit({ kind: "clock" });
  }

  // ---- Slack's shapes, for the fake Web API's answers and the payloads sent to the app ----

  slackMessage(m: WorkspaceMessage): Record<string, unknown> {
    const fromBot = m.user === this.bot.userId;
    return {
      type: "message",
      ts: m.ts,
      user: m.user,
      ...(fromBot ? { bot_id: this.bot.botId, app_id: this.bot.appId } : {}),
      text: m.text,
      blocks: m.blocks,
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      ...(m.threadTs === null && this.replyCount(m) > 0
        ? { thread_ts: m.ts, reply_count: this.replyCount(m) }
        : {}),
      ...(m.files.length > 0
        ? { files: m.files.map((id) => this.slackFile(this.files.get(id) as WorkspaceFile)) }
        : {}),
      ...(m.metadata ? { metadata: m.metadata } : {}),
      ...(m.editedAt ? { edited: { user: m.user, ts: `${Math.floor(m.editedAt / 1000)}.000000` } } : {}),
      team: this.teamId,
    };
  }

  slackFile(f: WorkspaceFile): Record<string, unknown> {
    return {
      id: f.id,
      name: f.name,
      title: f.title,
      mimetype: f.mimetype,
      filetype: f.name.split(".").pop() ?? "",
      size: f.bytes?.byteLength ?? f.length,
      user: f.user,
      created: Math.floor(f.createdAt / 1000),
      url_private: f.path,
      url_private_download: f.path,
      permalink: f.path,
    };
  }

  slackView(v: WorkspaceView): Record<string, unknown> {
    const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
    return {
      id: v.id,
      team_id: this.teamId,
      type: v.type,
      blocks: v.blocks,
      private_metadata: v.privateMetadata,
      callback_id: v.callbackId,
      external_id: v.externalId,
      state: { values: v.values },
      hash: v.hash,
      title: plain(v.title),
      close: v.type === "modal" ? plain(v.close) : null,
      submit: v.submit ? plain(v.submit) : null,
      clear_on_close: v.clearOnClose,
      notify_on_close: v.notifyOnClose,
      previous_view_id: v.previousViewId,
      root_view_id: v.rootViewId,
      app_id: this.bot.appId,
      bot_id: this.bot.botId,
      app_installed_team_id: this.teamId,
    };
  }
}

type FieldReaders = Record<string, (m: WorkspaceMessage) => unknown>;

const CHANNEL_MESSAGE_FIELDS: FieldReaders = {
  channel: (m) => m.channel,
  ts: (m) => m.ts,
  text: (m) => m.text,
  blocks: (m) => m.sentBlocks ?? undefined,
  user: (m) => m.user,
  threadTs: (m) => m.threadTs ?? undefined,
  edited: (m) => (m.editedAt !== null ? true : undefined),
  fileIds: (m) => (m.files.length > 0 ? [...m.files] : undefined),
  metadata: (m) => m.metadata ?? undefined,
};

const EPHEMERAL_FIELDS: FieldReaders = {
  channel: (m) => m.channel,
  user: (m) => m.visibleTo ?? undefined,
  ts: (m) => m.ts,
  text: (m) => m.text,
  blocks: (m) => m.sentBlocks ?? undefined,
};

const views = new WeakMap<WorkspaceMessage, Map<FieldReaders, unknown>>();

/** One object per message and shape whose fields read the message as it is now (absent ones undefined). */
function liveView<T>(m: WorkspaceMessage, fields: FieldReaders): T {
  const shapes = views.get(m) ?? new Map<FieldReaders, unknown>();
  views.set(m, shapes);
  const known = shapes.get(fields);
  if (known) return known as T;
  const view = {};
  for (const [name, read] of Object.entries(fields))
    Object.defineProperty(view, name, { enumerable: true, get: () => read(m) });
  shapes.set(fields, view);
  return view as T;
}

/** Slack timestamps compared as numbers ("1.000010" after "1.000009"). */
function compareTs(a: string, b: string): number {
  const [as = "0", af = "0"] = a.split(".");
  const [bs = "0", bf = "0"] = b.split(".");
  return Number(as) - Number(bs) || Number(af) - Number(bf);
}

function mimetypeOf(filename: string): string {
  const ext = filename.toLowerCase().split(".").pop();
  const known: Record<string, string> = {
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    svg: "image/svg+xml",
    pdf: "application/pdf",
    csv: "text/csv",
    txt: "text/plain",
    pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  };
  return known[ext ?? ""] ?? "application/octet-stream";
}
