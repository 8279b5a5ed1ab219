import { describe, expect, it } from "vitest";
import { IdSet } from "../../src/ingest/id-set";

describe("IdSet", () => {
  it("says whether an id was already added, exactly (prefixes, empty and non-ASCII ids are distinct)", () => {
    const ids = new IdSet();
    expect(ids.add("OPP-1")).toBe(true);
    expect(ids.add("OPP-1")).toBe(false);
    expect(ids.add("OPP-10")).toBe(true);
    expect(ids.add("OPP-")).toBe(true);
    expect(ids.add("")).toBe(true);
    expect(ids.add("")).toBe(false);
    expect(ids.add("Müller-1")).toBe(true);
    expect(ids.has("Muller-1")).toBe(false);
    expect(ids.has("Müller-1")).toBe(true);
    expect(ids.size).toBe(5);
  });

  it("agrees with a Set through growth of its table and character store", () => {
    const ids = new IdSet();
    const reference = new Set<string>();
    // 60,000 adds over 40,000 distinct ids: every third id repeats one seen earlier
    for (let i = 0; i < 60_000; i++) {
      const id = i % 3 === 2 ? `D-${(i * 7919) % 40_000}` : `D-${i % 40_000}`;
      expect(ids.add(id)).toBe(!reference.has(id));
      reference.add(id);
    }
    expect(ids.size).toBe(reference.size);
    for (const id of reference) expect(ids.has(id)).toBe(true);
    expect(ids.has("D-40000")).toBe(reference.has("D-40000"));
  });

  it("ids in increasing order are appended unhashed; the first one out of order still finds every earlier id", () => {
    const ids = new IdSet();
    const id = (i: number) => `OPP-${String(i).padStart(7, "0")}`;
    for (let i = 1; i <= 50_000; i++) expect(ids.add(id(i))).toBe(true);
    // a repeat of the very first id, out of order: found once the table is built from the store
    expect(ids.add(id(1))).toBe(false);
    expect(ids.add(id(25_000))).toBe(false);
    expect(ids.add(id(50_000))).toBe(false);
    expect(ids.add("OPP-0000000")).toBe(true);
    expect(ids.add("OPP-0000000")).toBe(false);
    expect(ids.add(id(50_001))).toBe(true);
    expect(ids.size).toBe(50_002);
    for (let i = 1; i <= 50_001; i++) expect(ids.has(id(i))).toBe(true);
    expect(ids.has(id(50_002))).toBe(false);
  });

  it("a repeat right after its first appearance ends the increasing run; has() works in either mode", () => {
    const ids = new IdSet();
    expect(ids.add("A")).toBe(true);
    expect(ids.add("B")).toBe(true);
    expect(ids.has("A")).toBe(true);
    expect(ids.has("C")).toBe(false);
    expect(ids.add("C")).toBe(true);
    expect(ids.add("C")).toBe(false);
    const fresh = new IdSet();
    expect(fresh.has("")).toBe(false);
    expect(fresh.add("")).toBe(true);
    expect(fresh.add("")).toBe(false);
  });
});
