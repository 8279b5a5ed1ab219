import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionModalIds, decodeOpenCreate } from "../../blocks/action-modal";
import type { DealRiskResult, RiskDeal } from "../../src/domain/analyses/deal-risk";
import { listActionItems } from "../../src/store/actions-repository";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { findRepByName, linkSlackUser, listRepDirectory } from "../../src/store/slack-links-repository";
import { answerOf, startTestSlack, type TestSlack, visibleText } from "../slack/harness";
import { type Cast, castFrom } from "../slack/people";
import { type StoredSample, storedSample } from "../slack/stored-sample";
import { submitView, suggest } from "./slack-harness";

/**
 * "Create action" on the risk register: the form pre-filled with the deal, its owner and the
 * 48-hour deadline; the deal search offers only deals the person may see.
 */

let sample: StoredSample;
let t: TestSlack;
let cast: Cast;
let deal: RiskDeal;
let register: DealRiskResult;
let now: Date;

beforeAll(async () => {
  sample = await storedSample({ analyses: ["deal-risk"] });
  now = new Date(sample.asOf.getTime() + 8 * 3600_000);
  t = await startTestSlack({ db: sample.db, admins: ["UADMIN"], clock: () => now });
  cast = castFrom(sample.db, t.fake);
  t.fake.workspace.addChannel({
    id: "C1",
    name: "revenue",
    members: ["UADMIN", "UOUT", "UDEALOWNER", "UBOT"],
  });
  register = readLatestAnalysis<DealRiskResult>(sample.db, "deal-risk", "company")?.payload as DealRiskResult;
  const linked = new Set([cast.manager.rep.name, cast.outsider.rep.name, cast.rep.rep.name]);
  // the sample flags no deal for executive attention: flaggedDealsWithoutAction has its own test
  deal = register.register.find((d) => d.ownerName && !linked.has(d.ownerName)) as RiskDeal;
  const owner = findRepByName(sample.db, deal.ownerName as string);
  linkSlackUser(sample.db, owner?.id as number, "UDEALOWNER");
  t.fake.users.set("UDEALOWNER", { email: "dealowner@elsewhere.example", tz: "America/Chicago" });
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

function withoutActionCount(blocks: unknown[]): number {
  const m = /\*Flagged without an action item\*\n(\d+)/.exec(visibleText(blocks));
  return Number(m?.[1]);
}

describe("Create action from the risk register", () => {
  it("each deal carries the button; it opens the form with the deal, its owner and 48 hours", async () => {
    const reply = await answerOf(
      t,
      await t.slash("/deal-risk", "", cast.admin, { responseId: "dr1" }),
      "dr1",
    );
    const blocks = reply.blocks as { accessory?: { action_id: string; value: string } }[];
    const buttons = blocks.filter((b) => b.accessory?.action_id === ActionModalIds.openCreate);
    expect(buttons.length).toBe(5);
    expect(decodeOpenCreate(buttons[0]?.accessory?.value)?.dealId).toBe(register.register[0]?.dealId);
    expect(withoutActionCount(blocks)).toBe(register.flaggedDealIds.length);

    const calls = t.fake.calls.length;
    await t.click(ActionModalIds.openCreate, JSON.stringify({ d: deal.dealId, r: null }), cast.admin);
    const opened = await t.fake.waitFor((c) => t.fake.calls.indexOf(c) >= calls && c.method === "views.open");
    const view = opened.body.view as { private_metadata: string; blocks: Record<string, unknown>[] };
    const byId = (id: string) =>
      view.blocks.find((b) => b.block_id === id) as { element: Record<string, unknown> };
    expect(byId(ActionModalIds.ownerBlock).element.initial_user).toBe("UDEALOWNER");
    // 48 hours after now, on the owner's calendar (no zone cached yet: the workspace's, UTC)
    expect(byId(ActionModalIds.deadlineBlock).element.initial_date).toBe(
      new Date(now.getTime() + 48 * 3600_000).toISOString().slice(0, 10),
    );
    expect((byId(ActionModalIds.dealBlock).element.initial_option as { value: string }).value).toBe(
      deal.dealId,
    );

    const ack = await submitView(t, {
      callbackId: ActionModalIds.create,
      userId: cast.admin,
      privateMetadata: view.private_metadata,
      values: {
        [ActionModalIds.textBlock]: { value: { type: "plain_text_input", value: "Exec call with the CFO" } },
        [ActionModalIds.ownerBlock]: { value: { type: "users_select", selected_user: "UDEALOWNER" } },
        [ActionModalIds.deadlineBlock]: {
          value: {
            type: "datepicker",
            selected_date: byId(ActionModalIds.deadlineBlock).element.initial_date,
          },
        },
        [ActionModalIds.dealBlock]: {
          [ActionModalIds.dealSearch]: {
            type: "external_select",
            selected_option: { value: deal.dealId },
          },
        },
      },
    });
    expect(ack.text).toBe("");
    const [item] = listActionItems(sample.db, { dealIds: [deal.dealId] });
    expect(item).toMatchObject({ source: "deal", ownerId: "UDEALOWNER", deadlineZone: "America/Chicago" });
    await t.fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "UDEALOWNER");
  });

  it("the deal search offers only deals the person may see", async () => {
    const own = await suggest(t, {
      actionId: ActionModalIds.dealSearch,
      blockId: ActionModalIds.dealBlock,
      value: "",
      userId: "UDEALOWNER",
    });
    const options = (own.json?.options ?? []) as { text: { text: string }; value: string }[];
    expect(options.length).toBeGreaterThan(0);
    for (const o of options) expect(o.text.text).toContain(`(${deal.ownerName})`);
    const admin = await suggest(t, {
      actionId: ActionModalIds.dealSearch,
      blockId: ActionModalIds.dealBlock,
      value: "",
      userId: cast.admin,
    });
    const owners = new Set(
      ((admin.json?.options ?? []) as { text: { text: string } }[]).map(
        (o) => /\(([^)]+)\)$/.exec(o.text.text)?.[1],
      ),
    );
    expect(owners.size).toBeGreaterThan(1);
    expect(listRepDirectory(sample.db).length).toBeGreaterThan(1);
  });

  it("someone who may not see the deal is refused and no form opens", async () => {
    const calls = t.fake.calls.length;
    await t.click(ActionModalIds.openCreate, JSON.stringify({ d: deal.dealId, r: null }), cast.outsider.id, {
      responseId: "outsider-create",
    });
    const refusal = await t.fake.waitFor((c) => c.responseId === "outsider-create");
    expect(visibleText(refusal.body.blocks as unknown[])).toContain("not one you can see");
    expect(t.fake.calls.slice(calls).some((c) => c.method === "views.open")).toBe(false);
  });
});
