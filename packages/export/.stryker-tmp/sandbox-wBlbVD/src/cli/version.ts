// @ts-nocheck
// The package's version, read beside the built bin (dist/cli.js → package.json), as the kit's other commands do.
import { createRequire } from "node:module";

/** The version of `@giosg-reporting/export` this command is. */
export const VERSION = (createRequire(import.meta.url)("../package.json") as { version: string })
  .version;
