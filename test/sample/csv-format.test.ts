import { describe, expect, it } from "vitest";
import { centsToDecimal, csvField, csvLine } from "../../data/sample/csv";
import { TRICKY_ACCOUNT_NAMES } from "../../data/sample/names";
import { HEADERS } from "../../data/sample/rows";
import { loadSample } from "./load-sample";

describe("sample CSV format", () => {
  it("quotes fields with commas, quotes, line breaks or edge spaces, and nothing else", () => {
    expect(csvField("Acme, Inc.")).toBe('"Acme, Inc."');
    expect(csvField('"Quoted" Analytics')).toBe('"""Quoted"" Analytics"');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField("Smith & Sons <B>")).toBe("Smith & Sons <B>");
    expect(csvField(null)).toBe("");
    expect(csvLine(["a", 1, true, "b,c"])).toBe('a,1,true,"b,c"\n');
  });

  it("writes money as a plain decimal with two places", () => {
    expect(centsToDecimal(1_250_000)).toBe("12500.00");
    expect(centsToDecimal(5)).toBe("0.05");
    expect(centsToDecimal(0)).toBe("0.00");
  });

  it("round-trips tricky account and deal names through a strict CSV parser", async () => {
    const sample = await loadSample({ deals: 3000, seed: "tricky", month: "2026-05" });
    const accountNames = new Set(sample.rows.accounts.map((a) => a.name));
    for (const name of TRICKY_ACCOUNT_NAMES) expect(accountNames.has(name), name).toBe(true);
    const trickyDeals = sample.rows.opportunities.filter((o) =>
      TRICKY_ACCOUNT_NAMES.includes(o.account as (typeof TRICKY_ACCOUNT_NAMES)[number]),
    );
    expect(trickyDeals.length).toBeGreaterThan(0);
    for (const deal of trickyDeals) expect(deal.name?.startsWith(deal.account ?? "?")).toBe(true);
  });

  it("writes each file's header exactly as the importer's generic format names it", () => {
    expect(HEADERS.opportunities).toBe(
      "id,name,account,owner,stage,amount,probability,product,created_date,close_date,next_step,last_activity_date,is_closed,is_won\n",
    );
    expect(HEADERS["stage-history"]).toBe("opportunity_id,changed_at,stage,close_date\n");
    expect(HEADERS.forecasts).toBe("submitted_by,scope,period,amount,submitted_at\n");
  });
});
