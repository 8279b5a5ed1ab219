import { LogLevel, webApi } from "@slack/bolt";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FakeSlackApi } from "../../src/sandbox/fake-slack-api";
import { Workspace } from "../../src/sandbox/workspace";

const TOKEN = "xoxb-sandbox-not-real";

let fake: FakeSlackApi;
let workspace: Workspace;
let now: number;
let client: webApi.WebClient;

/** The Slack error code a call failed with (the Web API client throws on ok: false). */
async function errorOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error ?? String(error);
  }
  throw new Error("the call succeeded");
}

const silent = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const clientFor = (token: string, retries = 0) =>
  new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    logger: silent,
    retryConfig: { retries, minTimeout: 5, maxTimeout: 10 },
  });

beforeEach(async () => {
  now = Date.UTC(2026, 10, 24, 9, 0, 0);
  workspace = new Workspace({ now: () => now });
  workspace.users.set("UANA", { name: "ana", realName: "Ana Lima", email: "ana@acme.example", tz: "UTC" });
  workspace.users.set("UBO", { name: "bo" });
  workspace.addChannel({ id: "C1", name: "revenue", members: ["UANA", "UBOT"] });
  fake = await new FakeSlackApi({ workspace, botToken: TOKEN }).start();
  client = clientFor(TOKEN);
});
afterEach(async () => {
  await fake.stop();
});

describe("the fake Slack Web API", () => {
  it("checks the bot token as Slack does", async () => {
    expect(await errorOf(clientFor("xoxb-wrong").auth.test())).toBe("invalid_auth");
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: "UBOT", team_id: "T1" });
    expect(fake.callsOf("auth.test")).toHaveLength(2);
  });

  it("answers users.info with the profile email, or user_not_found", async () => {
    const info = await client.users.info({ user: "UANA" });
    expect(info.user?.profile?.email).toBe("ana@acme.example");
    expect(info.user?.real_name).toBe("Ana Lima");
    expect(info.user?.tz).toBe("UTC");
    expect((await client.users.info({ user: "UBO" })).user?.profile?.email).toBeUndefined();
    expect(await errorOf(client.users.info({ user: "UNOBODY" }))).toBe("user_not_found");
  });

  it("posts and updates channel messages with increasing timestamps", async () => {
    const first = await client.chat.postMessage({ channel: "C1", text: "first" });
    const second = await client.chat.postMessage({
      channel: "C1",
      text: "second",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "*second*" } }],
      thread_ts: first.ts as string,
      reply_broadcast: true,
    });
    expect(first.ts).toBe("1795510800.000000");
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    const updated = await client.chat.update({
      channel: "C1",
      ts: first.ts as string,
      text: "first, edited",
    });
    expect(updated.text).toBe("first, edited");
    const history = await client.conversations.history({ channel: "C1" });
    expect(history.messages?.map((m) => [m.text, m.thread_ts ?? null, Boolean(m.edited)])).toEqual([
      ["second", first.ts, false],
      // a parent with replies carries its own ts as thread_ts, as Slack answers
      ["first, edited", first.ts, true],
    ]);
    expect(workspace.messages[1]?.blocks).toEqual([
      { type: "section", text: { type: "mrkdwn", text: "*second*" } },
    ]);
  });

  it("refuses what Slack refuses when posting", async () => {
    expect(await errorOf(client.chat.postMessage({ channel: "C404", text: "x" }))).toBe("channel_not_found");
    expect(await errorOf(client.chat.postMessage({ channel: "C1", text: "" }))).toBe("no_text");
    expect(await errorOf(client.chat.update({ channel: "C1", ts: "1.000000", text: "x" }))).toBe(
      "message_not_found",
    );
    expect(await errorOf(client.chat.postEphemeral({ channel: "C1", user: "UBO", text: "x" }))).toBe(
      "user_not_in_channel",
    );
    expect(await errorOf(client.apiCall("chat.scheduleMessage", { channel: "C1" }))).toBe("unknown_method");
  });

  it("keeps ephemeral messages to the user they were for", async () => {
    const sent = await client.chat.postEphemeral({ channel: "C1", user: "UANA", text: "only you" });
    expect(sent.message_ts).toBeDefined();
    expect(workspace.ephemerals).toEqual([
      { channel: "C1", user: "UANA", ts: sent.message_ts, text: "only you" },
    ]);
    expect((await client.conversations.history({ channel: "C1" })).messages).toEqual([]);
  });

  it("opens a direct message on first use and posts to a user id there", async () => {
    const opened = await client.conversations.open({ users: "UBO" });
    expect(opened.channel?.id).toBe("DBO");
    const posted = await client.chat.postMessage({ channel: "UBO", text: "hello" });
    expect(posted.channel).toBe("DBO");
    expect((await client.conversations.info({ channel: "DBO" })).channel).toMatchObject({ is_im: true });
    expect((await client.conversations.members({ channel: "C1" })).members).toEqual(["UANA", "UBOT"]);
    expect(await errorOf(client.conversations.open({ users: "UNOBODY" }))).toBe("user_not_found");
  });

  it("publishes a Home tab per user, keeping its view id", async () => {
    const home = { type: "home" as const, blocks: [{ type: "divider" as const }] };
    const first = await client.views.publish({ user_id: "UANA", view: home });
    const again = await client.views.publish({ user_id: "UANA", view: { ...home, blocks: [] } });
    expect(again.view?.id).toBe(first.view?.id);
    expect(workspace.home("UANA")?.blocks).toEqual([]);
    expect(workspace.home("UBO")).toBeNull();
  });

  it("stacks modals up to three and updates one by id or external id", async () => {
    const modal = (title: string, externalId?: string) => ({
      type: "modal" as const,
      title: { type: "plain_text" as const, text: title },
      blocks: [],
      ...(externalId ? { external_id: externalId } : {}),
    });
    const opened = await client.views.open({ trigger_id: "UANA.1", view: modal("One") });
    await client.views.push({ trigger_id: "UANA.2", view: modal("Two", "two") });
    await client.views.push({ trigger_id: "UANA.3", view: modal("Three") });
    expect(await errorOf(client.views.push({ trigger_id: "UANA.4", view: modal("Four") }))).toBe(
      "push_limit_reached",
    );
    await client.views.update({ view_id: opened.view?.id as string, view: modal("One, again") });
    await client.views.update({ external_id: "two", view: modal("Two, again") });
    expect(workspace.stackOf("UANA").map((v) => v.title)).toEqual(["One, again", "Two, again", "Three"]);
    expect(await errorOf(client.views.update({ view_id: "V404", view: modal("x") }))).toBe("not_found");
  });

  it("takes a file through the upload flow and shares it in the channel", async () => {
    const bytes = Buffer.from("%PDF-1.7 not really a pdf");
    const done = await client.filesUploadV2({
      channel_id: "C1",
      file: bytes,
      filename: "pre-read.pdf",
      title: "Month close pre-read",
      initial_comment: "The pre-read for Monday",
    });
    expect(done.ok).toBe(true);
    const [file] = [...workspace.files.values()];
    expect(file).toMatchObject({ name: "pre-read.pdf", title: "Month close pre-read", channels: ["C1"] });
    expect(file?.bytes?.equals(bytes)).toBe(true);
    expect(workspace.messages.at(-1)).toMatchObject({
      channel: "C1",
      text: "The pre-read for Monday",
      fileIds: [file?.id],
    });
    expect(fake.callsOf("file_upload")).toHaveLength(1);
  });

  it("takes raw bytes at an upload URL and completes only uploads that arrived", async () => {
    const first = await client.files.getUploadURLExternal({ filename: "a.csv", length: 4 });
    const second = await client.files.getUploadURLExternal({ filename: "b.csv", length: 4 });
    const put = await fetch(first.upload_url as string, { method: "POST", body: "a,b\n" });
    expect([put.status, await put.text()]).toEqual([200, "OK - 4"]);
    expect(workspace.files.get(first.file_id as string)?.bytes?.toString()).toBe("a,b\n");
    const unknown = await fetch(`${fake.apiUrl.replace("/api/", "")}/upload/F404`, {
      method: "POST",
      body: "x",
    });
    expect(unknown.status).toBe(404);
    expect(
      await errorOf(client.files.completeUploadExternal({ files: [{ id: second.file_id as string }] })),
    ).toBe("file_not_found");
    const done = await client.files.completeUploadExternal({ files: [{ id: first.file_id as string }] });
    expect(done.files?.map((f) => f.name)).toEqual(["a.csv"]);
    expect(workspace.messages).toEqual([]);
  });

  it("retries after an injected 500 as Slack's clients do, recording both calls", async () => {
    fake.failNext("users.info", { status: 500 });
    const retrying = clientFor(TOKEN, 1);
    expect((await retrying.users.info({ user: "UANA" })).ok).toBe(true);
    expect(fake.callsOf("users.info")).toHaveLength(2);
  });
});

describe("response_url", () => {
  const post = (url: string, body: Record<string, unknown>) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  it("answers ok and puts each kind of response where Slack shows it", async () => {
    const command = fake.responseUrl("cmd1", { channel: "C1", user: "UANA" });
    const reply = await post(command, { response_type: "ephemeral", text: "private" });
    expect([reply.status, await reply.text()]).toEqual([200, "ok"]);
    await post(command, { response_type: "in_channel", text: "for everyone" });
    expect(workspace.ephemerals.map((m) => [m.user, m.text])).toEqual([["UANA", "private"]]);
    const shared = workspace.messages.at(-1);
    expect(shared).toMatchObject({ channel: "C1", user: "UBOT", text: "for everyone" });

    const click = fake.responseUrl("click1", {
      channel: "C1",
      user: "UANA",
      messageTs: shared?.ts as string,
    });
    await post(click, { replace_original: true, text: "page 2" });
    expect(workspace.messages.map((m) => [m.text, m.edited ?? false])).toEqual([["page 2", true]]);
    await post(click, { delete_original: true });
    expect(workspace.messages).toEqual([]);
    expect(fake.callsOf("response_url").map((c) => c.responseId)).toEqual([
      "cmd1",
      "cmd1",
      "click1",
      "click1",
    ]);
  });

  it("records a post to a response_url issued without a conversation", async () => {
    const reply = await post(fake.responseUrl("r1"), { text: "recorded" });
    expect(reply.status).toBe(200);
    expect((await fake.waitFor((c) => c.responseId === "r1")).body).toEqual({ text: "recorded" });
    expect(workspace.ephemerals).toEqual([]);
  });
});
