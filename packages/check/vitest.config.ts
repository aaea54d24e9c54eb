import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "check",
    include: ["test/**/*.test.ts"],
    // End-to-end runs against a stub over a socket take seconds on a busy 2-core machine: a time-out is no verdict.
    // Three minutes: under two suites at once the longest took 48 s of a 60 s limit that a slower machine could pass.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
