import { defineConfig } from "vitest/config";

// Runs every workspace's tests at once (`pnpm vitest`); turbo runs them per package in CI.
export default defineConfig({
  test: { projects: ["packages/*", "apps/*"] },
});
