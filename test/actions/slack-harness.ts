import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Db, openDatabase } from "../../src/store/db";
import type { HttpReply, TestSlack } from "../slack/harness";

/**
 * Signed interaction payloads as Slack sends them for action items: a control of an item (button,
 * users_select, datepicker) on a message or the Home tab, a modal submission, a block_suggestion.
 */

let counter = 0;
const next = (prefix: string) => `${prefix}${++counter}`;

function post(t: TestSlack, payload: Record<string, unknown>): Promise<HttpReply> {
  return t.signed(
    new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    "application/x-www-form-urlencoded",
  );
}

const common = (userId: string) => ({
  team: { id: "T1", domain: "acme" },
  user: { id: userId, username: userId.toLowerCase(), team_id: "T1" },
  api_app_id: "A1",
  token: "legacy",
});

export interface ControlClick {
  actionId: string;
  /** the actions block's id (an item's ref) */
  blockId: string;
  userId: string;
  type?: "button" | "users_select" | "datepicker";
  value?: string;
  selectedUser?: string;
  selectedDate?: string;
  /** the message clicked on (channel, ts); the Home tab when "home" */
  on: { channel: string; ts: string } | "home";
  responseId?: string;
}

/** A click on an item's control; response_url posts are recorded with `responseId`. */
export function clickControl(
  t: TestSlack,
  c: ControlClick,
): { reply: Promise<HttpReply>; responseId: string } {
  const responseId = c.responseId ?? next("act");
  const onHome = c.on === "home";
  const where = c.on as { channel: string; ts: string };
  const action: Record<string, unknown> = {
    type: c.type ?? "button",
    action_id: c.actionId,
    block_id: c.blockId,
    action_ts: "1.2",
  };
  if (c.value !== undefined) action.value = c.value;
  if (c.selectedUser !== undefined) action.selected_user = c.selectedUser;
  if (c.selectedDate !== undefined) action.selected_date = c.selectedDate;
  const payload: Record<string, unknown> = {
    type: "block_actions",
    ...common(c.userId),
    trigger_id: `${c.userId}.${next("trig")}`,
    actions: [action],
  };
  if (onHome) {
    payload.container = { type: "view", view_id: "VHOME" };
    payload.view = { id: "VHOME", type: "home" };
  } else {
    payload.container = {
      type: "message",
      message_ts: where.ts,
      channel_id: where.channel,
      is_ephemeral: false,
    };
    payload.channel = { id: where.channel, name: "revenue" };
    payload.message = { ts: where.ts };
    payload.response_url = t.fake.responseUrl(responseId, { channel: where.channel, user: c.userId });
  }
  return { reply: post(t, payload), responseId };
}

export interface Submission {
  callbackId: string;
  userId: string;
  privateMetadata: string;
  values: Record<string, Record<string, Record<string, unknown>>>;
  viewId?: string;
}

/** A modal's view_submission; the reply is the ack (empty to close, or response_action errors). */
export function submitView(t: TestSlack, s: Submission): Promise<HttpReply> {
  return post(t, {
    type: "view_submission",
    ...common(s.userId),
    trigger_id: `${s.userId}.${next("trig")}`,
    view: {
      id: s.viewId ?? next("VSUB"),
      type: "modal",
      callback_id: s.callbackId,
      private_metadata: s.privateMetadata,
      state: { values: s.values },
      hash: "h",
    },
  });
}

/** An external_select's options request. */
export function suggest(
  t: TestSlack,
  o: { actionId: string; blockId: string; value: string; userId: string },
) {
  return post(t, {
    type: "block_suggestion",
    ...common(o.userId),
    action_id: o.actionId,
    block_id: o.blockId,
    value: o.value,
    container: { type: "view", view_id: "VMODAL" },
    view: { id: "VMODAL", type: "modal" },
  });
}

/** An empty database of its own. */
export function emptyDb(): { db: Db; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-actions-"));
  const db = openDatabase(path.join(dir, "rituals.db"));
  return {
    db,
    close: () => {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
