import { describe, expect, it } from "vitest";
import { SlackRefusal, type WorkspaceChange } from "../../src/sandbox/workspace";
import { BOT, DEC_1, testWorkspace } from "./people";

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const modal = (title: string, blocks: unknown[] = [], extra: Record<string, unknown> = {}) => ({
  type: "modal",
  title: { type: "plain_text", text: title },
  submit: { type: "plain_text", text: "Done" },
  blocks,
  ...extra,
});
const input = (blockId: string) => ({
  type: "input",
  block_id: blockId,
  label: { type: "plain_text", text: blockId },
  element: { type: "plain_text_input", action_id: "v" },
});

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SlackRefusal) return error.slackError;
    throw error;
  }
  throw new Error("expected Slack to refuse");
}

describe("workspace: messages", () => {
  it("posts to a channel by id or #name, and to a person's id as their DM with the bot", () => {
    const ws = testWorkspace();
    const a = ws.postMessage({ channel: "C0REVIEW", text: "one" });
    const b = ws.postMessage({ channel: "#general", text: "two" });
    const dm = ws.postMessage({ channel: "U0REP", text: "just you" });
    expect([a.channel, b.channel]).toEqual(["C0REVIEW", "C0GENERAL"]);
    expect(ws.channel(dm.channel)).toMatchObject({ kind: "dm", person: "U0REP" });
    expect(ws.channelsFor("U0REP").map((c) => c.id)).toContain(dm.channel);
    expect(ws.channelsFor("U0ADMIN").map((c) => c.id)).not.toContain(dm.channel);
    expect(a.user).toBe(BOT.userId);
  });

  it("gives every message a Slack ts, increasing even when the clock stands still", () => {
    const ws = testWorkspace();
    const first = ws.postMessage({ channel: "C0REVIEW", text: "a" });
    const second = ws.postMessage({ channel: "C0REVIEW", text: "b" });
    expect(first.ts).toBe("1796133600.000000");
    expect(second.ts).toBe("1796133600.000001");
  });

  it("refuses what Slack refuses: no channel, no content, too many blocks", () => {
    const ws = testWorkspace();
    expect(refusal(() => ws.postMessage({ channel: "C0NOPE", text: "x" }))).toBe("channel_not_found");
    expect(refusal(() => ws.postMessage({ channel: "C0REVIEW" }))).toBe("no_text");
    const blocks = Array.from({ length: 51 }, () => ({ type: "divider" }));
    expect(refusal(() => ws.postMessage({ channel: "C0REVIEW", blocks }))).toBe("invalid_blocks");
    expect(ws.messagesFor("C0REVIEW", "U0ADMIN")).toHaveLength(0);
  });

  it("names blocks and actions that came without ids, as Slack does", () => {
    const ws = testWorkspace();
    const m = ws.postMessage({
      channel: "C0REVIEW",
      blocks: [
        section("a"),
        { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Go" } }] },
      ],
    });
    expect(m.blocks.map((b) => b.block_id)).toEqual(["b0", "b1"]);
    expect(m.blocks[1]?.elements).toEqual([expect.objectContaining({ action_id: "b1-a0" })]);
  });

  it("an ephemeral message is seen only by the person it is for", () => {
    const ws = testWorkspace();
    ws.postMessage({ channel: "C0REVIEW", text: "everyone" });
    ws.postEphemeral({ channel: "C0REVIEW", user: "U0REP", text: "only Riley" });
    expect(ws.messagesFor("C0REVIEW", "U0REP").map((m) => m.text)).toEqual(["everyone", "only Riley"]);
    expect(ws.messagesFor("C0REVIEW", "U0ADMIN").map((m) => m.text)).toEqual(["everyone"]);
    expect(ws.history("C0REVIEW").map((m) => m.text)).toEqual(["everyone"]);
  });

  it("chat.update changes a message in place: same ts, new content, marked edited", () => {
    let now = DEC_1;
    const ws = testWorkspace(() => now);
    const m = ws.postMessage({ channel: "C0REVIEW", text: "draft", blocks: [section("draft")] });
    now += 60_000;
    const updated = ws.update({ channel: "C0REVIEW", ts: m.ts, blocks: [section("final")] });
    expect(updated.ts).toBe(m.ts);
    expect(updated.text).toBe("draft");
    expect(updated.blocks[0]?.text).toEqual({ type: "mrkdwn", text: "final" });
    expect([updated.revision, updated.editedAt]).toEqual([2, now]);
    expect(ws.messagesFor("C0REVIEW", "U0ADMIN")).toHaveLength(1);
    expect(refusal(() => ws.update({ channel: "C0REVIEW", ts: "1.000000", text: "x" }))).toBe(
      "message_not_found",
    );
  });

  it("threads: replies count on the parent, a reply to a reply joins the parent's thread", () => {
    const ws = testWorkspace();
    const parent = ws.postMessage({ channel: "C0REVIEW", text: "pre-read" });
    const r1 = ws.postMessage({ channel: "C0REVIEW", text: "chart", thread_ts: parent.ts });
    ws.postMessage({ channel: "C0REVIEW", text: "more", thread_ts: r1.ts, user: "U0REP" });
    ws.postEphemeral({ channel: "C0REVIEW", user: "U0REP", text: "private", thread_ts: parent.ts });
    expect(ws.replyCount(parent)).toBe(2);
    expect(ws.replies("C0REVIEW", parent.ts).map((m) => m.text)).toEqual(["pre-read", "chart", "more"]);
    expect(ws.history("C0REVIEW").map((m) => m.text)).toEqual(["pre-read"]);
    expect(ws.slackMessage(parent)).toMatchObject({ reply_count: 2, thread_ts: parent.ts });
    ws.delete({ channel: "C0REVIEW", ts: parent.ts });
    expect(ws.messagesFor("C0REVIEW", "U0REP")).toHaveLength(0);
  });

  it("tells subscribers what changed, and for whom", () => {
    const ws = testWorkspace();
    const seen: WorkspaceChange[] = [];
    const stop = ws.subscribe((c) => seen.push(c));
    const m = ws.postEphemeral({ channel: "C0REVIEW", user: "U0REP", text: "x" });
    ws.setUpcoming({ at: DEC_1 + 3600_000, label: "Pre-read" });
    stop();
    ws.postMessage({ channel: "C0REVIEW", text: "unseen" });
    expect(seen).toEqual([
      { kind: "message", channel: "C0REVIEW", ts: m.ts, visibleTo: "U0REP" },
      { kind: "clock" },
    ]);
  });
});

describe("workspace: files", () => {
  it("an upload is shared in a message once completed with a channel", () => {
    const ws = testWorkspace();
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const file = ws.uploadFile({ filename: "pipeline.png", bytes });
    expect(file).toMatchObject({ mimetype: "image/png", path: `/files/${file.id}/pipeline.png` });
    expect(ws.messagesFor("C0REVIEW", "U0ADMIN")).toHaveLength(0);
    const { message } = ws.completeUpload({
      files: [{ id: file.id, title: "Pipeline" }],
      channel_id: "C0REVIEW",
    });
    expect(message?.files).toEqual([file.id]);
    expect(ws.file(file.id)?.title).toBe("Pipeline");
    expect(ws.slackMessage(message as never)).toMatchObject({
      files: [{ id: file.id, size: 4, name: "pipeline.png" }],
    });
    expect(refusal(() => ws.completeUpload({ files: [{ id: "F0NOPE" }] }))).toBe("file_not_found");
  });
});

describe("workspace: modals and the Home tab", () => {
  it("views.open needs a fresh trigger_id and opens for the person who acted", () => {
    const ws = testWorkspace();
    const trigger = ws.issueTrigger("U0REP");
    const view = ws.openView(trigger, modal("New action item", [input("title")]));
    expect(ws.stackOf("U0REP").map((v) => v.id)).toEqual([view.id]);
    expect(ws.stackOf("U0ADMIN")).toHaveLength(0);
    expect(refusal(() => ws.openView(trigger, modal("Again")))).toBe("invalid_trigger_id");
  });

  it("refuses modals Slack refuses: long title, inputs without submit, wrong type", () => {
    const ws = testWorkspace();
    const open = (view: unknown) => () => ws.openView(ws.issueTrigger("U0REP"), view as never);
    expect(refusal(open(modal("A title far longer than twenty-four")))).toBe("invalid_arguments");
    expect(refusal(open({ ...modal("X", [input("a")]), submit: undefined }))).toBe("invalid_arguments");
    expect(refusal(open({ ...modal("X"), type: "home" }))).toBe("invalid_arguments");
  });

  it("push stacks up to three; closing one returns to the one below", () => {
    const ws = testWorkspace();
    const root = ws.openView(ws.issueTrigger("U0REP"), modal("One"));
    const second = ws.pushView(ws.issueTrigger("U0REP"), modal("Two"));
    ws.pushView(ws.issueTrigger("U0REP"), modal("Three"));
    expect(refusal(() => ws.pushView(ws.issueTrigger("U0REP"), modal("Four")))).toBe("push_limit_reached");
    expect(second).toMatchObject({ rootViewId: root.id, previousViewId: root.id });
    const top = ws.stackOf("U0REP")[2];
    ws.closeView("U0REP", top?.id as string);
    expect(ws.stackOf("U0REP").map((v) => v.title)).toEqual(["One", "Two"]);
  });

  it("views.update by id or external_id; a stale hash is a conflict", () => {
    const ws = testWorkspace();
    const view = ws.openView(ws.issueTrigger("U0REP"), modal("One", [], { external_id: "ext-1" }));
    const hash = view.hash;
    const updated = ws.updateView({ external_id: "ext-1", view: modal("Loaded") });
    expect(updated.id).toBe(view.id);
    expect(updated.title).toBe("Loaded");
    expect(refusal(() => ws.updateView({ view_id: view.id, hash, view: modal("Late") }))).toBe(
      "hash_conflict",
    );
  });

  it("a submission answered with errors keeps the modal and what was typed, with the errors beside it", () => {
    const ws = testWorkspace();
    const view = ws.openView(ws.issueTrigger("U0REP"), modal("New item", [input("title"), input("due")]));
    const hashBefore = view.hash;
    ws.recordValues(view.id, { title: { v: { type: "plain_text_input", value: "Call Acme" } } });
    ws.applyViewSubmissionResponse("U0REP", view.id, {
      response_action: "errors",
      errors: { due: "Pick a date" },
    });
    const [shown] = ws.stackOf("U0REP");
    expect(shown?.errors).toEqual({ due: "Pick a date" });
    expect(shown?.values).toEqual({ title: { v: { type: "plain_text_input", value: "Call Acme" } } });
    expect(shown?.hash).not.toBe(hashBefore);
    ws.applyViewSubmissionResponse("U0REP", view.id, null);
    expect(ws.stackOf("U0REP")).toHaveLength(0);
  });

  it("a submission answered with update, push or clear does what Slack does", () => {
    const ws = testWorkspace();
    const view = ws.openView(ws.issueTrigger("U0REP"), modal("One"));
    ws.applyViewSubmissionResponse("U0REP", view.id, { response_action: "update", view: modal("Updated") });
    expect(ws.stackOf("U0REP").map((v) => [v.id, v.title])).toEqual([[view.id, "Updated"]]);
    ws.applyViewSubmissionResponse("U0REP", view.id, { response_action: "push", view: modal("Pushed") });
    expect(ws.stackOf("U0REP").map((v) => v.title)).toEqual(["Updated", "Pushed"]);
    ws.applyViewSubmissionResponse("U0REP", view.id, { response_action: "clear" });
    expect(ws.stackOf("U0REP")).toHaveLength(0);
  });

  it("views.publish sets a person's Home tab, keeping its id across publishes", () => {
    const ws = testWorkspace();
    const first = ws.publishHome({ user_id: "U0REP", view: { type: "home", blocks: [section("v1")] } });
    const second = ws.publishHome({ user_id: "U0REP", view: { type: "home", blocks: [section("v2")] } });
    expect(second.id).toBe(first.id);
    expect(ws.home("U0REP")?.blocks[0]?.text).toEqual({ type: "mrkdwn", text: "v2" });
    expect(ws.home("U0ADMIN")).toBeNull();
    expect(refusal(() => ws.publishHome({ user_id: "U0NOPE", view: { type: "home" } }))).toBe(
      "user_not_found",
    );
    expect(ws.slackView(second)).toMatchObject({ id: first.id, type: "home", app_id: BOT.appId });
  });
});
