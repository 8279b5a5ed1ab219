import { describe, expect, it } from "vitest";
import { compact, count } from "../../blocks/format";

describe("headline formatting", () => {
  it("shows money with three significant digits", () => {
    expect(compact(124_000_000, "USD")).toBe("$1.24M"); // $1,240,000
    expect(compact(48_571_000, "USD")).toBe("$486K"); // $485,710 → 486 thousand
    expect(compact(5_512_000, "USD")).toBe("$55.1K"); // $55,120
    expect(compact(0, "USD")).toBe("$0");
    expect(compact(-27_416_000, "USD")).toBe("-$274K");
  });

  it("counts with the right noun", () => {
    expect(count(1, "deal")).toBe("1 deal");
    expect(count(14, "deal")).toBe("14 deals");
    expect(count(1200, "opportunity", "opportunities")).toBe("1,200 opportunities");
  });
});
