import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JOURNAL_ROUTES } from "../../src/http/admin/journal-routes";
import { ADMIN_ROUTES } from "../../src/http/admin/scenario";
import { startHarness } from "../helpers/harness";

const routes = [...ADMIN_ROUTES, ...JOURNAL_ROUTES];
const listed = routes.map(({ method, path }) => `${method} ${path}`);

/** The routes named in the first column of the README's "Scenario control" table. */
function readmeRoutes(): string[] {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.split(/^## /m).find((part) => part.startsWith("Scenario control"));
  if (section === undefined) throw new Error('no "## Scenario control" section in the README');
  return [...section.matchAll(/^\| `(GET|POST|DELETE) ([^`]+)` \|/gm)].map(
    ([, method, path]) => `${method} ${path}`,
  );
}

describe("the admin routes", () => {
  it("are the ones the README's scenario-control table names, no more, no fewer", () => {
    expect(readmeRoutes().sort()).toEqual([...listed].sort());
  });

  it("answer every listed route, and nothing else under /__stub", async () => {
    const harness = await startHarness("in-process", {
      admin: true,
      dataset: { start: "2023-01-01T00:00:00Z", end: "2023-01-02T00:00:00Z" },
    });
    for (const { method, path } of routes) {
      const body =
        path === "/__stub/latency"
          ? '{"ms":0}'
          : path === "/__stub/fail"
            ? '{"status":503}'
            : undefined;
      const response = await harness.fetch(path, {
        method,
        ...(body === undefined ? {} : { body, headers: { "content-type": "application/json" } }),
      });
      if (method === "DELETE") {
        expect(response.status, `${method} ${path}`).toBe(204);
      } else {
        expect(response.status, `${method} ${path}`).toBe(200);
        expect(await response.json(), `${method} ${path}`).toBeTypeOf("object");
      }
      harness.stub.scenario.reset();
    }
    for (const [method, path] of [
      ["GET", "/__stub/fail"],
      ["POST", "/__stub/scenario"],
      ["GET", "/__stub/unknown"],
    ] as const) {
      expect((await harness.fetch(path, { method })).status, `${method} ${path}`).toBe(404);
    }
  });
});
