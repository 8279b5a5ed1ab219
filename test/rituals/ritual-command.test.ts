import fs from "node:fs";
import path from "node:path";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { RitualScheduler } from "../../src/rituals/scheduler";
import { openDatabase } from "../../src/store/db";
import { runCli } from "../cli/run-cli";
import { FakeNotifier, FakePoster } from "./fakes";
import { ManualClock, ritualsDb } from "./helpers";

const NOW = "2026-11-20T12:00:00Z";

async function cli(file: string, args: string[], now = NOW, env: Record<string, string> = {}) {
  return runCli(args, now, { DATABASE_PATH: file, ...env });
}

const ADD = [
  "ritual",
  "add",
  "--name",
  "Monthly revenue review",
  "--kind",
  "monthly-review",
  "--channel",
  "C0123ABCD",
  "--schedule",
  "3rd business day after month end at 10:00",
  "--tz",
  "America/New_York",
  "--facilitator",
  "U0FACIL01",
  "--skip",
  "2027-01-01",
];

describe("rituals ritual", () => {
  it("add prints the schedule read back, the RRULE and the next meetings and posts; list and show find it", async () => {
    const { file } = ritualsDb();
    const added = await cli(file, ADD);
    expect(added.err).toBe("");
    expect(added.code).toBe(0);
    expect(added.out).toContain('Added ritual "Monthly revenue review" (monthly-review) in C0123ABCD.');
    expect(added.out).toContain(
      "Schedule: 3rd business day after month end at 10:00 (America/New_York), 150 min",
    );
    expect(added.out).toContain(
      "RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3;BYHOUR=10;BYMINUTE=0 from 2026-12-03T10:00",
    );
    expect(added.out).toContain(
      "meeting 2027-01-06T15:00:00.000Z (Wed 6 Jan 2027 10:00 EST)  pre-read 2027-01-05T15:00:00.000Z (Tue 5 Jan 2027 10:00 EST)",
    );
    const list = await cli(file, ["ritual", "list"]);
    expect(list.out).toBe(
      "Monthly revenue review  monthly-review  C0123ABCD  3rd business day after month end at 10:00 (America/New_York)  next pre-read Wed 2 Dec 2026 10:00 EST",
    );
    const show = await cli(file, ["ritual", "show", "monthly REVENUE review", "--json"]);
    const shown = JSON.parse(show.out);
    expect(shown).toMatchObject({
      name: "Monthly revenue review",
      skipDates: ["2027-01-01"],
      facilitatorId: "U0FACIL01",
    });
    expect(shown.changes[0]).toMatchObject({ action: "create", changedAt: "2026-11-20T12:00:00.000Z" });
    expect(shown.changes[0].actor).toMatch(/^operator:/);
  });

  it("occurrences --json gives meetingAt and postAt in UTC with the local wall times", async () => {
    const { file } = ritualsDb();
    await cli(file, ADD);
    const r = await cli(file, [
      "ritual",
      "occurrences",
      "Monthly revenue review",
      "--from",
      "2027-03-01",
      "--count",
      "2",
      "--json",
    ]);
    expect(JSON.parse(r.out)).toEqual([
      {
        meetingAt: "2027-03-03T15:00:00.000Z",
        meetingLocal: "2027-03-03T10:00",
        postAt: "2027-03-02T15:00:00.000Z",
        postLocal: "2027-03-02T10:00",
        timeZone: "America/New_York",
      },
      {
        meetingAt: "2027-04-05T14:00:00.000Z",
        meetingLocal: "2027-04-05T10:00",
        postAt: "2027-04-04T14:00:00.000Z",
        postLocal: "2027-04-04T10:00",
        timeZone: "America/New_York",
      },
    ]);
  });

  it("bad options are each named by their flag, and nothing is stored", async () => {
    const { file } = ritualsDb();
    const r = await cli(file, [
      "ritual",
      "add",
      "--name",
      "X",
      "--kind",
      "weekly",
      "--channel",
      "general",
      "--schedule",
      "RRULE:FREQ=WEEKLY;BYDAY=XX;BYHOUR=9",
      "--tz",
      "America/New_York",
      "--lead",
      "soon",
    ]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      'rituals ritual add: --kind: "weekly" is not a kind (monthly-review, quarterly-planning, year-end-review, custom)',
      'rituals ritual add: --channel: "general" is not a Slack channel id (C0123ABCD, or <#C0123ABCD>)',
      'rituals ritual add: --schedule: RRULE part "BYDAY=XX": "XX" is not a weekday (MO, TU, WE, TH, FR, SA, SU)',
      'rituals ritual add: --lead: lead time "soon" is not Nd, Nh or Nm (e.g. 1d, 6h, 90m)',
    ]);
    expect((await cli(file, ["ritual", "list", "--json"])).out).toBe("[]");
    const missing = await cli(file, ["ritual", "add", "--name", "X"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(
      /^rituals ritual: ritual add needs --kind, --channel, --schedule, --tz\n\nusage: rituals ritual/,
    );
    expect((await cli(file, ["ritual", "frobnicate"])).err).toMatch(/unknown action "frobnicate"/);
    expect((await cli(file, ["ritual", "list", "--colour"])).err).toMatch(/Unknown option '--colour'/);
  });

  it("pause, resume and remove: refused for a user who is neither admin nor facilitator, allowed for the facilitator", async () => {
    const { file } = ritualsDb();
    await cli(file, ADD);
    const env = { SLACK_ADMIN_USER_IDS: "U0ADMIN01" };
    const refused = await cli(
      file,
      ["ritual", "pause", "Monthly revenue review", "--as", "U0OTHER01"],
      NOW,
      env,
    );
    expect(refused).toMatchObject({
      code: 1,
      err: "rituals ritual pause: U0OTHER01 may not pause Monthly revenue review: only admins and the ritual's facilitator may",
    });
    expect(
      (await cli(file, ["ritual", "pause", "Monthly revenue review", "--as", "U0FACIL01"], NOW, env)).out,
    ).toBe('Paused ritual "Monthly revenue review".');
    expect((await cli(file, ["ritual", "list"])).out).toMatch(/ {2}paused$/);
    expect(
      (await cli(file, ["ritual", "resume", "Monthly revenue review", "--as", "U0ADMIN01"], NOW, env)).code,
    ).toBe(0);
    expect((await cli(file, ["ritual", "remove", "Monthly revenue review"])).out).toBe(
      'Removed ritual "Monthly revenue review".',
    );
    expect((await cli(file, ["ritual", "show", "Monthly revenue review"])).err).toBe(
      'rituals ritual show: no ritual named "Monthly revenue review"',
    );
  });

  it("ics writes an iCalendar file with CRLF lines that a calendar reads back", async () => {
    const store = ritualsDb();
    await cli(store.file, ADD);
    const stdout = await cli(store.file, ["ritual", "ics", "Monthly revenue review"]);
    const text = `${stdout.out}\n`;
    expect(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(text.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    const out = path.join(path.dirname(store.file), "review.ics");
    await cli(store.file, ["ritual", "ics", "Monthly revenue review", "--out", out]);
    const calendar = new ICAL.Component(ICAL.parse(fs.readFileSync(out, "utf8")));
    expect(calendar.getFirstSubcomponent("vevent")?.getFirstPropertyValue("summary")).toBe(
      "Monthly revenue review",
    );
  });

  it("history lists what the scheduler did: posted with its ts, missed with the reason", async () => {
    const store = ritualsDb();
    await cli(store.file, ADD);
    const clock = new ManualClock("2026-12-02T15:00:30Z");
    const poster = new FakePoster(clock);
    const db = openDatabase(store.file);
    const scheduler = new RitualScheduler({ db, clock, poster, notifier: new FakeNotifier(), holder: "A" });
    await scheduler.tick();
    clock.set("2027-01-06T16:00:00Z"); // down through the January pre-read and meeting
    await scheduler.tick();
    db.close();
    const r = await cli(store.file, ["ritual", "history", "Monthly revenue review"]);
    const lines = r.out.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^2027-01-05T15:00:00.000Z {2}missed {5}meeting Wed 6 Jan 2027 10:00 EST {2}the meeting \(Wed 6 Jan 2027 10:00 EST\) had begun/,
    );
    expect(lines[1]).toBe(
      `2026-12-02T15:00:00.000Z  posted     meeting Thu 3 Dec 2026 10:00 EST  ts ${poster.messages[0]?.ts}`,
    );
    const json = JSON.parse(
      (await cli(store.file, ["ritual", "history", "Monthly revenue review", "--json"])).out,
    );
    expect(json.map((o: { state: string }) => o.state)).toEqual(["missed", "posted"]);
  });
});
