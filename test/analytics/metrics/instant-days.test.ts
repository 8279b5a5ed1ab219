import { describe, expect, it } from "vitest";
import { instantDays } from "../../../src/analytics/metrics/instant-days";
import type { HistoryColumns } from "../../../src/domain/crm";

const columns = (instants: string[]): HistoryColumns => ({
  first: Int32Array.of(0, instants.length),
  value: new Int32Array(instants.length),
  values: ["Prospecting"],
  at: Int32Array.from(instants, (_, i) => i),
  instants,
});

describe("instantDays", () => {
  it("gives each instant's day since 1970-01-01, NaN for one that is not a date", () => {
    const days = instantDays(columns(["1970-01-02", "2024-02-29T23:59:59Z", "2024-03-01T00:00:00Z", "soon"]));
    expect([...days]).toEqual([1, 19_782, 19_783, Number.NaN]);
  });

  it("works the days out once per columns, for every reader of them", () => {
    const c = columns(["2026-06-30T10:00:00Z"]);
    expect(instantDays(c)).toBe(instantDays(c));
    expect(instantDays(columns(["2026-06-30T10:00:00Z"]))).not.toBe(instantDays(c));
  });
});
