import { defineConfig } from "tsup";
import { binBuild, libraryBuild } from "../../tsup.base";

// The library (runConformanceCheck and its formatters), and the CLI over it (dist/cli.js).
export default defineConfig([libraryBuild, { ...binBuild, splitting: false }]);
