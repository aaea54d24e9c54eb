// @ts-nocheck
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "export",
    include: ["test/**/*.test.ts"],
    // A real PostgreSQL for the PostgreSQL sink's tests, started once and stopped at the end.
    globalSetup: ["test/helpers/postgres-server.ts"],
    // Runs against a stub over a socket, and of the built CLI, take seconds on a busy 2-core machine: a time-out is no verdict.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
