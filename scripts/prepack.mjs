#!/usr/bin/env node
// A published package's `prepack`: builds it (and what it depends on) before it is packed, then checks
// that every file its package.json points to exists, so that a tarball always works when installed.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folder = process.cwd();
const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));

// Inside a turbo task (attw's `--pack` during `lint`, which depends on `build`) the build is done.
// Otherwise turbo builds the package; `build` depending on `^build`, what it depends on is built first.
if (process.env.TURBO_HASH === undefined) {
  const turbo = join(
    root,
    "node_modules",
    ".bin",
    process.platform === "win32" ? "turbo.cmd" : "turbo",
  );
  const path = [join(root, ".tools", "node_modules", ".bin"), process.env.PATH].join(
    process.platform === "win32" ? ";" : ":",
  );
  const built = spawnSync(
    turbo,
    ["run", "build", `--filter=${manifest.name}`, "--output-logs=errors-only"],
    {
      cwd: root,
      stdio: "inherit",
      shell: process.platform === "win32",
      env: { ...process.env, PATH: path, TURBO_TELEMETRY_DISABLED: "1" },
    },
  );
  if (built.status !== 0) {
    console.error(`prepack: building ${manifest.name} failed; nothing was packed`);
    process.exit(1);
  }
}

/** Every file the manifest points to: main, module, types, bin and every exports target. */
function targets(value) {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap(targets);
}
const missing = [manifest.main, manifest.module, manifest.types, manifest.bin, manifest.exports]
  .flatMap(targets)
  .filter((file) => !existsSync(join(folder, file)));
if (missing.length > 0) {
  console.error(`prepack: ${manifest.name} lacks ${missing.join(", ")}; nothing was packed`);
  process.exit(1);
}
