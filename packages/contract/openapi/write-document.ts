// Writes openapi.json beside package.json (`pnpm openapi`).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument, serializeOpenApiDocument } from "./document";

const target = fileURLToPath(new URL("../openapi.json", import.meta.url));
writeFileSync(target, serializeOpenApiDocument(buildOpenApiDocument()));
console.log(`Wrote ${target}`);
