import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "export",
    include: ["test/**/*.test.ts"],
    // A real PostgreSQL for the PostgreSQL sink's tests, started once and stopped at the end.
    globalSetup: ["test/helpers/postgres-server.ts"],
    // Runs against a stub over a socket, and of the built CLI, take seconds on a busy 2-core machine: a time-out is no verdict.
    // Three minutes: under two suites at once the longest took 48 s of a 60 s limit that a slower machine could pass.
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
