/**
 * The Slack Web API methods the app calls, answered from the one Workspace the page shows, the way
 * Slack answers them: `{ ok: true, … }`, or `{ ok: false, error }` with Slack's error code (the
 * workspace's SlackRefusal). Synchronous and clocked; the HTTP side (routes, recording, injected
 * failures) is fake-slack-api.ts.
 */
import { SlackRefusal, type ViewArgs, type Workspace, type WorkspaceChannel } from "./workspace";

export type ApiArgs = Record<string, unknown>;
export type ApiResult = { ok: true; [field: string]: unknown } | { ok: false; error: string };

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const truthy = (v: unknown): boolean => v === true || v === "true" || v === "1";

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

function viewOf(args: ApiArgs): ViewArgs {
  const view = args.view;
  if (!view || typeof view !== "object") throw new SlackRefusal("invalid_arguments", "view is required");
  return view as ViewArgs;
}

function describeChannel(ws: Workspace, c: WorkspaceChannel): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    is_channel: c.kind === "channel",
    is_im: c.kind === "dm",
    ...(c.kind === "dm" ? { user: c.person } : {}),
    is_member: ws.membersOf(c).includes(ws.bot.userId),
  };
}

/** A message as conversations.history returns it: metadata only when asked for. */
function historyMessage(ws: Workspace, m: Parameters<Workspace["slackMessage"]>[0], withMetadata: boolean) {
  const out = ws.slackMessage(m);
  if (!withMetadata) delete out.metadata;
  return out;
}

type Method = (ws: Workspace, args: ApiArgs) => Record<string, unknown>;

const METHODS: Record<string, Method> = {
  "auth.test": (ws) => ({
    url: `https://${ws.teamDomain}.slack.com/`,
    team: ws.teamDomain,
    team_id: ws.teamId,
    user: ws.bot.name,
    user_id: ws.bot.userId,
    bot_id: ws.bot.botId,
  }),
  "users.info": (ws, args) => {
    const id = text(args.user) ?? "";
    const user = ws.users.get(id);
    if (!user) throw new SlackRefusal("user_not_found");
    const name = user.name ?? id.toLowerCase();
    const profile: Record<string, unknown> = { real_name: user.realName ?? name, display_name: name };
    if (user.email !== undefined) profile.email = user.email;
    return {
      user: { id, team_id: ws.teamId, name, real_name: user.realName ?? name, tz: user.tz, profile },
    };
  },
  "conversations.info": (ws, args) => {
    const channel = ws.channel(text(args.channel) ?? "");
    if (!channel) throw new SlackRefusal("channel_not_found");
    return { channel: describeChannel(ws, channel) };
  },
  "conversations.members": (ws, args) => {
    const channel = ws.channel(text(args.channel) ?? "");
    if (!channel) throw new SlackRefusal("channel_not_found");
    return { members: ws.membersOf(channel), response_metadata: { next_cursor: "" } };
  },
  "conversations.open": (ws, args) => {
    const ids = (text(args.users) ?? "").split(",").filter(Boolean);
    if (ids.length === 0) throw new SlackRefusal("users_list_not_supplied");
    // multi-person DMs are not modelled
    if (ids.length > 1) throw new SlackRefusal("not_implemented");
    return { channel: { id: ws.openDm(ids[0] as string).id } };
  },
  "conversations.history": (ws, args) => {
    const oldest = Number(args.oldest ?? 0);
    const latest = args.latest === undefined ? Number.POSITIVE_INFINITY : Number(args.latest);
    const withMetadata = truthy(args.include_all_metadata);
    const messages = ws
      .history(text(args.channel) ?? "")
      .filter((m) => Number(m.ts) >= oldest && Number(m.ts) <= latest);
    return {
      messages: messages.map((m) => historyMessage(ws, m, withMetadata)),
      has_more: false,
      response_metadata: { next_cursor: "" },
    };
  },
  "conversations.replies": (ws, args) => ({
    messages: ws
      .replies(text(args.channel) ?? "", text(args.ts) ?? "")
      .map((m) => historyMessage(ws, m, truthy(args.include_all_metadata))),
    has_more: false,
  }),
  "chat.postMessage": (ws, args) => {
    const metadata = metadataOf(args.metadata);
    const threadTs = text(args.thread_ts);
    const message = ws.postMessage({
      channel: text(args.channel) ?? "",
      text: text(args.text) ?? "",
      blocks: args.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      reply_broadcast: truthy(args.reply_broadcast),
      ...(metadata ? { metadata } : {}),
    });
    return { channel: message.channel, ts: message.ts, message: ws.slackMessage(message) };
  },
  "chat.update": (ws, args) => {
    const channel = text(args.channel) ?? "";
    if (!ws.channel(channel)) throw new SlackRefusal("channel_not_found");
    const metadata = metadataOf(args.metadata);
    const message = ws.update({
      channel,
      ts: text(args.ts) ?? "",
      ...(args.text !== undefined ? { text: text(args.text) ?? "" } : {}),
      ...(args.blocks !== undefined ? { blocks: args.blocks } : {}),
      ...(metadata ? { metadata } : {}),
    });
    return { channel, ts: message.ts, text: message.text, message: ws.slackMessage(message) };
  },
  "chat.postEphemeral": (ws, args) => {
    const threadTs = text(args.thread_ts);
    const message = ws.postEphemeral({
      channel: text(args.channel) ?? "",
      user: text(args.user) ?? "",
      text: text(args.text) ?? "",
      blocks: args.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { message_ts: message.ts };
  },
  "chat.delete": (ws, args) => {
    const channel = text(args.channel) ?? "";
    const ts = text(args.ts) ?? "";
    ws.delete({ channel, ts });
    return { channel, ts };
  },
  "views.publish": (ws, args) => {
    const userId = text(args.user_id);
    if (!userId) throw new SlackRefusal("invalid_arguments", "user_id is required");
    const hash = text(args.hash);
    return {
      view: ws.slackView(ws.publishHome({ user_id: userId, view: viewOf(args), ...(hash ? { hash } : {}) })),
    };
  },
  "views.open": (ws, args) => ({
    view: ws.slackView(ws.openView(text(args.trigger_id) ?? "", viewOf(args))),
  }),
  "views.push": (ws, args) => ({
    view: ws.slackView(ws.pushView(text(args.trigger_id) ?? "", viewOf(args))),
  }),
  "views.update": (ws, args) => {
    const viewId = text(args.view_id);
    const externalId = text(args.external_id);
    const hash = text(args.hash);
    const updated = ws.updateView({
      ...(viewId ? { view_id: viewId } : {}),
      ...(externalId ? { external_id: externalId } : {}),
      ...(hash ? { hash } : {}),
      view: viewOf(args),
    });
    return { view: ws.slackView(updated) };
  },
  "files.getUploadURLExternal": (ws, args) => {
    const file = ws.startUpload({ filename: text(args.filename) ?? "", length: Number(args.length) });
    // the HTTP side turns this path into a URL on its own address
    return { upload_url: `/upload/${file.id}`, file_id: file.id };
  },
  "files.completeUploadExternal": (ws, args) => {
    const entries = Array.isArray(args.files) ? (args.files as { id?: unknown; title?: unknown }[]) : [];
    const threadTs = text(args.thread_ts);
    const channelId = text(args.channel_id);
    const comment = text(args.initial_comment);
    const { files } = ws.completeUpload({
      files: entries.map((e) => {
        const title = text(e.title);
        return { id: text(e.id) ?? "", ...(title ? { title } : {}) };
      }),
      ...(channelId ? { channel_id: channelId } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(comment ? { initial_comment: comment } : {}),
    });
    return { files: files.map((f) => ({ id: f.id, name: f.name, title: f.title, size: f.length })) };
  },
};

/** One Web API call on the workspace; unknown methods fail as Slack's do. */
export function answerWebApi(ws: Workspace, method: string, args: ApiArgs): ApiResult {
  const handler = METHODS[method];
  if (!handler) return { ok: false, error: "unknown_method" };
  try {
    return { ok: true, ...handler(ws, args) };
  } catch (error) {
    if (error instanceof SlackRefusal) return { ok: false, error: error.slackError };
    throw error;
  }
}
