import { defineConfig } from "tsup";
import { binBuild, libraryBuild } from "../../tsup.base";

export default defineConfig([libraryBuild, binBuild]);
