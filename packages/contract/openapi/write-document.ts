// Writes openapi.json beside package.json, and the README's table of error codes (`pnpm openapi`).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument, serializeOpenApiDocument } from "./document";
import { withErrorTable } from "./error-table";

const target = fileURLToPath(new URL("../openapi.json", import.meta.url));
writeFileSync(target, serializeOpenApiDocument(buildOpenApiDocument()));
console.log(`Wrote ${target}`);

const readme = fileURLToPath(new URL("../README.md", import.meta.url));
writeFileSync(readme, withErrorTable(readFileSync(readme, "utf8")));
console.log(`Wrote the error table of ${readme}`);
