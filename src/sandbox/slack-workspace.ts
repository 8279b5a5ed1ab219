/**
 * The state of a local Slack workspace and the Web API methods the app calls on it, answered the
 * way Slack answers them: `{ ok: true, … }`, or `{ ok: false, error }` with Slack's error code.
 * Synchronous and clocked, so what the sandbox renders and what tests assert is what was called.
 * The HTTP side (routes, recording, injected failures) is fake-slack-api.ts.
 */

/** A Slack user as users.info returns them (the fields the app reads). */
export interface WorkspaceUser {
  name?: string;
  realName?: string;
  email?: string;
  /** IANA zone, e.g. "Europe/Berlin" */
  tz?: string;
}

export interface WorkspaceChannel {
  id: string;
  name: string;
  /** a direct message with one user (id "D…") */
  isIm: boolean;
  members: string[];
}

/** A message in a channel, newest last. */
export interface ChannelMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  /** the poster: the bot's user id for everything the app posts */
  user: string;
  threadTs?: string;
  edited?: boolean;
  fileIds?: string[];
  /** chat.postMessage's `metadata` (event_type, event_payload), returned by conversations.history on request */
  metadata?: Record<string, unknown>;
}

/** A message only `user` sees, in `channel` (chat.postEphemeral, ephemeral response_url posts). */
export interface EphemeralMessage {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
}

export interface WorkspaceView {
  id: string;
  type: "home" | "modal";
  /** the user whose Home tab or modal stack holds it */
  user: string;
  view: Record<string, unknown>;
}

export interface UploadedFile {
  id: string;
  filename: string;
  title: string;
  /** bytes announced by files.getUploadURLExternal */
  length: number;
  /** the image's alt text given to files.getUploadURLExternal (alt_txt) */
  altText?: string;
  /** the bytes sent to the upload URL; null until then */
  bytes: Buffer | null;
  /** channels it was shared in by files.completeUploadExternal */
  channels: string[];
}

/** Where a response_url posts: the conversation and user of the command or click that issued it. */
export interface ResponseContext {
  channel: string;
  user: string;
  /** the message a button was clicked on, for replace_original and delete_original */
  messageTs?: string;
}

export type ApiArgs = Record<string, unknown>;
export type ApiResult = { ok: true; [field: string]: unknown } | { ok: false; error: string };

/** Slack's modal stack holds at most three views (views.push beyond that fails). */
const MAX_MODAL_STACK = 3;

const fail = (error: string): ApiResult => ({ ok: false, error });
const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const blocksOf = (v: unknown): unknown[] | undefined => (Array.isArray(v) ? v : undefined);
/** Message metadata arrives as an object (JSON bodies) or as JSON text (form-encoded bodies). */
function metadataOf(v: unknown): Record<string, unknown> | undefined {
  let value = v;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export class SlackWorkspace {
  readonly users = new Map<string, WorkspaceUser>();
  readonly channels = new Map<string, WorkspaceChannel>();
  readonly messages: ChannelMessage[] = [];
  readonly ephemerals: EphemeralMessage[] = [];
  readonly files = new Map<string, UploadedFile>();
  private readonly homes = new Map<string, WorkspaceView>();
  private readonly modalStacks = new Map<string, WorkspaceView[]>();
  private lastTs = 0;
  private lastId = 0;

  constructor(
    readonly team = { id: "T1", domain: "sandbox" },
    readonly bot = { userId: "UBOT", botId: "BBOT", name: "rituals" },
    private readonly now: () => number = Date.now,
  ) {}

  addChannel(channel: Omit<WorkspaceChannel, "isIm"> & { isIm?: boolean }): WorkspaceChannel {
    const added = { isIm: false, ...channel, members: [...channel.members] };
    this.channels.set(added.id, added);
    return added;
  }

  /** The Home tab `user` sees, as last published; null before the first views.publish. */
  homeOf(user: string): WorkspaceView | null {
    return this.homes.get(user) ?? null;
  }

  /** The modals open for `user`, the one on screen last. */
  modalsOf(user: string): readonly WorkspaceView[] {
    return this.modalStacks.get(user) ?? [];
  }

  /** One Web API call; unknown methods fail as Slack's do. */
  call(method: string, args: ApiArgs): ApiResult {
    const handler = this.methods[method];
    return handler ? handler(args) : fail("unknown_method");
  }

  /** A response_url post (JSON body), applied to the conversation it was issued for. */
  respond(context: ResponseContext, body: ApiArgs): void {
    const message = { text: text(body.text) ?? "", blocks: blocksOf(body.blocks) };
    const original = context.messageTs
      ? this.messages.find((m) => m.channel === context.channel && m.ts === context.messageTs)
      : undefined;
    if (body.delete_original === true) {
      if (original) this.messages.splice(this.messages.indexOf(original), 1);
      return;
    }
    if (body.replace_original === true && original) {
      Object.assign(original, message, { edited: true });
      return;
    }
    if (body.response_type === "in_channel") {
      this.post(context.channel, message, this.bot.userId);
      return;
    }
    this.ephemerals.push({ channel: context.channel, user: context.user, ts: this.nextTs(), ...message });
  }

  /** Bytes sent to an upload URL; false when no such upload was asked for. */
  receiveUpload(fileId: string, bytes: Buffer): boolean {
    const file = this.files.get(fileId);
    if (!file) return false;
    file.bytes = bytes;
    return true;
  }

  private readonly methods: Record<string, (args: ApiArgs) => ApiResult> = {
    "auth.test": () => ({
      ok: true,
      url: `https://${this.team.domain}.slack.com/`,
      team: this.team.domain,
      team_id: this.team.id,
      user: this.bot.name,
      user_id: this.bot.userId,
      bot_id: this.bot.botId,
    }),
    "users.info": (args) => this.usersInfo(text(args.user) ?? ""),
    "conversations.info": (args) => {
      const channel = this.channels.get(text(args.channel) ?? "");
      return channel ? { ok: true, channel: this.describeChannel(channel) } : fail("channel_not_found");
    },
    "conversations.members": (args) => {
      const channel = this.channels.get(text(args.channel) ?? "");
      if (!channel) return fail("channel_not_found");
      return { ok: true, members: [...channel.members], response_metadata: { next_cursor: "" } };
    },
    "conversations.open": (args) => this.openIm(text(args.users) ?? ""),
    "conversations.history": (args) => {
      const id = this.resolveChannel(text(args.channel) ?? "")?.id;
      if (!id) return fail("channel_not_found");
      const oldest = Number(args.oldest ?? 0);
      const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
      const withMetadata = args.include_all_metadata === true || args.include_all_metadata === "true";
      const messages = this.messages
        .filter((m) => m.channel === id && Number(m.ts) >= oldest && Number(m.ts) <= latest)
        .reverse();
      return {
        ok: true,
        messages: messages.map((m) => this.describeMessage(m, withMetadata)),
        has_more: false,
      };
    },
    "conversations.replies": (args) => {
      const id = this.resolveChannel(text(args.channel) ?? "")?.id;
      if (!id) return fail("channel_not_found");
      const ts = text(args.ts) ?? "";
      const parent = this.messages.find((m) => m.channel === id && m.ts === ts);
      if (!parent) return fail("thread_not_found");
      const withMetadata = args.include_all_metadata === true || args.include_all_metadata === "true";
      const thread = this.messages.filter((m) => m.channel === id && (m.ts === ts || m.threadTs === ts));
      return {
        ok: true,
        messages: thread.map((m) => this.describeMessage(m, withMetadata)),
        has_more: false,
      };
    },
    "chat.postMessage": (args) => this.postMessage(args),
    "chat.update": (args) => this.updateMessage(args),
    "chat.postEphemeral": (args) => this.postEphemeral(args),
    "views.publish": (args) => this.publishHome(args),
    "views.open": (args) => this.openModal(args, "open"),
    "views.push": (args) => this.openModal(args, "push"),
    "views.update": (args) => this.updateView(args),
    "files.getUploadURLExternal": (args) => this.startUpload(args),
    "files.completeUploadExternal": (args) => this.completeUpload(args),
  };

  private usersInfo(id: string): ApiResult {
    const user = this.users.get(id);
    if (!user) return fail("user_not_found");
    const name = user.name ?? id.toLowerCase();
    const profile: Record<string, unknown> = { real_name: user.realName ?? name, display_name: name };
    if (user.email !== undefined) profile.email = user.email;
    return {
      ok: true,
      user: { id, team_id: this.team.id, name, real_name: user.realName ?? name, tz: user.tz, profile },
    };
  }

  /** A DM with one user, created on first use as Slack does (multi-person DMs are not modelled). */
  private openIm(users: string): ApiResult {
    const ids = users.split(",").filter(Boolean);
    if (ids.length === 0) return fail("users_list_not_supplied");
    const user = ids[0] as string;
    if (ids.length > 1) return fail("not_implemented");
    if (!this.users.has(user)) return fail("user_not_found");
    const id = `D${user.slice(1)}`;
    const channel =
      this.channels.get(id) ??
      this.addChannel({ id, name: user, isIm: true, members: [user, this.bot.userId] });
    return { ok: true, channel: { id: channel.id } };
  }

  /** A channel id, or a user id (Slack posts to the DM with them). */
  private resolveChannel(id: string): WorkspaceChannel | null {
    if (this.channels.has(id)) return this.channels.get(id) as WorkspaceChannel;
    if (this.users.has(id)) {
      const opened = this.openIm(id);
      if (opened.ok) return this.channels.get((opened.channel as { id: string }).id) ?? null;
    }
    return null;
  }

  private postMessage(args: ApiArgs): ApiResult {
    const channel = this.resolveChannel(text(args.channel) ?? "");
    if (!channel) return fail("channel_not_found");
    const blocks = blocksOf(args.blocks);
    if (!text(args.text) && !blocks?.length) return fail("no_text");
    const threadTs = text(args.thread_ts);
    const metadata = metadataOf(args.metadata);
    const message = this.post(
      channel.id,
      {
        text: text(args.text) ?? "",
        blocks,
        ...(threadTs ? { threadTs } : {}),
        ...(metadata ? { metadata } : {}),
      },
      this.bot.userId,
    );
    return { ok: true, channel: channel.id, ts: message.ts, message: this.describeMessage(message) };
  }

  private updateMessage(args: ApiArgs): ApiResult {
    const channel = text(args.channel) ?? "";
    if (!this.channels.has(channel)) return fail("channel_not_found");
    const message = this.messages.find((m) => m.channel === channel && m.ts === text(args.ts));
    if (!message) return fail("message_not_found");
    if (message.user !== this.bot.userId) return fail("cant_update_message");
    if (args.text !== undefined) message.text = text(args.text) ?? "";
    if (args.blocks !== undefined) message.blocks = blocksOf(args.blocks);
    message.edited = true;
    return {
      ok: true,
      channel,
      ts: message.ts,
      text: message.text,
      message: this.describeMessage(message),
    };
  }

  private postEphemeral(args: ApiArgs): ApiResult {
    const channel = this.channels.get(text(args.channel) ?? "");
    if (!channel) return fail("channel_not_found");
    const user = text(args.user) ?? "";
    if (!this.users.has(user)) return fail("user_not_found");
    if (!channel.members.includes(user)) return fail("user_not_in_channel");
    const blocks = blocksOf(args.blocks);
    if (!text(args.text) && !blocks?.length) return fail("no_text");
    const ts = this.nextTs();
    this.ephemerals.push({ channel: channel.id, user, ts, text: text(args.text) ?? "", blocks });
    return { ok: true, message_ts: ts };
  }

  /**
   * Any user id is taken: the app publishes for users Slack's own events named, which a test's
   * workspace need not list.
   */
  private publishHome(args: ApiArgs): ApiResult {
    const user = text(args.user_id);
    if (!user) return fail("invalid_arguments");
    const view = args.view as Record<string, unknown> | undefined;
    if (view?.type !== "home") return fail("invalid_arguments");
    const published: WorkspaceView = {
      id: this.homes.get(user)?.id ?? this.nextId("V"),
      type: "home",
      user,
      view,
    };
    this.homes.set(user, published);
    return { ok: true, view: this.describeView(published) };
  }

  /**
   * views.open and views.push. A trigger id ties a modal to the click that opened it; the
   * workspace reads the user from it as `<user>.<anything>` (what the sandbox issues), since
   * Slack's own trigger ids are opaque.
   */
  private openModal(args: ApiArgs, how: "open" | "push"): ApiResult {
    const trigger = text(args.trigger_id);
    const view = args.view as Record<string, unknown> | undefined;
    if (!trigger || !view || view.type !== "modal") return fail("invalid_arguments");
    const user = trigger.split(".")[0] as string;
    const stack = how === "open" ? [] : [...this.modalsOf(user)];
    if (how === "push" && stack.length === 0) return fail("not_found");
    if (stack.length >= MAX_MODAL_STACK) return fail("push_limit_reached");
    const opened: WorkspaceView = { id: this.nextId("V"), type: "modal", user, view };
    this.modalStacks.set(user, [...stack, opened]);
    return { ok: true, view: this.describeView(opened) };
  }

  private updateView(args: ApiArgs): ApiResult {
    const view = args.view as Record<string, unknown> | undefined;
    if (!view) return fail("invalid_arguments");
    const id = text(args.view_id);
    const externalId = text(args.external_id);
    const all = [...this.homes.values(), ...[...this.modalStacks.values()].flat()];
    const found = all.find((v) => (id ? v.id === id : externalId && v.view.external_id === externalId));
    if (!found) return fail("not_found");
    found.view = view;
    return { ok: true, view: this.describeView(found) };
  }

  private startUpload(args: ApiArgs): ApiResult {
    const filename = text(args.filename);
    const length = Number(args.length);
    if (!filename || !Number.isInteger(length) || length <= 0) return fail("invalid_arguments");
    const id = this.nextId("F");
    const altText = text(args.alt_txt);
    this.files.set(id, {
      id,
      filename,
      title: filename,
      length,
      bytes: null,
      channels: [],
      ...(altText ? { altText } : {}),
    });
    // the HTTP side turns this path into a URL on its own address
    return { ok: true, upload_url: `/upload/${id}`, file_id: id };
  }

  /** Shares the uploaded files, in one message of the channel when one is named. */
  private completeUpload(args: ApiArgs): ApiResult {
    const entries = Array.isArray(args.files) ? (args.files as { id?: unknown; title?: unknown }[]) : [];
    if (entries.length === 0) return fail("invalid_arguments");
    const files = entries.map((e) => this.files.get(text(e.id) ?? ""));
    if (files.some((f) => !f || f.bytes === null)) return fail("file_not_found");
    const done = files as UploadedFile[];
    entries.forEach((e, i) => {
      const title = text(e.title);
      if (title) (done[i] as UploadedFile).title = title;
    });
    const channelId = text(args.channel_id);
    if (channelId) {
      const channel = this.channels.get(channelId);
      if (!channel) return fail("channel_not_found");
      for (const file of done) file.channels.push(channel.id);
      const threadTs = text(args.thread_ts);
      this.post(
        channel.id,
        {
          text: text(args.initial_comment) ?? "",
          fileIds: done.map((f) => f.id),
          ...(threadTs ? { threadTs } : {}),
        },
        this.bot.userId,
      );
    }
    return {
      ok: true,
      files: done.map((f) => ({ id: f.id, name: f.filename, title: f.title, size: f.length })),
    };
  }

  private post(
    channel: string,
    message: Omit<ChannelMessage, "channel" | "ts" | "user">,
    user: string,
  ): ChannelMessage {
    const posted: ChannelMessage = { channel, ts: this.nextTs(), user, ...message };
    if (posted.blocks === undefined) delete posted.blocks;
    this.messages.push(posted);
    return posted;
  }

  private describeChannel(c: WorkspaceChannel): Record<string, unknown> {
    return {
      id: c.id,
      name: c.name,
      is_channel: !c.isIm,
      is_im: c.isIm,
      is_member: c.members.includes(this.bot.userId),
    };
  }

  private describeMessage(m: ChannelMessage, withMetadata = false): Record<string, unknown> {
    const out: Record<string, unknown> = { type: "message", ts: m.ts, user: m.user, text: m.text };
    if (withMetadata && m.metadata) out.metadata = m.metadata;
    if (m.user === this.bot.userId) out.bot_id = this.bot.botId;
    if (m.blocks) out.blocks = m.blocks;
    if (m.threadTs) out.thread_ts = m.threadTs;
    if (m.edited) out.edited = { user: m.user };
    if (m.fileIds) out.files = m.fileIds.map((id) => ({ id }));
    return out;
  }

  private describeView(v: WorkspaceView): Record<string, unknown> {
    return { ...v.view, id: v.id, type: v.type, team_id: this.team.id };
  }

  /** Message timestamps as Slack writes them ("1700000000.000100"): unique and increasing. */
  private nextTs(): string {
    const micros = Math.max(Math.floor(this.now() * 1000), this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  private nextId(prefix: string): string {
    this.lastId += 1;
    return `${prefix}${String(this.lastId).padStart(8, "0")}`;
  }
}
