// @ts-nocheck
import { defineConfig } from "tsup";
import { binBuild, libraryBuild } from "../../tsup.base";

// The library (exportSourceData, the windows and the file sink), and the CLI over it (dist/cli.js).
export default defineConfig([libraryBuild, { ...binBuild, splitting: false }]);
