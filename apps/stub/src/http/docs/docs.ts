import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { errorBody } from "@giosg-reporting/contract";
import { Hono } from "hono";
import { errorResponse } from "../bodies/json-response";
import { SWAGGER_UI_FILES } from "./swagger-ui-files";

const require = createRequire(import.meta.url);

/** The contract package's OpenAPI document, read once. */
function readOpenApiDocument(): { servers?: unknown[] } & Record<string, unknown> {
  return JSON.parse(
    readFileSync(require.resolve("@giosg-reporting/contract/openapi.json"), "utf8"),
  );
}

// Swagger UI's files, copied into this package's dist/ by its build (see SWAGGER_UI_FILES).
const SWAGGER_UI = join(
  dirname(require.resolve("@giosg-reporting/stub/package.json")),
  "dist",
  "swagger-ui",
);

// The page's own script and style are files too, so that the Content-Security-Policy needs no inline script.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  docExpansion: "full",
  defaultModelsExpandDepth: 0,
  deepLinking: true,
  validatorUrl: null,
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>giosg Workflow step source data API (stub)</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/init.js"></script>
</body>
</html>
`;

/**
 * `GET /openapi.json` (the contract's document, with this stub as its first server), `GET /docs` (an
 * API reference rendered by Swagger UI) and its assets, all served locally: no request leaves the stub;
 * `GET /` redirects to `/docs`.
 */
export function docsRoutes(): Hono {
  const document = readOpenApiDocument();
  const served = JSON.stringify({
    ...document,
    servers: [{ url: "/", description: "This stub" }, ...(document.servers ?? [])],
  });
  const assets = new Map<string, Uint8Array>();
  const docs = new Hono();
  docs.get(
    "/openapi.json",
    () => new Response(served, { headers: { "content-type": "application/json" } }),
  );
  docs.get("/docs", (c) => c.html(PAGE));
  // A browser pointed at the stub's root lands on the reference.
  docs.get("/", (c) => c.redirect("/docs"));
  docs.get("/docs/", (c) => c.redirect("/docs"));
  docs.get("/docs/assets/:file", (c) => {
    const file = c.req.param("file");
    if (file === "init.js")
      return new Response(INIT_SCRIPT, {
        headers: { "content-type": "text/javascript; charset=utf-8" },
      });
    // Own keys only: `__proto__`, `constructor` or `toString` would find the object's prototype.
    const type = Object.hasOwn(SWAGGER_UI_FILES, file) ? SWAGGER_UI_FILES[file] : undefined;
    if (type === undefined)
      return errorResponse(404, errorBody("not_found", c.req.method, new URL(c.req.url).pathname));
    let content = assets.get(file);
    if (content === undefined) {
      content = readFileSync(join(SWAGGER_UI, file));
      assets.set(file, content);
    }
    return new Response(content, {
      headers: { "content-type": type, "cache-control": "public, max-age=3600" },
    });
  });
  return docs;
}
