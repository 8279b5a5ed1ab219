import { describe, expect, it } from "vitest";
import { fittedFontSize, MIN_FONT } from "../../src/charts/deck/deck-writer";

const SIDE = { x: 8.95, y: 1.65, w: 3.88, h: 4.9 };
const sentence = "Slip factor ×0.7 on the win rate of deals pushed before or older in their stage.";

describe("text boxes: the size is chosen so the text fits (PowerPoint does not shrink on open)", () => {
  it("keeps the asked size when the lines fit", () => {
    expect(fittedFontSize([sentence, sentence], SIDE, 15, true)).toBe(15);
  });

  it("goes down a point at a time until the wrapped lines fit the box's height", () => {
    const lines = Array.from({ length: 6 }, () => sentence);
    const size = fittedFontSize(lines, SIDE, 15, true);
    expect(size).toBeLessThan(15);
    expect(size).toBeGreaterThanOrEqual(MIN_FONT);
    // with a quarter more room it would have stayed larger
    expect(fittedFontSize(lines, { ...SIDE, h: SIDE.h * 1.25 }, 15, true)).toBeGreaterThan(size);
  });

  it("never goes below the smallest size, however much text there is", () => {
    expect(
      fittedFontSize(
        Array.from({ length: 60 }, () => sentence),
        SIDE,
        15,
        true,
      ),
    ).toBe(MIN_FONT);
  });
});
