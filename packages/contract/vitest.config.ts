import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "contract",
    include: ["test/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: ".test-results/vitest.json" },
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
