// Copies openapi.json to openapi.baseline.json: the compatibility baseline until the next release
// (`pnpm version-packages` runs it after `changeset version`).
import { copyFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
copyFileSync(here("../openapi.json"), here("../openapi.baseline.json"));
console.log("Wrote openapi.baseline.json");
