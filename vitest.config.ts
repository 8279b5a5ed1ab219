import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    restoreMocks: true,
    // generous: child processes and sample generation take seconds, many more on a loaded machine
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
