#!/usr/bin/env node
// `pnpm test:browser [--screenshot <file>] [--chromium <path>]`: the checks in headless Chromium, one
// after the other: the stub's /docs page (docs-browser.mjs), its MSW handlers in a page
// (msw-browser.mjs), then the client in a Vite app built from the tarballs (client-browser.mjs).
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { screenshot: { type: "string" }, chromium: { type: "string" } },
});
const chromium = values.chromium === undefined ? [] : ["--chromium", values.chromium];
const screenshot = values.screenshot === undefined ? [] : ["--screenshot", values.screenshot];
const checks = [
  ["docs-browser.mjs", [...screenshot, ...chromium]],
  ["msw-browser.mjs", chromium],
  ["client-browser.mjs", chromium],
];
let status = 0;
for (const [script, args] of checks) {
  const { status: code } = spawnSync(process.execPath, [join(here, script), ...args], {
    stdio: "inherit",
  });
  // 2: no Chromium; the first check has said so, and the next would say it again.
  if (code === 2) process.exit(2);
  if (code !== 0) status = code ?? 1;
}
process.exitCode = status;
