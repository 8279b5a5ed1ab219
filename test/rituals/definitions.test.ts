import { describe, expect, it } from "vitest";
import {
  changeRitual,
  createRitual,
  describeRitualSchedule,
  pauseRitual,
  type RitualContext,
  RitualError,
  removeRitual,
  resumeRitual,
} from "../../src/rituals/definitions";
import { mayChangeRitual } from "../../src/rituals/permissions";
import { findRitualByName, listRitualChanges, listRituals } from "../../src/store/rituals-repository";
import { ritualsDb } from "./helpers";

const NOW = new Date("2026-11-20T12:00:00Z");
const ADMIN = "UADMIN01";
const FACILITATOR = "UFACIL01";
const OTHER = "UOTHER01";

function context(over: Partial<RitualContext> = {}): RitualContext {
  return {
    db: ritualsDb().db,
    now: NOW,
    actor: { slackUserId: ADMIN },
    adminIds: new Set([ADMIN]),
    fiscalYearStartMonth: 1,
    ...over,
  };
}

const monthly = {
  name: "Monthly revenue review",
  kind: "monthly-review",
  channel: "C0123ABCD",
  schedule: "3rd business day after month end at 10:00",
  zone: "America/New_York",
  facilitator: FACILITATOR,
};

function errorOf(fn: () => unknown): RitualError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RitualError);
    return error as RitualError;
  }
  throw new Error("no error");
}

describe("creating a ritual", () => {
  it("stores the definition with the monthly review's agenda, a one-day lead and the agenda's length", () => {
    const ctx = context();
    const r = createRitual(ctx, monthly);
    expect(r).toMatchObject({
      name: "Monthly revenue review",
      kind: "monthly-review",
      channelId: "C0123ABCD",
      rrule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=3;BYHOUR=10;BYMINUTE=0",
      dtstart: "2026-12-03T10:00",
      timeZone: "America/New_York",
      lead: "1d",
      leadOnBusinessDay: false,
      durationMinutes: 150,
      facilitatorId: FACILITATOR,
      status: "active",
      scheduleSince: NOW.toISOString(),
      createdBy: ADMIN,
      skipDates: [],
    });
    expect(r.agenda.map((a) => `${a.title} ${a.minutes}`)).toEqual([
      "Month close review 30",
      "Forecast accuracy review 20",
      "Forward-looking forecast 40",
      "Deal reviews 40",
      "Action item review 20",
    ]);
    expect(describeRitualSchedule(r, 1)).toBe("3rd business day after month end at 10:00");
    const [created] = listRitualChanges(ctx.db, r.id);
    expect(created).toMatchObject({ action: "create", actor: ADMIN, changedAt: NOW.toISOString() });
    expect(created?.changes.rrule).toEqual({ to: r.rrule });
  });

  it("planning gets the executive planning session's agenda; other options are kept as given", () => {
    const ctx = context();
    const r = createRitual(ctx, {
      ...monthly,
      name: "Q planning",
      kind: "quarterly-planning",
      schedule: "every Monday at 09:00 for the 4 weeks before quarter end",
      lead: "6h",
      leadOnBusinessDay: true,
      duration: "1h30m",
      channel: "<#C0999ZZZ|planning>",
      facilitator: "<@UFACIL01>",
      skipDates: ["2026-12-28", "2026-12-21", "2026-12-28"],
    });
    expect(r.agenda.map((a) => a.minutes)).toEqual([45, 60, 45, 30, 30, 30]);
    expect(r).toMatchObject({
      lead: "6h",
      leadOnBusinessDay: true,
      durationMinutes: 90,
      channelId: "C0999ZZZ",
    });
    expect(r.skipDates).toEqual(["2026-12-21", "2026-12-28"]);
  });

  it("an agenda can be given as text", () => {
    const r = createRitual(context(), { ...monthly, kind: "custom", agenda: "Wins=10m; Risks & asks=20m" });
    expect(r.agenda).toEqual([
      { title: "Wins", minutes: 10 },
      { title: "Risks & asks", minutes: 20 },
    ]);
    expect(r.durationMinutes).toBe(30);
  });

  it("every bad field is named at once and nothing is stored", () => {
    const ctx = context();
    const error = errorOf(() =>
      createRitual(ctx, {
        name: " ",
        kind: "weekly",
        channel: "#general",
        schedule: "whenever",
        zone: "Mars/Olympus",
        lead: "soon",
        duration: "forever",
        facilitator: "jane",
        skipDates: ["2026-02-30"],
        agenda: "Wins",
      }),
    );
    expect(error.code).toBe("ritual_invalid");
    expect(error.problems.map((p) => p.field)).toEqual([
      "name",
      "kind",
      "channel",
      "zone",
      "lead",
      "facilitator",
      "skip",
      "agenda",
      "duration",
    ]);
    expect(error.message).toContain('channel: "#general" is not a Slack channel id');
    expect(error.message).toContain('zone: "Mars/Olympus" is not an IANA time zone');
    expect(listRituals(ctx.db)).toEqual([]);
  });

  it("a bad schedule is reported with the schedule's own message", () => {
    const error = errorOf(() =>
      createRitual(context(), { ...monthly, schedule: "RRULE:FREQ=MONTHLY;BYDAY=XX;BYHOUR=9" }),
    );
    expect(error.problems).toEqual([
      { field: "schedule", message: expect.stringMatching(/BYDAY=XX.*"XX" is not a weekday/) },
    ]);
  });

  it("names are unique whatever their case", () => {
    const ctx = context();
    createRitual(ctx, monthly);
    const error = errorOf(() => createRitual(ctx, { ...monthly, name: "MONTHLY revenue REVIEW" }));
    expect(error.code).toBe("ritual_exists");
    expect(listRituals(ctx.db)).toHaveLength(1);
  });

  it("only an admin may create one", () => {
    const error = errorOf(() => createRitual(context({ actor: { slackUserId: FACILITATOR } }), monthly));
    expect(error.code).toBe("ritual_forbidden");
    expect(error.message).toBe("UFACIL01 may not create a ritual: only admins may");
  });
});

describe("changing a ritual", () => {
  it("admins and the facilitator may change it, nobody else; the operator on the server may", () => {
    const admins = new Set([ADMIN]);
    const ritual = { facilitatorId: FACILITATOR };
    expect(mayChangeRitual({ slackUserId: ADMIN }, "change", ritual, admins)).toBe(true);
    expect(mayChangeRitual({ slackUserId: FACILITATOR }, "change", ritual, admins)).toBe(true);
    expect(mayChangeRitual({ slackUserId: OTHER }, "change", ritual, admins)).toBe(false);
    expect(mayChangeRitual({ slackUserId: FACILITATOR }, "create", null, admins)).toBe(false);
    expect(mayChangeRitual({ slackUserId: OTHER }, "change", { facilitatorId: null }, admins)).toBe(false);
    expect(mayChangeRitual({ operator: "cli" }, "create", null, new Set())).toBe(true);
  });

  it("pause and resume are logged with who and when; resuming restarts the schedule from then", () => {
    const ctx = context();
    createRitual(ctx, monthly);
    const later = new Date("2026-12-10T09:00:00Z");
    const paused = pauseRitual(
      { ...ctx, actor: { slackUserId: FACILITATOR }, now: later },
      "monthly revenue review",
    );
    expect(paused.status).toBe("paused");
    const resumedAt = new Date("2027-01-15T09:00:00Z");
    const resumed = resumeRitual({ ...ctx, now: resumedAt }, "Monthly revenue review");
    expect(resumed).toMatchObject({ status: "active", scheduleSince: resumedAt.toISOString() });
    const log = listRitualChanges(ctx.db, resumed.id).map((c) => [c.action, c.actor, c.changedAt, c.changes]);
    expect(log.slice(1)).toEqual([
      ["pause", FACILITATOR, later.toISOString(), { status: { from: "active", to: "paused" } }],
      [
        "resume",
        ADMIN,
        resumedAt.toISOString(),
        {
          status: { from: "paused", to: "active" },
          scheduleSince: { from: NOW.toISOString(), to: resumedAt.toISOString() },
        },
      ],
    ]);
  });

  it("someone else is refused and the ritual stays as it was", () => {
    const ctx = context();
    createRitual(ctx, monthly);
    const before = findRitualByName(ctx.db, monthly.name);
    const error = errorOf(() => pauseRitual({ ...ctx, actor: { slackUserId: OTHER } }, monthly.name));
    expect(error.message).toBe(
      "UOTHER01 may not pause Monthly revenue review: only admins and the ritual's facilitator may",
    );
    expect(findRitualByName(ctx.db, monthly.name)).toEqual(before);
    expect(listRitualChanges(ctx.db, before?.id as number)).toHaveLength(1);
  });

  it("a change logs each field from and to; a new schedule restarts from now", () => {
    const ctx = context();
    createRitual(ctx, monthly);
    const at = new Date("2026-12-05T12:00:00Z");
    const changed = changeRitual({ ...ctx, now: at, actor: { slackUserId: FACILITATOR } }, monthly.name, {
      schedule: "first Tuesday of the month at 09:00",
      skipDates: ["2027-01-05"],
    });
    expect(changed).toMatchObject({
      rrule: "FREQ=MONTHLY;BYDAY=1TU;BYHOUR=9;BYMINUTE=0",
      dtstart: "2027-01-05T09:00",
      scheduleSince: at.toISOString(),
    });
    const last = listRitualChanges(ctx.db, changed.id).at(-1);
    expect(last?.action).toBe("update");
    expect(Object.keys(last?.changes ?? {}).sort()).toEqual([
      "dtstart",
      "rrule",
      "scheduleSince",
      "skipDates",
    ]);
    expect(last?.changes.skipDates).toEqual({ from: [], to: ["2027-01-05"] });
  });

  it("a change that leaves the schedule alone keeps its start, even in the past", () => {
    const ctx = context();
    createRitual(ctx, monthly);
    const changed = changeRitual({ ...ctx, now: new Date("2027-03-01T00:00:00Z") }, monthly.name, {
      duration: "2h",
    });
    expect(changed).toMatchObject({
      dtstart: "2026-12-03T10:00",
      durationMinutes: 120,
      scheduleSince: NOW.toISOString(),
    });
  });

  it("a bad change is refused whole", () => {
    const ctx = context();
    const before = createRitual(ctx, monthly);
    const error = errorOf(() => changeRitual(ctx, monthly.name, { duration: "2h", zone: "Nowhere" }));
    expect(error.problems.map((p) => p.field)).toEqual(["zone"]);
    expect(findRitualByName(ctx.db, monthly.name)).toEqual(before);
  });

  it("removing deletes the ritual and keeps its change log, with what it was", () => {
    const ctx = context();
    const r = createRitual(ctx, monthly);
    removeRitual(ctx, monthly.name);
    expect(findRitualByName(ctx.db, monthly.name)).toBeNull();
    const log = listRitualChanges(ctx.db, r.id);
    expect(log.map((c) => c.action)).toEqual(["create", "remove"]);
    expect(log[1]?.changes.channelId).toEqual({ from: "C0123ABCD" });
    expect(errorOf(() => removeRitual(ctx, monthly.name)).code).toBe("ritual_not_found");
  });
});
