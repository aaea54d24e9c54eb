import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "conformance",
    include: ["test/**/*.test.ts"],
    // Prism starts in seconds on a busy 2-core machine and validates every answer: a time-out is no verdict.
    // Three minutes: under two suites at once the longest took 48 s of a 60 s limit that a slower machine could pass.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
