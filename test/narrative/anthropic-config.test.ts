import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("Anthropic summary settings", () => {
  it("default to 1024 tokens and a 20 s timeout", () => {
    const c = loadConfig({});
    expect(c.ANTHROPIC_MAX_TOKENS).toBe(1024);
    expect(c.ANTHROPIC_TIMEOUT_MS).toBe(20_000);
  });

  it("read whole numbers from the environment, empty meaning unset", () => {
    const c = loadConfig({ ANTHROPIC_MAX_TOKENS: "600", ANTHROPIC_TIMEOUT_MS: "" });
    expect(c.ANTHROPIC_MAX_TOKENS).toBe(600);
    expect(c.ANTHROPIC_TIMEOUT_MS).toBe(20_000);
  });

  it("name the variable, the range and the value when one is out of range or not a number", () => {
    expect(problems({ ANTHROPIC_MAX_TOKENS: "0", ANTHROPIC_TIMEOUT_MS: "20s" })).toEqual([
      'ANTHROPIC_MAX_TOKENS must be a number of tokens from 1 to 8192 (got "0")',
      'ANTHROPIC_TIMEOUT_MS must be a number of milliseconds from 100 to 600000 (got "20s")',
    ]);
    expect(problems({ ANTHROPIC_TIMEOUT_MS: "1500.5" })).toEqual([
      'ANTHROPIC_TIMEOUT_MS must be a number of milliseconds from 100 to 600000 (got "1500.5")',
    ]);
  });
});
