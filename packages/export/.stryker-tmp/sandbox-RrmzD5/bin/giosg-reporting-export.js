#!/usr/bin/env node
// @ts-nocheck
// The giosg-reporting-export command: runs the built CLI. A file of its own, so that package managers can link the
// command before the first build; without a build it says how to make one.
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/cli.js", import.meta.url);
import(cli.href).catch((error) => {
  if (
    error?.code === "ERR_MODULE_NOT_FOUND" &&
    String(error.message).includes(fileURLToPath(cli))
  ) {
    process.stderr.write(
      "giosg-reporting-export: the package is not built (no dist/cli.js); in the repository run `pnpm --filter @giosg-reporting/export build`.\n",
    );
    process.exitCode = 1;
    return;
  }
  throw error;
});
