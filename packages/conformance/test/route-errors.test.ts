// Each route declares exactly the errors it can answer: every (status, code) of the contract's
// ROUTE_ERROR_CODES is answered by the stub on that route (its Node build, or its browser build for
// `format_unavailable`), and every error the stub answers there is declared by openapi.json for it.

import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { contract, ROUTE_ERROR_CODES } from "@giosg-reporting/contract";
import { createStub, type Stub } from "@giosg-reporting/stub";
import { beforeAll, describe, expect, it } from "vitest";
import { readOpenApi } from "../src/document";
import { DATASET_RANGE } from "../src/requests";
import { CASES_MAX_BODY_BYTES, type ErrorCase, routeErrorCases } from "../src/route-error-cases";

const require = createRequire(import.meta.url);
const document = readOpenApi() as {
  paths: Record<string, Record<string, { responses: Record<string, Response> }>>;
  components: { schemas: Record<string, Schema> };
};
type Schema = { $ref?: string; properties?: { code?: { enum?: string[] } } };
type Response = { content?: Record<string, { schema?: Schema }> };
const options = { dataset: DATASET_RANGE, maxBodyBytes: CASES_MAX_BODY_BYTES };

/** The codes openapi.json lets `route` answer with `status` (none when it does not declare it). */
function documentedCodes(route: keyof typeof contract, status: number): string[] {
  const { method, path } = contract[route];
  const operation = document.paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
  let schema = operation?.responses[String(status)]?.content?.["application/json"]?.schema;
  if (schema?.$ref) schema = document.components.schemas[schema.$ref.split("/").pop() ?? ""];
  return schema?.properties?.code?.enum ?? [];
}

/** The stub's answer to a case: its status and body. */
async function answer(stub: Stub, item: ErrorCase): Promise<{ status: number; body: unknown }> {
  if (item.fail) stub.scenario.fail(item.fail);
  const response = await stub.fetch(`http://stub.test${item.path}`, {
    method: item.method,
    headers: item.headers,
    ...(item.body === undefined ? {} : { body: item.body }),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

describe("each route's errors, on the stub's Node and browser builds", () => {
  const cases = routeErrorCases();
  let builds: { node: Stub; browser: Stub };
  beforeAll(async () => {
    // The browser build by its file: in Node, the package's `./msw` export resolves to the Node one.
    const folder = dirname(require.resolve("@giosg-reporting/stub/package.json"));
    const browser = (await import(pathToFileURL(join(folder, "dist/msw-browser.js")).href)) as {
      createStubHandlers: (options: object) => { stub: Stub };
    };
    builds = { node: createStub(options), browser: browser.createStubHandlers(options).stub };
  });

  it.each(cases.map((item) => [item.route, item.status, item.code, item] as const))(
    "%s answers %i %s, declared by openapi.json and the contract",
    async (route, status, code, item) => {
      for (const build of item.browserOnly
        ? ["browser" as const]
        : (["node", "browser"] as const)) {
        const got = await answer(builds[build], item);
        expect({ build, status: got.status, code: (got.body as { code: string }).code }).toEqual({
          build,
          status,
          code,
        });
        expect(documentedCodes(route, status), `${build}: ${route} ${status}`).toContain(code);
        const schema = (
          contract[route].responses as Record<
            number,
            { safeParse: (body: unknown) => { success: boolean } }
          >
        )[status];
        expect(schema?.safeParse(got.body).success, `${build}: ${route} ${status}`).toBe(true);
      }
    },
  );

  it("provokes every code each route declares: none is listed that the route cannot answer", () => {
    const provoked = new Set(cases.map(({ route, status, code }) => `${route} ${status} ${code}`));
    const declared = Object.entries(ROUTE_ERROR_CODES).flatMap(([route, statuses]) =>
      Object.entries(statuses).flatMap(([status, codes]) =>
        (codes as readonly string[]).map((code) => `${route} ${status} ${code}`),
      ),
    );
    expect([...provoked].sort()).toEqual([...declared].sort());
    for (const route of Object.keys(ROUTE_ERROR_CODES) as (keyof typeof contract)[]) {
      const { method, path } = contract[route];
      const operation = document.paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
      expect(Object.keys(operation?.responses ?? {}), route).toEqual([
        "200",
        ...Object.keys(ROUTE_ERROR_CODES[route]),
      ]);
      for (const status of Object.keys(ROUTE_ERROR_CODES[route]).map(Number))
        expect(documentedCodes(route, status), `${route} ${status}`).toEqual(
          (ROUTE_ERROR_CODES[route] as Record<number, readonly string[]>)[status],
        );
    }
  });
});
