import { afterEach, beforeEach, vi } from "vitest";

// A test fails on any console.error it did not expect. A test that expects one
// replaces the spy with its own (vi.spyOn(console, "error").mockImplementation(...)).
let unexpected: unknown[][] = [];

beforeEach(() => {
  unexpected = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    unexpected.push(args);
  });
});

afterEach(() => {
  const seen = unexpected;
  unexpected = [];
  if (seen.length > 0) {
    throw new Error(`unexpected console.error:\n${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});
