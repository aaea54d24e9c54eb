// The error catalogue: complete, consistent with the contract's schemas, the README's table, and the
// only place in the kit's sources that writes an error text.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderErrorTable, TABLE_END, TABLE_START } from "../openapi/error-table";
import {
  CATALOGUE_CODES,
  contract,
  ERROR_CATALOGUE,
  ERROR_CODES,
  ERROR_STATUSES,
  type ErrorStatus,
  errorBody,
  errorBodySchemas,
  exampleErrorBody,
  RETRYABLE_ERROR_STATUSES,
  ROUTE_ERROR_CODES,
  statusOf,
} from "../src/index";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const statuses = Object.keys(ERROR_STATUSES).map(Number) as ErrorStatus[];

describe("the error catalogue", () => {
  it("gives every declared status at least one code of the endpoint", () => {
    for (const status of statuses)
      expect(ERROR_CODES[status].length, String(status)).toBeGreaterThan(0);
  });

  it("lists each endpoint code under its own status only", () => {
    const listed = statuses.flatMap((status) => ERROR_CODES[status].map((code) => [code, status]));
    expect(new Set(listed.map(([code]) => code)).size).toBe(listed.length);
    for (const [code, status] of listed) expect(statusOf(code as never)).toBe(status);
  });

  it.each(CATALOGUE_CODES)(
    "writes %s as a body its status accepts (the endpoint's codes)",
    (code) => {
      const body = exampleErrorBody(code);
      expect(body.detail.length).toBeGreaterThan(0);
      const schema = errorBodySchemas[statusOf(code)];
      const withErrors = statusOf(code) === 400 ? { ...body, errors: [] } : body;
      expect(schema.safeParse(withErrors).success).toBe(ERROR_CATALOGUE[code].endpoint);
    },
  );

  it("writes templates from their arguments", () => {
    expect(errorBody("step_not_found", 7, 2)).toEqual({
      detail: "Step 7 not found: the workflow's last step is 2.",
      code: "step_not_found",
    });
    expect(errorBody("throttled").detail).toBe("Request was throttled.");
    expect(errorBody("throttled", 3).detail).toContain("3 seconds");
    expect(errorBody("authentication_failed", "malformed").detail).toContain("Token <api token>");
  });

  it("says which way a path's trailing slash goes in wrong_trailing_slash", () => {
    expect(errorBody("wrong_trailing_slash", "POST", "/x/step/1/", "/x/step/1").detail).toBe(
      "No route for POST /x/step/1/: this endpoint is spelled /x/step/1 (its path has no trailing slash).",
    );
    expect(errorBody("wrong_trailing_slash", "GET", "/x/info", "/x/info/").detail).toBe(
      "No route for GET /x/info: this endpoint is spelled /x/info/ (the trailing slash is part of its path).",
    );
  });

  it("marks as worth a retry exactly throttling and the gateway statuses", () => {
    expect(RETRYABLE_ERROR_STATUSES).toEqual([429, 502, 503, 504]);
  });

  it("is what the step endpoint declares: 200 and every status, each with its status's schema", () => {
    const responses = contract.getStepSourceData.responses as Record<number, unknown>;
    expect(Object.keys(responses).map(Number)).toEqual([200, ...statuses]);
    for (const status of statuses)
      if (status !== 404) expect(responses[status]).toBe(errorBodySchemas[status]);
    // The step endpoint's 404 names what its URL names: no `no_source_data`, which is source_data's.
    expect(ROUTE_ERROR_CODES.getStepSourceData[404]).not.toContain("no_source_data");
  });
});

describe("the contract README's table of statuses and codes", () => {
  it("is the catalogue's (run `pnpm openapi` after changing it)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const table = readme.slice(
      readme.indexOf(TABLE_START) + TABLE_START.length,
      readme.indexOf(TABLE_END),
    );
    expect(table.trim()).toBe(renderErrorTable());
    for (const code of CATALOGUE_CODES) expect(table).toContain(`\`${code}\``);
  });
});

/** The TypeScript sources of the published packages, the catalogue itself (its codes and its texts) left out. */
function sources(): { file: string; text: string }[] {
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith(".ts") && !/error-(catalogue|codes)\.ts$/.test(path))
        found.push({ file: path.slice(root.length), text: readFileSync(path, "utf8") });
    }
  };
  for (const dir of [
    "packages/contract/src",
    "packages/client/src",
    "apps/stub/src",
    "packages/fixtures/src",
  ])
    walk(join(root, dir));
  return found;
}

describe("error texts", () => {
  const files = sources();

  it("are read from the sources of every package", () => {
    expect(files.some(({ file }) => file.startsWith("apps/stub/src/http/"))).toBe(true);
    expect(files.some(({ file }) => file.startsWith("packages/client/src/"))).toBe(true);
  });

  it("are written nowhere but the catalogue: no code literal as a body's code, no detail text", () => {
    const details = CATALOGUE_CODES.map((code) => exampleErrorBody(code).detail.slice(0, 24));
    const offences = files.flatMap(({ file, text }) => [
      ...[...text.matchAll(/\bcode:\s*["'`]([a-z_]+)["'`]/g)]
        .filter(([, code]) => (CATALOGUE_CODES as readonly string[]).includes(code as string))
        .map(([match]) => `${file}: ${match}`),
      ...details.filter((detail) => text.includes(detail)).map((detail) => `${file}: "${detail}…"`),
    ]);
    expect(offences).toEqual([]);
  });
});
