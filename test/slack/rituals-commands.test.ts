import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import { createRitual, type RitualDraft } from "../../src/rituals/definitions";
import { insertOccurrence } from "../../src/store/occurrences-repository";
import { findRitualByName, listRitualChanges } from "../../src/store/rituals-repository";
import { visibleText } from "./harness";
import { ADMIN, FACILITATOR, NOW, REP, type RitualsSlack, startRitualsSlack } from "./rituals-harness";

let t: RitualsSlack;
afterEach(async () => {
  await t?.stop();
});

const REVIEW: RitualDraft = {
  name: "Monthly revenue review",
  kind: "monthly-review",
  channel: "C0123ABCD",
  schedule: "3rd business day after month end at 10:00",
  zone: "America/New_York",
  facilitator: FACILITATOR,
  skipDates: ["2027-01-01"],
};

const YEAR_END: RitualDraft = {
  name: "Year-end review",
  kind: "year-end-review",
  channel: "C0YEAREND",
  schedule: "every December 15 at 14:00",
  zone: "Europe/London",
};

function add(draft: RitualDraft) {
  return createRitual(
    {
      db: t.db,
      now: new Date(NOW),
      actor: { operator: "test" },
      adminIds: new Set(),
      fiscalYearStartMonth: 1,
    },
    draft,
  );
}

const textOf = (json: Record<string, unknown> | null) => visibleText((json?.blocks as unknown[]) ?? []);

describe("/rituals pause and resume", () => {
  it("the facilitator pauses and resumes; each change is logged with who and when", async () => {
    t = await startRitualsSlack();
    add(REVIEW);
    const paused = await t.rituals('pause "Monthly revenue review"', FACILITATOR);
    expect(textOf(paused.json)).toBe(
      ":double_vertical_bar: Paused *Monthly revenue review*: no pre-read is posted until `/rituals resume Monthly revenue review`.",
    );
    expect(findRitualByName(t.db, REVIEW.name)?.status).toBe("paused");
    const resumed = await t.rituals("resume monthly revenue review", ADMIN);
    expect(textOf(resumed.json)).toMatch(/^:arrow_forward: Resumed \*Monthly revenue review\*/);
    const ritual = findRitualByName(t.db, REVIEW.name);
    expect(ritual?.status).toBe("active");
    expect(
      listRitualChanges(t.db, ritual?.id as number).map((c) => [c.action, c.actor, c.changedAt]),
    ).toEqual([
      ["create", "operator:test", "2026-11-20T12:00:00.000Z"],
      ["pause", FACILITATOR, "2026-11-20T12:00:00.000Z"],
      ["resume", ADMIN, "2026-11-20T12:00:00.000Z"],
    ]);
  });

  it("finds a name as Slack escapes it (&amp;) or quotes it, in any case", async () => {
    t = await startRitualsSlack();
    add({ ...YEAR_END, name: "Q&A <year> review" });
    const reply = await t.rituals("PAUSE “q&amp;a &lt;year&gt; review”", ADMIN);
    expect(textOf(reply.json)).toContain("Paused *Q&amp;A &lt;year&gt; review*");
    expect(findRitualByName(t.db, "Q&A <year> review")?.status).toBe("paused");
  });

  it("refuses a rep and changes nothing", async () => {
    t = await startRitualsSlack();
    add(REVIEW);
    const reply = await t.rituals("pause Monthly revenue review", REP);
    expect(textOf(reply.json)).toBe(
      ":no_entry: Only admins and the ritual's facilitator may pause *Monthly revenue review*.",
    );
    expect(findRitualByName(t.db, REVIEW.name)?.status).toBe("active");
  });

  it("an unknown name or subcommand is a sentence with what exists", async () => {
    t = await startRitualsSlack();
    const none = await t.rituals("pause Weekly sync", ADMIN);
    expect(textOf(none.json)).toContain(
      'There is no ritual named "Weekly sync". There are no rituals yet: an admin can set one up with `/rituals new`.',
    );
    add(REVIEW);
    add(YEAR_END);
    const unknown = await t.rituals("edit Weekly <sync>", ADMIN);
    expect(textOf(unknown.json)).toContain(
      'There is no ritual named "Weekly &lt;sync&gt;". The rituals are `Monthly revenue review` and `Year-end review`.',
    );
    const missing = await t.rituals("resume", ADMIN);
    expect(textOf(missing.json)).toContain("`/rituals resume` needs a ritual's name.");
    const bad = await t.rituals("frobnicate", ADMIN);
    expect(textOf(bad.json)).toContain(
      "`/rituals frobnicate` is not a command I know. The commands are `new`, `list`, `edit`, `pause`, `resume`, `next`",
    );
  });
});

describe("/rituals list", () => {
  it("shows each ritual's kind, channel, schedule in words, next dates, state and last pre-read", async () => {
    t = await startRitualsSlack();
    const review = add(REVIEW);
    add(YEAR_END);
    await t.rituals("pause Year-end review", ADMIN);
    insertOccurrence(
      t.db,
      {
        key: "pre-read:test",
        kind: "pre-read",
        subject: `ritual:${review.id}`,
        channelId: "C0123ABCD",
        dueAt: new Date("2026-11-03T15:00:00Z"),
        deadlineAt: new Date("2026-11-04T15:00:00Z"),
        note: null,
        payload: {},
      },
      new Date(NOW),
    );
    t.db
      .prepare(
        "UPDATE occurrences SET state = 'missed', reason = 'the bot was down', finished_at = ? WHERE occurrence_key = 'pre-read:test'",
      )
      .run("2026-11-04T16:00:00.000Z");
    const reply = await t.rituals("list", REP);
    const blocks = reply.json?.blocks as unknown[];
    expect(limitViolations({ blocks: blocks as never })).toEqual([]);
    const text = visibleText(blocks);
    const meeting = Date.parse("2026-12-03T15:00:00Z") / 1000;
    expect(text).toContain(
      "*Monthly revenue review* · monthly-review · <#C0123ABCD> · :large_green_circle: active",
    );
    expect(text).toContain("3rd business day after month end at 10:00 (America/New_York)");
    expect(text).toContain(
      `Next meeting <!date^${meeting}^{date_long_pretty} at {time}|Thu 3 Dec 2026 10:00 EST> · next pre-read <!date^${meeting - 86400}^{date_long_pretty} at {time}|Wed 2 Dec 2026 10:00 EST>`,
    );
    expect(text).toContain(
      `Last pre-read: :x: missed (<!date^${Date.parse("2026-11-04T16:00:00Z") / 1000}^{date_long_pretty} at {time}|Wed 4 Nov 2026 11:00 EST>): the bot was down`,
    );
    expect(text).toContain(
      "*Year-end review* · year-end-review · <#C0YEAREND> · :double_vertical_bar: *paused*",
    );
    expect(text).toContain("Nothing is posted while paused.");
    const accessories = blocks
      .map(
        (b) => (b as { accessory?: { action_id: string; value: string; text: { text: string } } }).accessory,
      )
      .filter((a) => a !== undefined)
      .map((a) => [a.action_id, a.value, a.text.text]);
    expect(accessories).toEqual([
      ["ritual_ics", String(review.id), "Add to calendar (.ics)"],
      ["ritual_ics", expect.stringMatching(/^\d+$/), "Add to calendar (.ics)"],
    ]);
  });

  it("between a pre-read and its meeting, the next pre-read is the following meeting's", async () => {
    t = await startRitualsSlack({ now: () => new Date("2026-12-02T20:00:00Z") });
    add(REVIEW);
    const text = visibleText((await t.rituals("list", REP)).json?.blocks as unknown[]);
    expect(text).toContain("|Thu 3 Dec 2026 10:00 EST> · next pre-read <!date^");
    expect(text).toContain("|Tue 5 Jan 2027 10:00 EST>");
  });

  it("the .ics button uploads the meetings with files.uploadV2 into the clicker's DM", async () => {
    t = await startRitualsSlack();
    const review = add(REVIEW);
    const reply = await t.click("ritual_ics", String(review.id), REP, { responseId: "ics" });
    expect(reply.status).toBe(200);
    const said = await t.response("ics");
    expect(visibleText(said.blocks as unknown[])).toContain(
      "I sent *Monthly revenue review.ics* to you in a direct message",
    );
    expect(t.fake.callsOf("conversations.open")[0]?.body.users).toBe(REP);
    const complete = t.fake.callsOf("files.completeUploadExternal")[0];
    expect(complete?.body.channel_id).toBe(`D${REP.slice(1)}`);
    const [file] = [...t.fake.workspace.files.values()];
    expect(file?.name).toBe("Monthly revenue review.ics");
    expect(file?.channels).toEqual([`D${REP.slice(1)}`]);
    const calendar = new ICAL.Component(ICAL.parse(file?.bytes?.toString("utf8") ?? ""));
    const event = calendar.getFirstSubcomponent("vevent");
    expect(event?.getFirstPropertyValue("summary")).toBe("Monthly revenue review");
    expect(String(event?.getFirstPropertyValue("rrule"))).toContain("FREQ=MONTHLY");
  });

  it("a removed ritual's button says so instead of uploading", async () => {
    t = await startRitualsSlack();
    await t.click("ritual_ics", "999", REP, { responseId: "gone" });
    expect(visibleText((await t.response("gone")).blocks as unknown[])).toContain(
      "That ritual no longer exists",
    );
    expect(t.fake.callsOf("files.getUploadURLExternal")).toHaveLength(0);
  });
});

describe("/rituals when something fails unexpectedly", () => {
  it("answers privately that it went wrong and logs why", async () => {
    t = await startRitualsSlack();
    add(REVIEW);
    t.db.prepare("UPDATE rituals SET rrule = 'FREQ=SOMETIMES'").run();
    const reply = await t.rituals("list", REP);
    expect(textOf(reply.json)).toMatch(/^:x: Something went wrong/);
    expect(t.logger.lines.some((l) => l.level === "error" && l.text.includes("/rituals list"))).toBe(true);
  });
});

describe("/rituals next", () => {
  it("lists the coming pre-reads and meetings in each reader's own zone (users.info tz)", async () => {
    t = await startRitualsSlack({
      users: {
        U0NEWYORK: { name: "ny", tz: "America/New_York" },
        U0TOKYO01: { name: "tokyo", tz: "Asia/Tokyo" },
      },
    });
    add(REVIEW);
    await t.rituals("next", "U0NEWYORK", "ny");
    await t.rituals("next", "U0TOKYO01", "tokyo");
    const ny = visibleText((await t.response("ny")).blocks as unknown[]);
    const tokyo = visibleText((await t.response("tokyo")).blocks as unknown[]);
    const post = Date.parse("2026-12-02T15:00:00Z") / 1000;
    const lines = ny.split("\n");
    expect(lines[1]).toBe(
      `• <!date^${post}^{date_long_pretty} at {time}|Wed 2 Dec 2026 10:00 EST> — :memo: pre-read of *Monthly revenue review* in <#C0123ABCD>`,
    );
    expect(lines[2]).toContain(
      "|Thu 3 Dec 2026 10:00 EST> — :busts_in_silhouette: meeting: *Monthly revenue review*",
    );
    expect(ny).toContain("Times show in your Slack time zone, America/New_York.");
    // the daily refresh is listed with its schedule in the workspace's zone; it has not run yet
    // (06:00 UTC, read in New York)
    expect(ny).toContain(
      "Analyses refresh every day at 06:00 (UTC); next <!date^1795240800^{date_long_pretty} at {time}|Sat 21 Nov 2026 01:00 EST>; no run recorded yet.",
    );
    expect(tokyo).toContain(`<!date^${post}^{date_long_pretty} at {time}|Thu 3 Dec 2026 00:00 GMT+9>`);
    expect(tokyo).toContain("Times show in your Slack time zone, Asia/Tokyo.");
    // a reader Slack gives no zone for reads the workspace's
    await t.rituals("next", REP, "rep");
    expect(visibleText((await t.response("rep")).blocks as unknown[])).toContain(
      "Times show in the workspace's zone, UTC (your Slack profile gave none).",
    );
  });
});

describe("/rituals help", () => {
  it("lists the ritual commands with the answers", async () => {
    t = await startRitualsSlack();
    const text = textOf((await t.rituals("help", REP)).json);
    for (const usage of [
      "/rituals new",
      "/rituals list",
      "/rituals edit <name>",
      "/rituals next",
      "/forecast",
    ])
      expect(text).toContain(`\`${usage}`);
  });
});
