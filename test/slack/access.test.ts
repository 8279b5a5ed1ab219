import { describe, expect, it } from "vitest";
import { accessTo, buildViewer, everyoneBelow, ownDealsScope } from "../../src/domain/access";
import { describeAccess } from "../../src/slack/access";
import type { RepDirectoryEntry } from "../../src/store/slack-links-repository";

const rep = (name: string, team: string, manager: string | null, region = "Americas"): RepDirectoryEntry => ({
  id: name.length,
  name,
  email: null,
  team,
  region,
  segment: "Enterprise",
  manager,
  slackUserId: null,
});

const ana = rep("Ana Lima", "West", "Farah Ueda");
const bo = rep("Bo Chen", "West", "Farah Ueda");
const farah = rep("Farah Ueda", "West", null);
const eve = rep("Eve Park", "East", "Gus Hall", "EMEA");

describe("who sees what", () => {
  const asRep = buildViewer("U1", ana, [], false);
  const asManager = buildViewer("U2", farah, [ana, bo], false);
  const asAdmin = buildViewer("U3", null, [], true);
  const asNobody = buildViewer("U4", null, [], false);

  it("gives a rep company and team figures and only their own deals", () => {
    expect(asRep.role).toBe("rep");
    expect(accessTo(asRep, { kind: "company", value: "" })).toEqual({ figures: true, detail: false });
    expect(accessTo(asRep, { kind: "team", value: "west" })).toEqual({ figures: true, detail: false });
    expect(accessTo(asRep, { kind: "team", value: "East" })).toEqual({ figures: false, detail: false });
    expect(accessTo(asRep, { kind: "rep", value: "ana lima" })).toEqual({ figures: true, detail: true });
    expect(accessTo(asRep, { kind: "rep", value: "Bo Chen" })).toEqual({ figures: false, detail: false });
    expect(accessTo(asRep, { kind: "region", value: "Americas" }).figures).toBe(true);
    expect(accessTo(asRep, { kind: "region", value: "EMEA" }).figures).toBe(false);
  });

  it("gives a manager their team's deals and their reports", () => {
    expect(asManager.role).toBe("manager");
    expect(accessTo(asManager, { kind: "team", value: "West" })).toEqual({ figures: true, detail: true });
    expect(accessTo(asManager, { kind: "rep", value: "Bo Chen" })).toEqual({ figures: true, detail: true });
    expect(accessTo(asManager, { kind: "rep", value: eve.name }).figures).toBe(false);
    expect(describeAccess(asManager)).toContain("your reports' deals");
  });

  it("gives a manager with no rep row the regions and segments of their reports", () => {
    const director = buildViewer("U5", null, [ana, eve], false, "Gus Hall");
    expect(director.role).toBe("manager");
    expect(accessTo(director, { kind: "region", value: "emea" }).figures).toBe(true);
    expect(accessTo(director, { kind: "region", value: "Americas" }).figures).toBe(true);
    expect(accessTo(director, { kind: "region", value: "APAC" }).figures).toBe(false);
    expect(accessTo(director, { kind: "segment", value: "Enterprise" })).toEqual({
      figures: true,
      detail: false,
    });
    expect(accessTo(director, { kind: "segment", value: "Mid-Market" }).figures).toBe(false);
  });

  it("gives an admin everything and an unlinked user company figures only", () => {
    expect(accessTo(asAdmin, { kind: "rep", value: eve.name })).toEqual({ figures: true, detail: true });
    expect(asNobody.role).toBe("unlinked");
    expect(accessTo(asNobody, { kind: "company", value: "" })).toEqual({ figures: true, detail: false });
    expect(accessTo(asNobody, { kind: "team", value: "West" }).figures).toBe(false);
    expect(describeAccess(asNobody)).toBe("company figures");
  });
});

describe("everyone below a manager", () => {
  const chart: Record<string, { name: string }[]> = {
    "Dana Director": [{ name: "Farah Ueda" }, { name: "Gus Hall" }],
    "Farah Ueda": [{ name: "Ana Lima" }, { name: "Bo Chen" }],
    "Gus Hall": [{ name: "Eve Park" }],
    // a loop in the CRM's manager column: Eve manages her own manager
    "Eve Park": [{ name: "gus hall" }],
  };
  const directReportsOf = (name: string) => chart[name] ?? [];

  it("walks down every level, nearest first", () => {
    expect(everyoneBelow("Dana Director", directReportsOf).map((p) => p.name)).toEqual([
      "Farah Ueda",
      "Gus Hall",
      "Ana Lima",
      "Bo Chen",
      "Eve Park",
    ]);
  });

  it("stops at a loop and never lists the manager themself", () => {
    expect(everyoneBelow("Gus Hall", directReportsOf).map((p) => p.name)).toEqual(["Eve Park"]);
    expect(everyoneBelow("Ana Lima", directReportsOf)).toEqual([]);
  });
});

describe("default scope of a deal list", () => {
  it("is a rep's own deals, a one-team manager's team, else the company", () => {
    expect(ownDealsScope(buildViewer("U1", ana, [], false))).toEqual({ kind: "rep", value: "Ana Lima" });
    expect(ownDealsScope(buildViewer("U2", farah, [ana, bo], false))).toEqual({
      kind: "team",
      value: "West",
    });
    expect(ownDealsScope(buildViewer("U5", farah, [ana, eve], false))).toEqual({
      kind: "rep",
      value: "Farah Ueda",
    });
    expect(ownDealsScope(buildViewer("U6", null, [ana, eve], false, "Gus Hall"))).toEqual({
      kind: "company",
      value: "",
    });
    expect(ownDealsScope(buildViewer("U3", null, [], true))).toEqual({ kind: "company", value: "" });
  });
});
