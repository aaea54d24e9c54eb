import { defineConfig } from "tsup";
import { moduleBuilds } from "../../tsup.base";

// Two entries: the client (no Node built-ins, so it also bundles for browsers: ESM one module per
// source file, so that a page's bundler keeps only what it uses) and `./node` (saveDownload).
export default defineConfig(moduleBuilds({ index: "src/index.ts", node: "src/node.ts" }));
