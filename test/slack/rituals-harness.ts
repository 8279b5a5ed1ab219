import { RitualModalIds } from "../../blocks/ritual-modal";
import type { FakeSlackApi } from "../../src/sandbox/fake-slack-api";
import type { WorkspaceUser } from "../../src/sandbox/workspace";
import type { RitualsService } from "../../src/slack/rituals-service";
import type { Db } from "../../src/store/db";
import { ritualsDb } from "../rituals/helpers";
import { type HttpReply, startTestSlack, type TestSlack } from "./harness";

/**
 * /rituals through the real Bolt app: slash commands whose trigger_id names the user (so the fake
 * workspace files the modal under them), and a person's input in the open modal sent back as
 * Slack sends it: Enter in a dispatching input (block_actions with the view's state) and Submit
 * (view_submission).
 */

export const NOW = "2026-11-20T12:00:00Z";
export const ADMIN = "U0ADMIN01";
export const FACILITATOR = "U0FACIL01";
export const REP = "U0REP0001";

export interface RitualsSlack extends TestSlack {
  db: Db;
  /** a slash command typed by `user` in C1 */
  rituals: (text: string, user: string, responseId?: string) => Promise<HttpReply>;
  /** the modal on top of `user`'s stack */
  modal: (user: string) => { id: string; view: Record<string, unknown> };
  /** Enter in the modal's `blockId` input (or a new kind), with `typed` changes to the form first */
  dispatch: (user: string, blockId: string, typed?: Typed) => Promise<HttpReply>;
  /** Submit, with `typed` changes to the form as prefilled; `from`: the modal of another user */
  submit: (user: string, typed?: Typed, from?: string) => Promise<HttpReply>;
  /** the answer a response_url got */
  response: (responseId: string) => Promise<Record<string, unknown>>;
}

/** What a person typed or picked, by block id ("ritual_agenda" for the agenda, whatever its revision). */
export type Typed = Record<string, string | boolean | null>;

type Element = Record<string, unknown> & { type: string; action_id: string };
type Values = Record<string, Record<string, Record<string, unknown>>>;

/** The form's state as Slack would send it: prefilled values, then what was typed. */
function stateOf(blocks: unknown[], typed: Typed): Values {
  const values: Values = {};
  for (const b of blocks as { type: string; block_id: string; element?: Element }[]) {
    if (b.type !== "input" || !b.element) continue;
    const key = b.block_id.startsWith(`${RitualModalIds.agendaBlock}_`)
      ? RitualModalIds.agendaBlock
      : b.block_id;
    const has = key in typed;
    const t = typed[key];
    const e = b.element;
    let value: Record<string, unknown>;
    switch (e.type) {
      case "plain_text_input":
        value = { value: has ? t : ((e.initial_value as string | undefined) ?? null) };
        break;
      case "static_select":
        value = { selected_option: has ? { value: t } : (e.initial_option ?? null) };
        break;
      case "conversations_select":
        value = {
          selected_conversation: has
            ? t
            : (e.initial_conversation ?? (e.default_to_current_conversation ? "C1" : null)),
        };
        break;
      case "users_select":
        value = { selected_user: has ? t : (e.initial_user ?? null) };
        break;
      case "checkboxes":
        value = {
          selected_options: has
            ? t
              ? [{ value: RitualModalIds.businessDayOption }]
              : []
            : ((e.initial_options as unknown[]) ?? []),
        };
        break;
      default:
        throw new Error(`no state for ${e.type}`);
    }
    values[b.block_id] = { [e.action_id]: { type: e.type, ...value } };
  }
  return values;
}

export async function startRitualsSlack(
  options: {
    users?: Record<string, WorkspaceUser>;
    now?: () => Date;
    /** the rituals runtime, given the database and the fake Slack */
    rituals?: (db: Db, fake: FakeSlackApi) => RitualsService;
  } = {},
): Promise<RitualsSlack> {
  const { db } = ritualsDb();
  const { rituals } = options;
  const t = await startTestSlack({
    db,
    admins: [ADMIN],
    clock: options.now ?? (() => new Date(NOW)),
    ...(rituals ? { rituals: (fake: FakeSlackApi) => rituals(db, fake) } : {}),
  });
  for (const id of [ADMIN, FACILITATOR, REP]) t.fake.users.set(id, { name: id.toLowerCase() });
  for (const [id, user] of Object.entries(options.users ?? {})) t.fake.users.set(id, user);
  let counter = 0;
  const form = (payload: unknown) =>
    t.signed(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      "application/x-www-form-urlencoded",
    );
  const modal = (user: string) => {
    const top = t.fake.workspace.stackOf(user).at(-1);
    if (!top) throw new Error(`no modal open for ${user}`);
    return { id: top.id, view: t.fake.workspace.slackView(top) };
  };
  const viewPayload = (user: string, typed: Typed) => {
    const { view } = modal(user);
    return {
      ...(view as { id: string; blocks: unknown[] }),
      state: { values: stateOf(view.blocks as unknown[], typed) },
    };
  };
  const common = (user: string) => ({
    team: { id: "T1", domain: "acme" },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: "T1" },
    api_app_id: "A1",
    token: "legacy",
    trigger_id: `${user}.trigger.${++counter}`,
  });
  return {
    ...t,
    db,
    rituals: (text, user, responseId) => {
      const body = new URLSearchParams({
        token: "legacy",
        team_id: "T1",
        team_domain: "acme",
        channel_id: "C1",
        channel_name: "revenue",
        user_id: user,
        user_name: user.toLowerCase(),
        command: "/rituals",
        text,
        api_app_id: "A1",
        response_url: t.fake.responseUrl(responseId ?? `r-${++counter}`),
        trigger_id: `${user}.trigger.${++counter}`,
      }).toString();
      return t.signed(body, "application/x-www-form-urlencoded");
    },
    modal,
    dispatch: (user, blockId, typed = {}) => {
      const view = viewPayload(user, typed);
      const block = (view.blocks as { block_id: string; element?: Element }[]).find(
        (b) => b.block_id === blockId,
      );
      if (!block?.element) throw new Error(`no input ${blockId} in the modal`);
      return form({
        type: "block_actions",
        ...common(user),
        container: { type: "view", view_id: view.id },
        view,
        actions: [
          {
            type: block.element.type,
            action_id: block.element.action_id,
            block_id: blockId,
            action_ts: "1.2",
            ...(block.element.type === "static_select"
              ? { selected_option: view.state.values[blockId]?.[block.element.action_id]?.selected_option }
              : { value: view.state.values[blockId]?.[block.element.action_id]?.value }),
          },
        ],
      });
    },
    submit: (user, typed = {}, from = user) =>
      form({ type: "view_submission", ...common(user), view: viewPayload(from, typed) }),
    response: async (responseId) => (await t.fake.waitFor((c) => c.responseId === responseId)).body,
  };
}
