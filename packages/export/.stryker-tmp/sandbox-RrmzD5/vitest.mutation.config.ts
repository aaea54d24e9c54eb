// @ts-nocheck
import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    include: [
      "test/windows.test.ts",
      "test/incremental.test.ts",
      "test/split.test.ts",
      "test/guard.test.ts",
      "test/concurrency.test.ts",
      "test/steps.test.ts",
      "test/stub.test.ts",
      "test/state-file.test.ts",
      "test/lock.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
