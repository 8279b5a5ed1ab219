import { describe, expect, it } from "vitest";
import { changeActionItem } from "../../src/actions/change-item";
import { createActionItem } from "../../src/actions/create-item";
import { actionItemsCsv, csvField } from "../../src/actions/csv-export";
import { ActionItemError } from "../../src/actions/errors";
import type { NewActionItem } from "../../src/actions/item-rules";
import { listActionItemsFor } from "../../src/actions/lists";
import { recordUserZone, zoneLookup, zonesToRefresh } from "../../src/actions/user-zones";
import type { Db } from "../../src/store/db";
import { tempDb } from "../ingest/helpers";
import { item, NO_AUTHORITY } from "./helpers";

const CREATED = new Date("2026-10-01T10:00:00Z");

function add(db: Db, overrides: Partial<NewActionItem>): number {
  const base: NewActionItem = {
    text: "Follow up",
    ownerId: "UANA",
    creatorId: "UMGR",
    deadline: "2026-11-20",
    ownerZone: "UTC",
    source: "manual",
  };
  return createActionItem(db, { ...base, ...overrides }, CREATED).item.id;
}

describe("lists", () => {
  function fixture() {
    const { db } = tempDb();
    const ids = {
      anaLate: add(db, { deadline: "2026-11-20" }),
      anaSoon: add(db, { deadline: "2026-11-27" }),
      benToday: add(db, { ownerId: "UBEN", deadline: "2026-11-25", ritual: "pipeline-review" }),
      // the 24th has ended in UTC but not yet in Los Angeles at 06:00 UTC on the 25th
      calLA: add(db, { ownerId: "UCAL", deadline: "2026-11-24", ownerZone: "America/Los_Angeles" }),
      anaDone: add(db, { deadline: "2026-11-10" }),
      anaOldDone: add(db, { deadline: "2026-11-05" }),
      benDropped: add(db, { ownerId: "UBEN", ritual: "pipeline-review" }),
    };
    const change = (id: number, kind: "done" | "drop", at: string) =>
      changeActionItem(
        db,
        {
          itemId: id,
          change: kind === "done" ? { kind } : { kind, reason: "duplicate" },
          actorId: "UMGR",
          authority: NO_AUTHORITY,
        },
        new Date(at),
      );
    change(ids.anaDone, "done", "2026-11-09T10:00:00Z");
    change(ids.anaOldDone, "done", "2026-10-20T10:00:00Z");
    change(ids.benDropped, "drop", "2026-11-09T10:00:00Z");
    return { db, ids };
  }
  const now = new Date("2026-11-25T06:00:00Z");
  const idsOf = (items: { id: number }[]) => items.map((i) => i.id);

  it("mine, team and ritual: open items by deadline", () => {
    const { db, ids } = fixture();
    expect(idsOf(listActionItemsFor(db, { kind: "mine", userId: "UANA" }, now))).toEqual([
      ids.anaLate,
      ids.anaSoon,
    ]);
    expect(idsOf(listActionItemsFor(db, { kind: "team", ownerIds: ["UANA", "UBEN"] }, now))).toEqual([
      ids.anaLate,
      ids.benToday,
      ids.anaSoon,
    ]);
    expect(idsOf(listActionItemsFor(db, { kind: "ritual", ritual: "pipeline-review" }, now))).toEqual([
      ids.benToday,
    ]);
  });

  it("overdue means the deadline day has ended in the item's zone", () => {
    const { db, ids } = fixture();
    expect(idsOf(listActionItemsFor(db, { kind: "overdue" }, now))).toEqual([ids.anaLate]);
    // 09:00 UTC is 01:00 in Los Angeles on the 25th: Cal's 24th has ended
    const later = new Date("2026-11-25T09:00:00Z");
    expect(idsOf(listActionItemsFor(db, { kind: "overdue" }, later))).toEqual([ids.anaLate, ids.calLA]);
    expect(idsOf(listActionItemsFor(db, { kind: "overdue", ownerIds: ["UCAL"] }, later))).toEqual([
      ids.calLA,
    ]);
  });

  it("done: the last 30 days, latest first", () => {
    const { db, ids } = fixture();
    expect(idsOf(listActionItemsFor(db, { kind: "done" }, now))).toEqual([ids.anaDone]);
    expect(idsOf(listActionItemsFor(db, { kind: "done", days: 40 }, now))).toEqual([
      ids.anaDone,
      ids.anaOldDone,
    ]);
  });
});

describe("CSV export", () => {
  it("has a header, CRLF line ends and RFC 4180 quoting", () => {
    const csv = actionItemsCsv(
      [item({ id: 7, text: 'Send "final" pricing, then\ncall', deadline: "2026-11-20", dealId: "OPP-9" })],
      new Date("2026-11-25T12:00:00Z"),
    );
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(
      "id,text,owner,creator,state,overdue,deadline,deadline_zone,source,review,ritual,deal_id,created_at,changed_at,changed_by,done_at,drop_reason,version",
    );
    expect(csv).toContain(
      '7,"Send ""final"" pricing, then\ncall",UOWNER,UCREATOR,open,yes,2026-11-20,UTC,manual,,,OPP-9,',
    );
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(lines).toHaveLength(3);
  });

  it("a cell a spreadsheet would run as a formula is kept as text", () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("+1 555")).toBe("'+1 555");
    expect(csvField("-2+3")).toBe("'-2+3");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("\tcmd")).toBe("'\tcmd");
    expect(csvField("Call the CFO")).toBe("Call the CFO");
    const csv = actionItemsCsv([item({ text: "=cmd|' /C calc'!A0" })], new Date("2026-11-25T12:00:00Z"));
    expect(csv.split("\r\n")[1]).toContain(",'=cmd|' /C calc'!A0,");
  });
});

describe("people's zones", () => {
  it("asks users.info again for people never asked or asked over a week ago", () => {
    const { db } = tempDb();
    recordUserZone(db, "UANA", "Europe/Berlin", new Date("2026-11-20T10:00:00Z"));
    recordUserZone(db, "UBEN", "America/Chicago", new Date("2026-11-10T10:00:00Z"));
    const now = new Date("2026-11-25T10:00:00Z");
    expect(zonesToRefresh(db, ["UANA", "UBEN", "UCAL", "UCAL"], now)).toEqual(["UBEN", "UCAL"]);
    const zoneOf = zoneLookup(db, "America/New_York");
    expect([zoneOf("UANA"), zoneOf("UBEN"), zoneOf("UCAL")]).toEqual([
      "Europe/Berlin",
      "America/Chicago",
      "America/New_York",
    ]);
  });

  it("refuses a zone that is not IANA and keeps the one it had", () => {
    const { db } = tempDb();
    recordUserZone(db, "UANA", "Europe/Berlin", new Date("2026-11-20T10:00:00Z"));
    expect(() => recordUserZone(db, "UANA", "CET+1", new Date("2026-11-25T10:00:00Z"))).toThrow(
      ActionItemError,
    );
    expect(zoneLookup(db, "UTC")("UANA")).toBe("Europe/Berlin");
  });
});
