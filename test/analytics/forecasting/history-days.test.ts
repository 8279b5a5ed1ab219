import { describe, expect, it } from "vitest";
import { firstPushDay, rowAsOf } from "../../../src/analytics/forecasting/as-of";
import { columnsOfRows, dayColumns, NOT_A_DAY } from "../../../src/analytics/forecasting/history-days";
import { dayNumber } from "../../../src/domain/day-number";
import { closeDateChanges, stageChanges } from "../builders";

// deal 0: three stage rows; deal 1: none; deal 2: one row
const stageRows = [
  stageChanges("A", [
    ["Discovery", "2026-12-31T23:59:59Z"],
    ["Proposal", "2027-01-01"],
    ["Negotiation", "2027-01-01T00:00:00Z"],
  ]),
  undefined,
  stageChanges("C", [["Proposal", "2026-09-20T10:00:00Z"]]),
];
const stages = dayColumns(
  columnsOfRows(
    3,
    (i) => stageRows[i],
    (h) => h.stage,
    (h) => h.enteredAt,
  ),
);

describe("history columns with day numbers", () => {
  it("puts row objects into columns, each value and instant once", () => {
    expect([...stages.first]).toEqual([0, 3, 3, 4]);
    expect(stages.values).toEqual(["Discovery", "Proposal", "Negotiation"]);
    expect([...stages.value]).toEqual([0, 1, 2, 1]);
    expect(stages.instants).toHaveLength(4);
    // 2027-01-01 is day 20,819; the last second of 2026-12-31 is on the day before
    expect([...stages.atDay]).toEqual([20_818, 20_819, 20_819, 20_716]);
    expect(dayNumber("2027-01-01")).toBe(20_819);
  });

  it("gives an instant that is not a date a day later than any", () => {
    const odd = dayColumns({
      first: Int32Array.of(0, 1),
      value: Int32Array.of(0),
      values: ["Proposal"],
      at: Int32Array.of(0),
      instants: ["not a date"],
    });
    expect([...odd.atDay]).toEqual([NOT_A_DAY]);
  });

  it("finds the row in force at the end of a day, as stageAsOf does", () => {
    const day = dayNumber;
    expect(rowAsOf(stages, 0, 3, day("2026-12-30"))).toBe(0); // all later: the earliest row
    expect(rowAsOf(stages, 0, 3, day("2026-12-31"))).toBe(0);
    expect(rowAsOf(stages, 0, 3, day("2027-01-01"))).toBe(2); // both rows of 01-01: the last
    expect(rowAsOf(stages, 3, 3, day("2027-01-01"))).toBe(-1); // no history
    expect(rowAsOf(stages, 3, 4, day("2026-09-20"))).toBe(3);
    // resumed from the row found for an earlier day: the same answer as from the first row
    expect(rowAsOf(stages, rowAsOf(stages, 0, 3, day("2026-12-31")), 3, day("2027-01-01"))).toBe(2);
  });

  it("finds the day of the first push to a later month, as firstPushDate does", () => {
    const rows = [
      closeDateChanges("A", [
        ["2026-10-15", "2026-09-01"],
        ["2026-10-30", "2026-09-10"],
        ["2026-11-20", "2026-10-02T09:00:00Z"],
      ]),
      closeDateChanges("B", [["2026-10-15", "2026-09-01"]]),
    ];
    const closes = dayColumns(
      columnsOfRows(
        2,
        (i) => rows[i],
        (h) => h.closeDate,
        (h) => h.changedAt,
      ),
    );
    expect(firstPushDay(closes, 0, 3)).toBe(dayNumber("2026-10-02"));
    expect(firstPushDay(closes, 0, 2)).toBe(Number.POSITIVE_INFINITY); // 10-15 → 10-30: same month
    expect(firstPushDay(closes, 3, 4)).toBe(Number.POSITIVE_INFINITY);
  });
});
