import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "check",
    include: ["test/**/*.test.ts"],
    // End-to-end runs against a stub over a socket take seconds on a busy 2-core machine: a time-out is no verdict.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
