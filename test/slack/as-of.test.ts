import { describe, expect, it } from "vitest";
import { asOfLine, formatInstant } from "../../src/slack/answers/as-of";

describe("the trace line", () => {
  it("shows as_of in the workspace time zone, the import and the definition version", () => {
    const stored = { asOf: "2026-11-24T06:00:00.000Z", importId: 41, definitionVersion: 3 };
    expect(asOfLine(stored, "UTC")).toBe("as of 24 Nov 06:00 UTC · import #41 · definitions v3");
    // 06:00 UTC is 01:00 in New York in November (EST, UTC−5).
    expect(formatInstant(stored.asOf, "America/New_York")).toBe("24 Nov 01:00 EST");
    // 22:30 UTC is 07:30 the next day in Tokyo (UTC+9).
    expect(formatInstant("2026-11-24T22:30:00Z", "Asia/Tokyo")).toBe("25 Nov 07:30 GMT+9");
  });

  it("says so when the data came from no import", () => {
    expect(asOfLine({ asOf: "2026-01-05T00:00:00Z", importId: null, definitionVersion: 1 }, "UTC")).toBe(
      "as of 5 Jan 00:00 UTC · no import · definitions v1",
    );
  });
});
