import { defineConfig } from "tsup";
import { binBuild, libraryBuild } from "../../tsup.base";

// shims: import.meta.url in the CJS build, to find the contract's openapi.json and Swagger UI's assets.
export default defineConfig([{ ...libraryBuild, shims: true }, binBuild]);
