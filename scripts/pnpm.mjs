#!/usr/bin/env node
// Runs the pnpm pinned in package.json's "packageManager" on a machine that may have only Node.js and npm:
// uses a matching pnpm from PATH, else installs that exact version into .tools/ (no global install),
// then installs the workspace (frozen lockfile) and runs `pnpm <args>`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { packageManager } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const version = /^pnpm@(\d+\.\d+\.\d+)/.exec(packageManager ?? "")?.[1];
if (!version) fail(`package.json "packageManager" must pin pnpm@x.y.z, found ${packageManager}`);

const isWindows = process.platform === "win32";
const localPnpm = join(root, ".tools", "node_modules", ".bin", isWindows ? "pnpm.cmd" : "pnpm");

function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    stdio: "inherit",
    cwd: root,
    shell: isWindows,
    ...options,
  });
  if (result.error) return { status: 1, error: result.error };
  return result;
}

function versionOf(command) {
  const result = spawnSync(command, ["--version"], { encoding: "utf8", shell: isWindows });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function fail(message) {
  console.error(`scripts/pnpm.mjs: ${message}`);
  process.exit(1);
}

let pnpm = versionOf("pnpm") === version ? "pnpm" : localPnpm;
if (pnpm === localPnpm && versionOf(localPnpm) !== version) {
  console.error(`Installing pnpm@${version} into .tools/ …`);
  const npm = isWindows ? "npm.cmd" : "npm";
  const installed = run(npm, [
    "install",
    "--prefix",
    ".tools",
    "--no-save",
    "--no-audit",
    "--no-fund",
    `pnpm@${version}`,
  ]);
  if (installed.status !== 0) fail(`could not install pnpm@${version} with npm`);
  pnpm = localPnpm;
}

// Tools that look pnpm up on PATH (turbo does) must find the same one.
const pathWithPnpm = [dirname(localPnpm), process.env.PATH].join(isWindows ? ";" : ":");
// KIT_STEP names this run's step (see below) and is not passed on to the commands run.
const { KIT_STEP: step, ...callerEnv } = process.env;
const env = {
  ...callerEnv,
  ...(pnpm === localPnpm ? { PATH: pathWithPnpm } : {}),
  // The kit pins its tools: no "Update available … curl … | sh" box from pnpm or turbo in its commands.
  npm_config_update_notifier: "false",
  TURBO_NO_UPDATE_NOTIFIER: "1",
  TURBO_TELEMETRY_DISABLED: "1",
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
};
const installArgs = ["install", "--frozen-lockfile"];
if (!existsSync(join(root, "pnpm-lock.yaml"))) installArgs.pop();
// A line per step, so that a first run (a minute or more) is never silent.
console.error("Installing the workspace's dependencies (pnpm install)…");
const install = run(pnpm, installArgs, { env });
if (install.status !== 0) fail("pnpm install failed");

const args = process.argv.slice(2);
if (args.length > 0) {
  // A caller may name the step in words (scripts/start.mjs does); else it is the command itself.
  console.error(step ?? `Running pnpm ${args.join(" ")}…`);
  process.exit(run(pnpm, args, { env }).status ?? 1);
}
