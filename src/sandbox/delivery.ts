/**
 * What the page's person does, delivered to the app as Slack delivers it: signed HTTP requests to
 * its receiver — slash commands form-encoded, interactions (block_actions, block_suggestion,
 * view_submission, view_closed) as a form-encoded `payload`, events (app_home_opened) as JSON —
 * each with Slack's fields and, where Slack gives one, a response_url on the sandbox's Web API
 * whose posts land where Slack would put them. The app's acknowledgement is read as Slack reads
 * it: a command's reply body is shown to the person, a submission's body decides what the modal
 * does. The signature is over the real time (as Slack's is); the app's clock is the sandbox's.
 */
import crypto from "node:crypto";
import { AppError } from "../errors";
import type { FakeSlackApi } from "./fake-slack-api";
import { suggestedOptions } from "./page-payloads";
import type { PageHandlers } from "./page-server";
import { SLACKBOT_ID, type ViewSubmissionResponse, type Workspace } from "./workspace";

export interface DeliveryOptions {
  workspace: Workspace;
  api: FakeSlackApi;
  /** the app's request URL, e.g. http://127.0.0.1:53211/slack/events */
  appUrl: string;
  signingSecret: string;
  /** moves the clock to the next scheduled post or reminder and lets it happen */
  clockNext: () => Promise<void>;
  /** the app's answer must arrive within this (Slack waits 3 s; the sandbox is kinder) */
  timeoutMs?: number;
}

/** The app did not acknowledge a request as Slack needs it to. */
export class DeliveryError extends AppError {
  constructor(message: string) {
    super("sandbox_delivery_failed", message);
    this.name = "DeliveryError";
  }
}

interface Ack {
  status: number;
  text: string;
}

/** Slack's request signature: v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function signedDelivery(options: DeliveryOptions): PageHandlers {
  const link = deliveryLink(options);
  return {
    command: (request) => deliverCommand(link, request),
    action: (request) => deliverAction(link, request),
    viewSubmit: (request) => deliverViewSubmit(link, request),
    suggest: (request) => deliverSuggest(link, request),
    viewClose: (request) => deliverViewClose(link, request),
    homeOpened: (request) => deliverHomeOpened(link, request),
    clockNext: () => options.clockNext(),
  };
}

/** What every delivery shares: the app's address and secret, the workspace's team, fresh ids. */
interface Link {
  workspace: Workspace;
  api: FakeSlackApi;
  team: { id: string; domain: string };
  userOf: (id: string) => { id: string; username: string; name: string; team_id: string };
  nextId: (prefix: string) => string;
  send: (body: string, contentType: string) => Promise<Ack>;
  /** an interaction payload, form-encoded as Slack sends it */
  interaction: (payload: Record<string, unknown>) => Promise<Ack>;
}

function deliveryLink(options: DeliveryOptions): Link {
  const { workspace, api } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let sequence = 0;
  const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${(++sequence).toString(36)}`;
  const team = { id: workspace.teamId, domain: workspace.teamDomain };
  const userOf = (id: string) => ({
    id,
    username: workspace.users.get(id)?.name ?? id.toLowerCase(),
    name: workspace.users.get(id)?.name ?? id.toLowerCase(),
    team_id: workspace.teamId,
  });

  async function send(body: string, contentType: string): Promise<Ack> {
    const timestamp = Math.floor(Date.now() / 1000);
    let res: Response;
    try {
      res = await fetch(options.appUrl, {
        method: "POST",
        body,
        headers: {
          "content-type": contentType,
          "x-slack-request-timestamp": String(timestamp),
          "x-slack-signature": slackSignature(options.signingSecret, timestamp, body),
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new DeliveryError(`the app at ${options.appUrl} did not answer: ${(error as Error).message}`);
    }
    return { status: res.status, text: await res.text() };
  }

  const interaction = (payload: Record<string, unknown>) =>
    send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      "application/x-www-form-urlencoded",
    );

  return { workspace, api, team, userOf, nextId, send, interaction };
}

/** What Slack shows when an app fails a command: a Slackbot note only the person sees. */
function failed(workspace: Workspace, channel: string, user: string, command: string, ack: Ack): void {
  workspace.postEphemeral({
    channel,
    user,
    author: SLACKBOT_ID,
    text: `\`${command}\` failed with the error "${ack.status === 404 ? "dispatch_unknown_error" : "dispatch_failed"}" (HTTP ${ack.status})`,
  });
}

/** A slash command, form-encoded; a reply in the acknowledgement is shown to the person. */
async function deliverCommand(
  link: Link,
  { user, channel, command, text, triggerId }: Parameters<PageHandlers["command"]>[0],
): Promise<void> {
  const { workspace, api, team, userOf, nextId, send } = link;
  const conversation = workspace.channel(channel);
  const context = { channel, user };
  const body = new URLSearchParams({
    token: "sandbox-verification-token",
    team_id: team.id,
    team_domain: team.domain,
    channel_id: channel,
    channel_name: conversation?.kind === "dm" ? "directmessage" : (conversation?.name ?? channel),
    user_id: user,
    user_name: userOf(user).username,
    command,
    text,
    api_app_id: workspace.bot.appId,
    is_enterprise_install: "false",
    response_url: api.responseUrl(nextId("cmd-"), context),
    trigger_id: triggerId,
  }).toString();
  const ack = await send(body, "application/x-www-form-urlencoded");
  if (ack.status !== 200) return failed(workspace, channel, user, command, ack);
  if (!ack.text) return;
  // A reply in the acknowledgement: JSON as a response_url post, plain text as an ephemeral note.
  const json = parseJson(ack.text);
  workspace.respond(context, json ?? { text: ack.text });
}

/** A button or menu in a message or a view: block_actions, with a response_url for messages. */
async function deliverAction(
  link: Link,
  { user, triggerId, action, container, message, view }: Parameters<PageHandlers["action"]>[0],
): Promise<void> {
  const { workspace, api, team, userOf, nextId, interaction } = link;
  const base = {
    type: "block_actions",
    team,
    user: userOf(user),
    api_app_id: workspace.bot.appId,
    token: "sandbox-verification-token",
    trigger_id: triggerId,
    is_enterprise_install: false,
    actions: [action],
  };
  if (container.type === "message") {
    const conversation = workspace.channel(container.channelId);
    await interaction({
      ...base,
      container: {
        type: "message",
        message_ts: container.messageTs,
        channel_id: container.channelId,
        is_ephemeral: container.isEphemeral,
      },
      channel: { id: container.channelId, name: conversation?.name ?? container.channelId },
      // Slack sends the message only when it is not ephemeral
      ...(container.isEphemeral || !message ? {} : { message }),
      state: { values: {} },
      response_url: api.responseUrl(nextId("act-"), {
        channel: container.channelId,
        user,
        messageTs: container.messageTs,
      }),
    });
    return;
  }
  await interaction({
    ...base,
    container: { type: "view", view_id: container.viewId },
    view,
    ...(view?.state ? { state: view.state } : {}),
  });
}

/** A modal's submission: view_submission; the acknowledgement's body decides what the modal does. */
async function deliverViewSubmit(
  link: Link,
  { user, triggerId, view }: Parameters<PageHandlers["viewSubmit"]>[0],
): Promise<ViewSubmissionResponse | null> {
  const { workspace, team, userOf, interaction } = link;
  const ack = await interaction({
    type: "view_submission",
    team,
    user: userOf(user),
    api_app_id: workspace.bot.appId,
    token: "sandbox-verification-token",
    trigger_id: triggerId,
    view,
    response_urls: [],
    is_enterprise_install: false,
  });
  if (ack.status !== 200) {
    throw new DeliveryError(`the app answered the submission with HTTP ${ack.status}`);
  }
  if (!ack.text) return null;
  const json = parseJson(ack.text);
  if (!json)
    throw new DeliveryError(`the app answered the submission with text Slack cannot read: ${ack.text}`);
  return json as ViewSubmissionResponse;
}

/** An external select's search: block_suggestion; the options the app answered. */
async function deliverSuggest(
  link: Link,
  { user, blockId, actionId, value, view }: Parameters<NonNullable<PageHandlers["suggest"]>>[0],
): Promise<Record<string, unknown>[]> {
  const { workspace, team, userOf, interaction } = link;
  const ack = await interaction({
    type: "block_suggestion",
    team,
    user: userOf(user),
    api_app_id: workspace.bot.appId,
    token: "sandbox-verification-token",
    container: { type: "view", view_id: view.id },
    view,
    block_id: blockId,
    action_id: actionId,
    value,
    is_enterprise_install: false,
  });
  if (ack.status !== 200)
    throw new DeliveryError(`the app answered block_suggestion with HTTP ${ack.status}`);
  return suggestedOptions(parseJson(ack.text)) as unknown as Record<string, unknown>[];
}

/** A modal closed that asked to be told: view_closed. */
async function deliverViewClose(
  link: Link,
  { user, view, isCleared }: Parameters<PageHandlers["viewClose"]>[0],
): Promise<void> {
  const { workspace, team, userOf, interaction } = link;
  await interaction({
    type: "view_closed",
    team,
    user: userOf(user),
    api_app_id: workspace.bot.appId,
    token: "sandbox-verification-token",
    view,
    is_cleared: isCleared,
    is_enterprise_install: false,
  });
}

/** The Home tab opened: the app_home_opened event, as JSON. */
async function deliverHomeOpened(
  link: Link,
  { user, channel, view }: Parameters<PageHandlers["homeOpened"]>[0],
): Promise<void> {
  const { workspace, team, nextId, send } = link;
  const eventTs = (Date.now() / 1000).toFixed(6);
  const body = JSON.stringify({
    token: "sandbox-verification-token",
    team_id: team.id,
    api_app_id: workspace.bot.appId,
    type: "event_callback",
    event_id: nextId("Ev"),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team.id, user_id: workspace.bot.userId, is_bot: true }],
    event: {
      type: "app_home_opened",
      user,
      channel,
      tab: "home",
      ...(view ? { view } : {}),
      event_ts: eventTs,
    },
  });
  const ack = await send(body, "application/json");
  if (ack.status !== 200) throw new DeliveryError(`the app answered app_home_opened with HTTP ${ack.status}`);
}
