import { defineConfig } from "tsup";
import { libraryBuild } from "../../tsup.base";

// Two entries: the client (no Node built-ins, so it also bundles for browsers) and `./node` (saveDownload).
export default defineConfig({ ...libraryBuild, entry: ["src/index.ts", "src/node.ts"] });
