// The stub's builds: the library (ESM and CJS), the MSW entries, the command and its worker.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig, type Options } from "tsup";
import { binBuild, libraryBuild } from "../../tsup.base";
import { SWAGGER_UI_FILES } from "./src/http/docs/swagger-ui-files";

/**
 * Copies Swagger UI's files for the docs page into dist/swagger-ui/, with its licence: swagger-ui-dist
 * stays a development dependency, so partners never install it (nor the install-time telemetry
 * script it depends on).
 */
function copySwaggerUi(): Promise<void> {
  const from = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const to = join("dist", "swagger-ui");
  mkdirSync(to, { recursive: true });
  for (const file of [...Object.keys(SWAGGER_UI_FILES), "LICENSE", "NOTICE"])
    copyFileSync(join(from, file), join(to, file));
  return Promise.resolve();
}

/** The worker that builds the fixtures dataset's tables, beside the bundles that start it. */
const workerBuild: Options = {
  entry: { "fixture-worker": "src/data/fixtures/fixture-worker.ts" },
  format: ["esm"],
  sourcemap: true,
  target: "node20",
};

// shims: import.meta.url in the CJS build, to find the contract's openapi.json, Swagger UI's files
// and the worker's file.
export default defineConfig([
  // The MSW handlers are an entry of their own, so that msw (an optional peer) loads only with them.
  {
    ...libraryBuild,
    entry: ["src/index.ts", "src/msw.ts"],
    external: ["msw"],
    shims: true,
    onSuccess: copySwaggerUi,
  },
  // The browser's MSW handlers: no Node built-in, no files (checked by the browser platform's build).
  {
    ...libraryBuild,
    entry: ["src/msw-browser.ts"],
    format: ["esm"],
    platform: "browser",
    target: "es2022",
    external: ["msw"],
    clean: false,
  },
  // The command's entry turns on the compile cache, then imports the command: a chunk of its own.
  { ...binBuild, entry: { cli: "src/cli/launch.ts" } },
  workerBuild,
]);
