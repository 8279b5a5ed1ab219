import { describe, expect, it } from "vitest";
import { ago, formatSlackDate } from "../../src/sandbox/render/slack-dates";
import { SLACK_DOC_TS } from "./render-context";

const LA = "America/Los_Angeles";
const at = SLACK_DOC_TS * 1000;
const day = 24 * 3600_000;

function format(tokens: string, nowMs: number, zone = LA): string {
  return formatSlackDate(`date^${SLACK_DOC_TS}^${tokens}|fallback`, zone, nowMs).text;
}

describe("Slack date tokens", () => {
  it("every token, in the viewer's zone (Slack's documented example: 2014-02-18 6:39:42 AM PST)", () => {
    const later = at + 30 * day;
    expect(format("{date_num}", later)).toBe("2014-02-18");
    expect(format("{date}", later)).toBe("February 18th, 2014");
    expect(format("{date_short}", later)).toBe("Feb 18, 2014");
    expect(format("{date_long}", later)).toBe("Tuesday, February 18th, 2014");
    expect(format("{date_pretty}", later)).toBe("February 18th, 2014");
    expect(format("{date_short_pretty}", later)).toBe("Feb 18, 2014");
    expect(format("{date_long_pretty}", later)).toBe("Tuesday, February 18th, 2014");
    expect(format("{time}", later)).toBe("6:39 AM");
    expect(format("{time_secs}", later)).toBe("6:39:42 AM");
    expect(format("{ago}", later)).toBe("A month ago");
    expect(format("at {time_secs} ({ago})", later, "Asia/Tokyo")).toBe("at 11:39:42 PM (a month ago)");
  });

  it("the _pretty forms say today, yesterday or tomorrow by the viewer's calendar", () => {
    expect(format("{date_pretty} at {time}", at + 3600_000)).toBe("Today at 6:39 AM");
    expect(format("posted {date_short_pretty}", at + day)).toBe("posted yesterday");
    expect(format("{date_long_pretty}", at - day)).toBe("Tomorrow");
    // 6:39 AM in LA is already the 19th in Auckland: the same instant is "yesterday" there on the 20th
    expect(format("{date_pretty}", Date.UTC(2014, 1, 19, 12), "Pacific/Auckland")).toBe("Yesterday");
  });

  it("ordinals: 1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd", () => {
    const shown = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23].map((d) => {
      const seconds = Date.UTC(2026, 0, d, 12) / 1000;
      return formatSlackDate(`date^${seconds}^{date}|x`, "UTC", 0).text.replace(
        /^January (\w+), 2026$/,
        "$1",
      );
    });
    expect(shown).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd"]);
  });

  it("{ago} rounds as Slack does, past and future", () => {
    const s = 1000;
    const cases: [number, string][] = [
      [30 * s, "a few seconds ago"],
      [60 * s, "a minute ago"],
      [10 * 60 * s, "10 minutes ago"],
      [60 * 60 * s, "an hour ago"],
      [5 * 3600 * s, "5 hours ago"],
      [30 * 3600 * s, "a day ago"],
      [3 * day, "3 days ago"],
      [40 * day, "a month ago"],
      [100 * day, "3 months ago"],
      [400 * day, "a year ago"],
      [800 * day, "2 years ago"],
    ];
    for (const [before, text] of cases) expect(ago(at - before, at)).toBe(text);
    expect(ago(at + 2 * day, at)).toBe("in 2 days");
  });

  it("the fallback stands in for an unreadable time, and the link is kept", () => {
    expect(formatSlackDate("date^tomorrow^{date}|soon", LA, at)).toEqual({
      text: "soon",
      link: null,
      unknownTokens: [],
    });
    expect(formatSlackDate(`date^${SLACK_DOC_TS}^{time}^https://x.test|f`, LA, at).link).toBe(
      "https://x.test",
    );
    expect(formatSlackDate(`date^${SLACK_DOC_TS}^{time} {nope}|f`, LA, at).unknownTokens).toEqual(["nope"]);
  });
});
