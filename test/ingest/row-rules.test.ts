import { describe, expect, it } from "vitest";
import type { RowIssue } from "../../src/ingest/problems";
import { checkRow } from "../../src/ingest/row-rules";

const contract = {
  id: "C-1",
  account: "Acme",
  product: null,
  valueCents: 120_000,
  startDate: "2026-01-01",
  endDate: "2026-12-31",
};

function issuesOf(kind: Parameters<typeof checkRow>[0], row: unknown): RowIssue[] {
  const issues: RowIssue[] = [];
  const ok = checkRow(kind, row, issues);
  expect(ok).toBe(issues.length === 0);
  return issues;
}

describe("row rules (zod)", () => {
  it("accepts a sensible row", () => {
    expect(issuesOf("contracts", contract)).toEqual([]);
    expect(issuesOf("quotas", { owner: "Ana", period: "2026-11", amountCents: 0 })).toEqual([]);
  });

  it("names the CSV field and says why, for each broken rule", () => {
    expect(issuesOf("contracts", { ...contract, valueCents: -1, endDate: "2025-12-31" })).toEqual([
      { field: "value", message: "must not be negative" },
      { field: "end_date", message: "is before start_date 2026-01-01" },
    ]);
    expect(issuesOf("quotas", { owner: "Ana", period: "2026-11", amountCents: 10.5 })).toEqual([
      { field: "amount", message: "must be whole cents" },
    ]);
  });

  it("leaves a date the row could not read to its own problem", () => {
    // "" is what a reader returns for a date it already reported as unreadable
    expect(issuesOf("contracts", { ...contract, startDate: "" })).toEqual([]);
  });

  it("refuses a row of the wrong shape", () => {
    const issues = issuesOf("opportunities", { id: "O-1" });
    expect(issues.map((i) => i.field)).toContain("owner");
    expect(issues.map((i) => i.field)).toContain("amount");
  });
});
