import { afterEach, describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import { RitualModalIds } from "../../blocks/ritual-modal";
import { findRitualByName, listRitualChanges } from "../../src/store/rituals-repository";
import { visibleText } from "./harness";
import { ADMIN, FACILITATOR, NOW, REP, type RitualsSlack, startRitualsSlack } from "./rituals-harness";

let t: RitualsSlack;
afterEach(async () => {
  await t?.stop();
});

const blocksOf = (view: Record<string, unknown>) => view.blocks as { block_id: string; type: string }[];
const readBackOf = (view: Record<string, unknown>) =>
  visibleText(blocksOf(view).filter((b) => b.block_id === RitualModalIds.readbackBlock));

const REVIEW = {
  [RitualModalIds.nameBlock]: "Monthly revenue review",
  [RitualModalIds.channelBlock]: "C0123ABCD",
  [RitualModalIds.scheduleBlock]: "3rd business day after month end at 10:00",
  [RitualModalIds.zoneBlock]: "America/New_York",
  [RitualModalIds.facilitatorBlock]: FACILITATOR,
  [RitualModalIds.skipBlock]: "2027-01-01",
};

async function openNew(user = ADMIN) {
  const opens = t.fake.callsOf("views.open").length;
  const reply = await t.rituals("new", user);
  expect(reply.status).toBe(200);
  await t.fake.waitFor((c) => c.method === "views.open" && t.fake.callsOf("views.open").length > opens);
  return t.modal(user);
}

describe("/rituals new", () => {
  it("opens the modal with every field, the agenda prefilled from the monthly review's defaults", async () => {
    t = await startRitualsSlack();
    const { view } = await openNew();
    expect(view).toMatchObject({
      type: "modal",
      callback_id: RitualModalIds.save,
      submit: { text: "Create" },
    });
    const ids = blocksOf(view).map((b) => b.block_id);
    expect(ids).toEqual([
      "ritual_kind",
      "ritual_name",
      "ritual_channel",
      "ritual_schedule",
      "ritual_schedule_readback",
      "ritual_zone",
      "ritual_facilitator",
      "ritual_agenda_0",
      "ritual_lead",
      "ritual_lead_business_day",
      "ritual_duration",
      "ritual_skip",
    ]);
    const agenda = blocksOf(view).find((b) => b.block_id === "ritual_agenda_0") as unknown as {
      element: { initial_value: string };
    };
    expect(agenda.element.initial_value.split("\n")).toEqual([
      "Month close review = 30m",
      "Forecast accuracy review = 20m",
      "Forward-looking forecast = 40m",
      "Deal reviews = 40m",
      "Action item review = 20m",
    ]);
    expect(limitViolations({ blocks: blocksOf(view) as never }, { view: true })).toEqual([]);
    expect(readBackOf(view)).toContain("press Enter to see the next three dates");
  });

  it("reads the schedule back live: Enter in the schedule updates the modal with the next three dates", async () => {
    t = await startRitualsSlack();
    const { id } = await openNew();
    // 2027-01-01 is skipped, so January's 3rd business day is the 6th, not the 5th.
    await t.dispatch(ADMIN, RitualModalIds.scheduleBlock, {
      [RitualModalIds.scheduleBlock]: "3rd business day after month end at 10:00",
      [RitualModalIds.zoneBlock]: "America/New_York",
      [RitualModalIds.skipBlock]: "2027-01-01",
    });
    const update = await t.fake.waitFor((c) => c.method === "views.update");
    expect(update.body.view_id).toBe(id);
    const text = readBackOf(t.modal(ADMIN).view);
    expect(text).toContain("*3rd business day after month end at 10:00* (America/New_York)");
    expect(text).toContain(
      "Next: Thu 3 Dec 2026 10:00 EST (pre-read Wed 2 Dec 2026 10:00 EST) · Wed 6 Jan 2027 10:00 EST (pre-read Tue 5 Jan 2027 10:00 EST) · Wed 3 Feb 2027 10:00 EST",
    );

    await t.dispatch(ADMIN, RitualModalIds.zoneBlock, {
      [RitualModalIds.scheduleBlock]: "3rd business day after month end at 10:00",
      [RitualModalIds.zoneBlock]: "Europe/London",
    });
    await t.fake.waitFor((c) => c.method === "views.update" && c.body.view_id === id && c !== update);
    expect(readBackOf(t.modal(ADMIN).view)).toContain("(Europe/London)");
    expect(readBackOf(t.modal(ADMIN).view)).toContain("Thu 3 Dec 2026 10:00 GMT");

    // a lead in hours is exact elapsed time before the meeting
    const before = t.fake.callsOf("views.update").length;
    await t.dispatch(ADMIN, RitualModalIds.leadBlock, {
      [RitualModalIds.scheduleBlock]: "3rd business day after month end at 10:00",
      [RitualModalIds.zoneBlock]: "Europe/London",
      [RitualModalIds.leadBlock]: "6h",
    });
    await t.fake.waitFor(() => t.fake.callsOf("views.update").length > before);
    expect(readBackOf(t.modal(ADMIN).view)).toContain(
      "Thu 3 Dec 2026 10:00 GMT (pre-read Thu 3 Dec 2026 04:00 GMT)",
    );
  });

  it("reads a phrase it cannot parse back as the problem, and a new kind brings its default agenda", async () => {
    t = await startRitualsSlack();
    await openNew();
    await t.dispatch(ADMIN, RitualModalIds.scheduleBlock, {
      [RitualModalIds.scheduleBlock]: "whenever <!channel>",
    });
    await t.fake.waitFor((c) => c.method === "views.update");
    const text = readBackOf(t.modal(ADMIN).view);
    expect(text).toMatch(/^:warning: /);
    expect(text).toContain("&lt;!channel&gt;");
    await t.dispatch(ADMIN, RitualModalIds.kindBlock, { [RitualModalIds.kindBlock]: "quarterly-planning" });
    await t.fake.waitFor((c) => c.method === "views.update" && t.fake.callsOf("views.update").length === 2);
    const agenda = blocksOf(t.modal(ADMIN).view).find((b) =>
      b.block_id.startsWith("ritual_agenda"),
    ) as unknown as {
      block_id: string;
      element: { initial_value: string };
    };
    expect(agenda.block_id).toBe("ritual_agenda_1");
    expect(agenda.element.initial_value).toMatch(/^Quarter performance review = 45m\n/);
  });

  it("shows each problem beside its field and stores nothing", async () => {
    t = await startRitualsSlack();
    await openNew();
    const reply = await t.submit(ADMIN, {
      ...REVIEW,
      [RitualModalIds.scheduleBlock]: "RRULE:FREQ=WEEKLY;BYDAY=XX;BYHOUR=9",
      [RitualModalIds.leadBlock]: "soon",
      [RitualModalIds.skipBlock]: "2027-13-01",
      [RitualModalIds.agendaBlock]: "Deal reviews",
    });
    expect(reply.json).toEqual({
      response_action: "errors",
      errors: {
        ritual_schedule: 'RRULE part "BYDAY=XX": "XX" is not a weekday (MO, TU, WE, TH, FR, SA, SU)',
        ritual_lead: 'Lead time "soon" is not Nd, Nh or Nm (e.g. 1d, 6h, 90m)',
        ritual_skip: '"2027-13-01" not a date YYYY-MM-DD',
        ritual_agenda_0: '"Deal reviews" is not Title=NNm (e.g. "Deal reviews=40m")',
      },
    });
    const zone = await t.submit(ADMIN, { ...REVIEW, [RitualModalIds.zoneBlock]: "Mars/Olympus" });
    expect((zone.json?.errors as Record<string, string> | undefined)?.ritual_zone).toContain(
      '"Mars/Olympus" is not an IANA time zone',
    );
    expect(findRitualByName(t.db, "Monthly revenue review")).toBeNull();
  });

  it("creates the ritual from the form, logged as the admin who submitted it, and says when it next runs", async () => {
    t = await startRitualsSlack();
    await openNew();
    const reply = await t.submit(ADMIN, { ...REVIEW, [RitualModalIds.leadOnBusinessDayBlock]: true });
    expect(reply.json?.response_action).toBe("update");
    const saved = visibleText((reply.json?.view as { blocks: unknown[] } | undefined)?.blocks ?? []);
    expect(saved).toContain("*Monthly revenue review* is set up: pre-reads in <#C0123ABCD>.");
    expect(saved).toContain("3rd business day after month end at 10:00 (America/New_York), 150 min.");
    const meeting = Date.parse("2026-12-03T15:00:00Z") / 1000;
    expect(saved).toContain(
      `Next meeting <!date^${meeting}^{date_long_pretty} at {time}|Thu 3 Dec 2026 10:00 EST>; pre-read <!date^${meeting - 86400}^`,
    );
    const ritual = findRitualByName(t.db, "monthly revenue review");
    expect(ritual).toMatchObject({
      kind: "monthly-review",
      channelId: "C0123ABCD",
      rrule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3;BYHOUR=10;BYMINUTE=0",
      timeZone: "America/New_York",
      facilitatorId: FACILITATOR,
      leadOnBusinessDay: true,
      skipDates: ["2027-01-01"],
      durationMinutes: 150,
      createdBy: ADMIN,
    });
    expect(ritual?.agenda.map((a) => a.title)).toEqual([
      "Month close review",
      "Forecast accuracy review",
      "Forward-looking forecast",
      "Deal reviews",
      "Action item review",
    ]);
    const again = await t.submit(ADMIN, REVIEW);
    expect(again.json).toEqual({
      response_action: "errors",
      errors: { ritual_name: 'A ritual named "Monthly revenue review" already exists' },
    });
  });

  it("is refused to a rep: no modal opens, and a forged submission stores nothing", async () => {
    t = await startRitualsSlack();
    const reply = await t.rituals("new", REP);
    expect(visibleText((reply.json?.blocks as unknown[]) ?? [])).toContain("Only admins set up rituals");
    expect(t.fake.callsOf("views.open")).toHaveLength(0);
    await openNew(ADMIN);
    // the rep submits the form an admin opened (a forged payload)
    const forged = await t.submit(REP, REVIEW, ADMIN);
    expect(forged.json).toEqual({
      response_action: "errors",
      errors: { ritual_name: "U0REP0001 may not create a ritual: only admins may" },
    });
    expect(findRitualByName(t.db, "Monthly revenue review")).toBeNull();
  });
});

describe("/rituals new when Slack fails", () => {
  it("says privately that the form could not open", async () => {
    t = await startRitualsSlack();
    t.fake.failNext("views.open", { status: 500, times: 5 });
    await t.rituals("new", ADMIN, "failed");
    const said = await t.response("failed");
    expect(visibleText(said.blocks as unknown[])).toMatch(
      /^:x: Slack would not open the form \(.+\)\. Try again in a moment\.$/,
    );
    expect(t.logger.lines.some((l) => l.level === "error" && l.text.includes("views.open failed"))).toBe(
      true,
    );
  });
});

describe("/rituals edit", () => {
  it("opens the same modal prefilled; the facilitator's change is saved and logged with who and when", async () => {
    t = await startRitualsSlack();
    await openNew();
    await t.submit(ADMIN, REVIEW);
    await t.rituals("edit Monthly revenue review", FACILITATOR);
    await t.fake.waitFor(
      (c) => c.method === "views.open" && String(c.body.trigger_id).startsWith(FACILITATOR),
    );
    const { view } = t.modal(FACILITATOR);
    expect(view).toMatchObject({ submit: { text: "Save" }, title: { text: "Edit ritual" } });
    const schedule = blocksOf(view).find((b) => b.block_id === RitualModalIds.scheduleBlock) as unknown as {
      element: { initial_value: string };
    };
    expect(schedule.element.initial_value).toBe("3rd business day after month end at 10:00");
    expect(readBackOf(view)).toContain("Thu 3 Dec 2026 10:00 EST");
    const reply = await t.submit(FACILITATOR, { [RitualModalIds.durationBlock]: "90m" });
    expect(reply.json?.response_action).toBe("update");
    const ritual = findRitualByName(t.db, "Monthly revenue review");
    expect(ritual?.durationMinutes).toBe(90);
    expect(ritual?.dtstart).toBe("2026-12-03T10:00");
    const changes = listRitualChanges(t.db, ritual?.id as number);
    expect(changes.at(-1)).toMatchObject({
      action: "update",
      actor: FACILITATOR,
      changedAt: "2026-11-20T12:00:00.000Z",
      changes: { durationMinutes: { from: 150, to: 90 } },
    });
  });

  it("a new schedule phrase replaces the rule and restarts the schedule from now", async () => {
    let now = new Date(NOW);
    t = await startRitualsSlack({ now: () => now });
    await openNew();
    await t.submit(ADMIN, REVIEW);
    now = new Date("2026-11-25T12:00:00Z");
    await t.rituals("edit Monthly revenue review", ADMIN);
    await t.fake.waitFor((c) => c.method === "views.open" && t.fake.callsOf("views.open").length === 2);
    const reply = await t.submit(ADMIN, {
      [RitualModalIds.scheduleBlock]: "first Tuesday of the month at 09:00",
    });
    expect(reply.json?.response_action).toBe("update");
    const ritual = findRitualByName(t.db, "Monthly revenue review");
    expect(ritual).toMatchObject({
      rrule: "FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9;BYMINUTE=0",
      dtstart: "2026-12-01T09:00",
      scheduleSince: "2026-11-25T12:00:00.000Z",
      durationMinutes: 150,
      skipDates: ["2027-01-01"],
    });
    const change = listRitualChanges(t.db, ritual?.id as number).at(-1);
    expect(Object.keys(change?.changes ?? {}).sort()).toEqual(["dtstart", "rrule", "scheduleSince"]);
  });

  it("refuses a rep who is not the facilitator, naming who may", async () => {
    t = await startRitualsSlack();
    await openNew();
    await t.submit(ADMIN, REVIEW);
    const reply = await t.rituals("edit monthly revenue review", REP);
    expect(visibleText(reply.json?.blocks as unknown[])).toBe(
      ":no_entry: Only admins and the ritual's facilitator may edit *Monthly revenue review*.",
    );
    expect(t.fake.callsOf("views.open")).toHaveLength(1);
  });
});
