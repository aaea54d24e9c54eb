import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "conformance",
    include: ["test/**/*.test.ts"],
    // Prism starts in seconds on a busy 2-core machine and validates every answer: a time-out is no verdict.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
