import { describe, expect, it } from "vitest";
import { ArgsError, parseCommandArgs, teamArg } from "../../src/slack/answers/args";

const full = { period: true, scope: true, maxTop: 50 };

describe("parseCommandArgs", () => {
  it("reads period, scope and top N in any order", () => {
    const a = parseCommandArgs("top 10 team:West 2026-Q4", full);
    expect(a.period?.key).toBe("2026-Q4");
    expect(a.scope).toEqual({ kind: "team", value: "West" });
    expect(a.top).toBe(10);
    expect(parseCommandArgs("7 fy2026", full)).toMatchObject({ top: 7, period: { key: "FY2026" } });
  });

  it("keeps multi-word and quoted names together", () => {
    expect(parseCommandArgs("team:North America 2026-11", full).scope).toEqual({
      kind: "team",
      value: "North America",
    });
    expect(parseCommandArgs('region:"Latin America" top 3', full).scope).toEqual({
      kind: "region",
      value: "Latin America",
    });
  });

  it("writes a team the way it reads back, quoted when it has spaces", () => {
    expect(teamArg("West")).toBe("team:West");
    expect(teamArg("North America")).toBe('team:"North America"');
    expect(teamArg("R&D")).toBe("team:R&amp;D");
    for (const team of ["West", "North America"]) {
      expect(parseCommandArgs(`${teamArg(team)} top 3`, full).scope).toEqual({ kind: "team", value: team });
    }
  });

  it("reads mentions as Slack user ids and `me`", () => {
    expect(parseCommandArgs("rep:<@U012AB|ana>", full).scope).toEqual({ kind: "rep", slackUserId: "U012AB" });
    expect(parseCommandArgs("<@W9ZZ>", full).scope).toEqual({ kind: "rep", slackUserId: "W9ZZ" });
    expect(parseCommandArgs("rep:Ana Lima", full).scope).toEqual({ kind: "rep", name: "Ana Lima" });
    expect(parseCommandArgs("ME", full).scope).toEqual({ kind: "me" });
    expect(parseCommandArgs("help", full).help).toBe(true);
  });

  it.each([
    ["2026-13", "not a month"],
    ["2026-11 2026-12", "one period at a time"],
    ["team:West me", "one scope at a time"],
    ["top", '"top" needs a number'],
    ["top 0", "between 1 and 50"],
    ["51", "between 1 and 50"],
    ["segment:", "needs a name"],
    ["west", '"west" is not a period'],
  ])("rejects %s (%s)", (text, why) => {
    expect(() => parseCommandArgs(text, full)).toThrow(ArgsError);
    expect(() => parseCommandArgs(text, full)).toThrow(why);
  });

  it("says what a stray word is not in one sentence, naming each form the command takes once", () => {
    const message = (spec: Parameters<typeof parseCommandArgs>[1]) => {
      try {
        parseCommandArgs("banana", spec);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error("banana was accepted");
    };
    expect(message({ period: true, scope: true })).toBe(
      '"banana" is neither a period (like 2026-11, 2026-Q4 or FY2026) nor a scope (me, team:X, region:X, segment:X or rep:@someone)',
    );
    expect(message({ period: false, scope: true })).toBe(
      '"banana" is not a scope (me, team:X, region:X, segment:X or rep:@someone)',
    );
    expect(message({ period: true, scope: false })).toBe(
      '"banana" is not a period (like 2026-11, 2026-Q4 or FY2026)',
    );
    expect(message(full)).toBe(
      '"banana" is not a period (like 2026-11, 2026-Q4 or FY2026), a scope (me, team:X, region:X, segment:X or rep:@someone) or a number (top 10)',
    );
  });

  it("says why top N stops where it does", () => {
    expect(() =>
      parseCommandArgs("top 30", { ...full, maxTop: 20, maxTopReason: "the register keeps 20" }),
    ).toThrow("top N must be between 1 and 20 (got 30): the register keeps 20");
  });

  it("rejects what a command does not take", () => {
    expect(() => parseCommandArgs("2026-11", { period: false, scope: true })).toThrow("takes no period");
    expect(() => parseCommandArgs("10", { period: true, scope: true })).toThrow("takes no number");
  });
});
