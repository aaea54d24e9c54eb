// Builds the OpenAPI document from the contract: every schema comes from the zod definitions,
// every example from the typed examples. Run `pnpm openapi` to write openapi.json.
import { isAppRoute } from "@ts-rest/core";
import type { OpenAPIObject, PathsObject } from "openapi3-ts/oas31";
import packageJson from "../package.json" with { type: "json" };
import { API_BASE_URL, contract } from "../src/index";
import { documentPath, operationOf, requestBodyComponents, TAG } from "./operations";
import type { RouteName } from "./route-examples";
import { schemaComponents } from "./schema-references";
import { withSingleTypes } from "./single-types";

/** Builds the OpenAPI 3.1 document of the contract: every route, the step endpoint first. */
export function buildOpenApiDocument(): OpenAPIObject {
  return withSingleTypes(rawDocument());
}

/** The document as the contract's parts generate it, before one-item `type` arrays are written as strings. */
function rawDocument(): OpenAPIObject {
  const paths: PathsObject = {};
  for (const [name, route] of Object.entries(contract)) {
    if (!isAppRoute(route)) continue;
    const path = documentPath(name as RouteName);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(name as RouteName) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "giosg Workflow step source data API",
      version: packageJson.version,
      description:
        "This endpoint provides a collection of detailed data on each individual event in each step of the workflow, which is aggregated to make up the data of each step of the workflow.\n\nGenerated from `@giosg-reporting/contract`; where giosg's documentation is silent or inconsistent, the contract package's README states the reading this document follows.",
      // Who answers for the document: the kit that generates it (giosg's own documentation names no contact).
      contact: {
        name: "giosg-reporting-kit",
        url: "https://github.com/giosg-reporting/giosg-reporting-kit/issues",
      },
      license: { name: "MIT", identifier: "MIT" },
    },
    // `x-internal: false`: a public API (OWASP's inventory-access rule asks each server to say).
    servers: [{ url: API_BASE_URL, description: "giosg production API", "x-internal": false }],
    tags: [{ name: TAG, description: "Reporting data of giosg workflows." }],
    security: [{ TokenAuth: [] }, { BearerAuth: [] }],
    paths,
    components: {
      schemas: schemaComponents(),
      requestBodies: requestBodyComponents(),
      securitySchemes: {
        TokenAuth: {
          type: "apiKey",
          in: "header",
          name: "Authorization",
          description: "An API token: `Authorization: Token <api token>`.",
        },
        BearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An OAuth2 access token: `Authorization: Bearer <access token>`.",
        },
      },
    },
  };
}

/** The document as written to openapi.json: stable key order, two-space indent, final newline. */
export function serializeOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
