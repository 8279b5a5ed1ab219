import { describe, expect, it } from "vitest";
import { HistoryColumnsBuilder, rowsOfColumns } from "../../src/store/history-columns";
import { deal } from "../analytics/builders";

const SEP = "\u001f";
const deals = ["O-1", "O-2", "O-3"].map((id) => deal({ id, ownerId: 1 }));
const rows = (b: HistoryColumnsBuilder) =>
  rowsOfColumns(deals, b.build(), (id, value, at) => `${id} ${value} ${at}`);

describe("history rows read in place from a range's joined text", () => {
  it("gives the rows the same columns as adding them one by one, skipping unknown deals", () => {
    const fields = [
      ["O-1", "2026-12-15", "2026-11-01T09:00:00Z"],
      ["O-1", "2026-12-31", "2026-11-02T09:00:00Z"],
      ["O-9", "2026-12-31", "2026-11-02T09:00:00Z"],
      ["O-3", "2026-12-15", "2026-11-03"],
    ];
    const inPlace = new HistoryColumnsBuilder(deals);
    expect(inPlace.addRange(fields.flat().join(SEP), fields.length, SEP)).toBe(true);
    const oneByOne = new HistoryColumnsBuilder(deals);
    for (const [id, value, at] of fields) oneByOne.add(id as string, value as string, at as string);
    expect(rows(inPlace)).toEqual([
      "O-1 2026-12-15 2026-11-01T09:00:00Z",
      "O-1 2026-12-31 2026-11-02T09:00:00Z",
      "O-3 2026-12-15 2026-11-03",
    ]);
    expect(rows(inPlace)).toEqual(rows(oneByOne));
    expect(inPlace.build().values).toEqual(["2026-12-15", "2026-12-31"]);
  });

  it("adds nothing and says so when the text is not `count` rows (a value holding the separator)", () => {
    const b = new HistoryColumnsBuilder(deals);
    expect(b.addRange(["O-1", "Proposal", "2026-11-01T09:00:00Z"].join(SEP), 1, SEP)).toBe(true);
    const broken = ["O-2", `Exec${SEP}sign-off`, "2026-11-02T09:00:00Z"].join(SEP);
    expect(b.addRange(broken, 1, SEP)).toBe(false);
    expect(b.addRange(["O-2", "Won", "2026-11-02T09:00:00Z"].join(SEP), 2, SEP)).toBe(false);
    expect(rows(b)).toEqual(["O-1 Proposal 2026-11-01T09:00:00Z"]);
  });
});
