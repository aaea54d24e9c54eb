import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "contract",
    include: ["test/**/*.test.ts"],
    // Property-based and end-to-end tests take seconds on a busy 2-core machine: a time-out is no verdict.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
