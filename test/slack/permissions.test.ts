import { describe, expect, it } from "vitest";
import { accessTo, buildViewer, describeAccess } from "../../src/slack/permissions";
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
