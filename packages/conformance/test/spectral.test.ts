// Spectral with its OpenAPI ruleset (`spectral:oas`, .spectral.yaml) on openapi.json: no error, and no
// warning but the two trailing-slash paths giosg documents so.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openApiPath, readOpenApi, writeTemporaryDocument } from "../src/document";
import { spectralFindings } from "../src/spectral";

const RULESET = fileURLToPath(new URL("../.spectral.yaml", import.meta.url));
const BASE = "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}";
/** The paths giosg documents with a trailing slash (the other spelling is another route). */
const DOCUMENTED_TRAILING_SLASHES = [`${BASE}/step/{step_index}/download/`, `${BASE}/info/`];

/** Each finding as one line: severity, rule, where. */
const lines = (findings: Awaited<ReturnType<typeof spectralFindings>>) =>
  findings.map(({ severity, code, path }) => `${severity} ${code} ${path.join(".")}`);

describe("spectral:oas on openapi.json", () => {
  it("finds no error and no warning but the documented trailing slashes", async () => {
    const findings = await spectralFindings(openApiPath(), RULESET);
    expect(lines(findings)).toEqual(
      DOCUMENTED_TRAILING_SLASHES.map((path) => `1 path-keys-no-trailing-slash paths.${path}`),
    );
  });

  it("is checked for real: a repeated operationId and a missing tag are reported", async () => {
    const broken = readOpenApi() as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const info = broken.paths[`${BASE}/info/`]?.get ?? {};
    delete info.tags;
    info.operationId = broken.paths[`${BASE}/source_data`]?.post?.operationId;
    const written = writeTemporaryDocument(broken);
    try {
      const found = lines(await spectralFindings(written.path, RULESET));
      expect(found).toContainEqual(expect.stringMatching(/^0 operation-operationId-unique /));
      expect(found).toContainEqual(expect.stringMatching(/^1 operation-tags /));
    } finally {
      written.remove();
    }
  });
});
