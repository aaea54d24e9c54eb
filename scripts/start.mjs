#!/usr/bin/env node
// `npm start`: installs and builds what the stub needs (through scripts/pnpm.mjs), then runs the stub in
// the foreground with the arguments given; Ctrl-C stops it, and stopping it is not a failure (exit 0).
import { spawn, spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const setup = spawnSync(
  process.execPath,
  [join(root, "scripts", "pnpm.mjs"), "run", "build:stub"],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, KIT_STEP: "Building the stub (about a minute the first time)…" },
  },
);
if (setup.status !== 0) process.exit(setup.status ?? 1);
console.error("Starting the stub…");

// npm drops the `--` before the stub's flags (`npm start -- --port 0`); pnpm passes it on: drop it here.
const args = process.argv.slice(2);
if (args[0] === "--") args.shift();
const stub = spawn(process.execPath, [join(root, "apps", "stub", "dist", "cli.js"), ...args], {
  cwd: root,
  stdio: "inherit",
});
// A terminal's Ctrl-C reaches the stub directly (same process group); a signal sent to this process
// alone is passed on. Either way the stub closes and exits 0, and so does this.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => stub.kill(signal));
}
stub.on("exit", (code, signal) => {
  process.exit(code ?? (signal === "SIGINT" ? 130 : 1));
});
