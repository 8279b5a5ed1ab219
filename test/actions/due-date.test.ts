import { describe, expect, it } from "vitest";
import { deadlineAfterHours, parseDue } from "../../src/actions/due-date";
import { ActionItemError } from "../../src/actions/errors";

// Wednesday 25 November 2026, 12:00 UTC.
const WED_NOON = new Date("2026-11-25T12:00:00Z");

function problem(value: string, now = WED_NOON, zone = "UTC"): ActionItemError {
  try {
    parseDue(value, now, zone);
  } catch (error) {
    expect(error).toBeInstanceOf(ActionItemError);
    return error as ActionItemError;
  }
  throw new Error(`due:${value} was accepted`);
}

describe("due: values", () => {
  it("reads a date, today, tomorrow, +Nd and +Nw on the calendar of the zone given", () => {
    expect(parseDue("2026-12-04", WED_NOON, "UTC")).toBe("2026-12-04");
    expect(parseDue("today", WED_NOON, "UTC")).toBe("2026-11-25");
    expect(parseDue("Tomorrow", WED_NOON, "UTC")).toBe("2026-11-26");
    expect(parseDue("+2d", WED_NOON, "UTC")).toBe("2026-11-27");
    expect(parseDue("+1w", WED_NOON, "UTC")).toBe("2026-12-02");
    // 12:00 UTC is already Thursday 01:00 in Auckland (UTC+13 in November)
    expect(parseDue("today", WED_NOON, "Pacific/Auckland")).toBe("2026-11-26");
    expect(parseDue("+2d", WED_NOON, "Pacific/Auckland")).toBe("2026-11-28");
  });

  it("a weekday is the next one after today: friday on a Wednesday is in two days, wednesday a week away", () => {
    expect(parseDue("friday", WED_NOON, "UTC")).toBe("2026-11-27");
    expect(parseDue("fri", WED_NOON, "UTC")).toBe("2026-11-27");
    expect(parseDue("wednesday", WED_NOON, "UTC")).toBe("2026-12-02");
    expect(parseDue("monday", WED_NOON, "UTC")).toBe("2026-11-30");
  });

  it("over a weekend: on Saturday, friday is six days ahead and +2d is Monday", () => {
    const saturday = new Date("2026-11-28T10:00:00Z");
    expect(parseDue("friday", saturday, "UTC")).toBe("2026-12-04");
    expect(parseDue("+2d", saturday, "UTC")).toBe("2026-11-30");
    expect(parseDue("sunday", saturday, "UTC")).toBe("2026-11-29");
  });

  it("across a DST change the calendar moves by days, not by 24-hour steps", () => {
    // 23:30 on Saturday 7 March 2026 in New York (EST, UTC-5); clocks spring forward that night.
    const beforeSpring = new Date("2026-03-08T04:30:00Z");
    expect(parseDue("tomorrow", beforeSpring, "America/New_York")).toBe("2026-03-08");
    expect(parseDue("monday", beforeSpring, "America/New_York")).toBe("2026-03-09");
    // The same instant is already Sunday in UTC.
    expect(parseDue("tomorrow", beforeSpring, "UTC")).toBe("2026-03-09");
    // 00:30 on Sunday 25 October 2026 in Berlin, the night clocks fall back.
    const fallBack = new Date("2026-10-24T22:30:00Z");
    expect(parseDue("+1d", fallBack, "Europe/Berlin")).toBe("2026-10-26");
  });

  it("a value that is no date names itself and the forms that work", () => {
    const e = problem("fryday");
    expect(e.message).toBe("due:fryday is not a date: use YYYY-MM-DD, a weekday, +Nd, today or tomorrow");
    expect(e.field).toBe("deadline");
    expect(e.code).toBe("action_invalid");
    expect(problem("2026-02-30").message).toMatch(/^due:2026-02-30 is not a date/);
    expect(problem("fr").message).toMatch(/^due:fr is not a date/);
    expect(problem("+2").message).toMatch(/^due:\+2 is not a date/);
  });

  it("refuses a date in the past, saying what today is and where", () => {
    expect(problem("2026-11-24").message).toBe("due:2026-11-24 is in the past (today is 2026-11-25 in UTC)");
    expect(problem("2026-11-25", WED_NOON, "Pacific/Auckland").message).toBe(
      "due:2026-11-25 is in the past (today is 2026-11-26 in Pacific/Auckland)",
    );
    expect(problem("+0d").message).toBe("due:+0d is today: write due:today");
    expect(problem("+53w").message).toBe("due:+53w is more than a year ahead");
  });

  it("a deal's 48-hour window ends on the owner's calendar date 48 hours on", () => {
    expect(deadlineAfterHours(WED_NOON, 48, "UTC")).toBe("2026-11-27");
    // 12:00 UTC + 48 h is Friday 04:00 in Los Angeles and Saturday 01:00 in Auckland
    expect(deadlineAfterHours(WED_NOON, 48, "America/Los_Angeles")).toBe("2026-11-27");
    expect(deadlineAfterHours(WED_NOON, 48, "Pacific/Auckland")).toBe("2026-11-28");
  });
});
