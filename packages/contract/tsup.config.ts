import { defineConfig } from "tsup";
import { moduleBuilds } from "../../tsup.base";

// ESM one module per source file (a page's bundler keeps only what it uses), CJS bundled.
export default defineConfig(moduleBuilds({ index: "src/index.ts" }));
