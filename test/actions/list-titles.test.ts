import { describe, expect, it } from "vitest";
import { buildList } from "../../commands/action-item-lists";
import { createActionItem } from "../../src/actions/create-item";
import type { Role, Viewer } from "../../src/domain/access";
import { tempDb } from "../ingest/helpers";

/** The `/actions` lists a viewer gets: which items, under which title, or why there is no list. */

const NOW = new Date("2026-11-25T12:00:00Z");

function viewer(slackUserId: string, role: Role): Viewer {
  return {
    slackUserId,
    role,
    rep: null,
    figureTeams: new Set(),
    detailTeams: new Set(),
    reps: new Set(),
    regions: new Set(),
    segments: new Set(),
    managedTeamNames: [],
    managerName: null,
  };
}

function fixture() {
  const { db } = tempDb();
  const add = (ownerId: string, deadline: string) =>
    createActionItem(
      db,
      {
        text: `Follow up ${ownerId} ${deadline}`,
        ownerId,
        creatorId: "UMGR",
        deadline,
        ownerZone: "UTC",
        source: "manual",
      },
      new Date("2026-11-01T10:00:00Z"),
    ).item.id;
  const ids = {
    anaLate: add("UANA", "2026-11-20"),
    anaSoon: add("UANA", "2026-11-30"),
    benLate: add("UBEN", "2026-11-10"),
  };
  return { deps: { db, clock: () => NOW }, ids };
}

const listOf = (built: ReturnType<typeof buildList>) => {
  if ("notice" in built) throw new Error(`a notice: ${built.notice}`);
  return {
    title: built.title,
    ids: built.items.map((i) => i.id).sort((a, b) => a - b),
    showOwner: built.showOwner,
  };
};

describe("/actions lists", () => {
  it("mine: the viewer's own open items, without the owner column", () => {
    const { deps, ids } = fixture();
    expect(listOf(buildList(deps, viewer("UANA", "rep"), "mine"))).toEqual({
      title: "Your open action items",
      ids: [ids.anaLate, ids.anaSoon],
      showOwner: false,
    });
  });

  it("overdue: a rep's own late items only; an admin's everyone's", () => {
    const { deps, ids } = fixture();
    expect(listOf(buildList(deps, viewer("UANA", "rep"), "overdue"))).toEqual({
      title: "Overdue action items (you)",
      ids: [ids.anaLate],
      showOwner: true,
    });
    expect(listOf(buildList(deps, viewer("UADMIN", "admin"), "overdue"))).toEqual({
      title: "Overdue action items (everyone)",
      ids: [ids.anaLate, ids.benLate],
      showOwner: true,
    });
  });

  it("team: an admin sees every open item; someone nobody reports to is told why there is no list", () => {
    const { deps, ids } = fixture();
    expect(listOf(buildList(deps, viewer("UADMIN", "admin"), "team"))).toEqual({
      title: "Everyone's open action items",
      ids: [ids.anaLate, ids.anaSoon, ids.benLate],
      showOwner: true,
    });
    expect(buildList(deps, viewer("UANA", "rep"), "team")).toEqual({
      notice: "Nobody reports to you here, so you have no team list. `/actions` lists your own items.",
    });
  });

  it("ritual: a name that is no ritual and has no items is named back", () => {
    const { deps } = fixture();
    expect(buildList(deps, viewer("UANA", "rep"), "ritual:Weekly nothing")).toEqual({
      notice: 'There is no ritual named "Weekly nothing": `/rituals list` names them.',
    });
  });
});
