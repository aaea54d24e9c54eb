#!/usr/bin/env node
// Runs the test suite and the consumer smoke test on other Node.js versions, taken from the npm
// registry (`npm install --prefix .tools/node-<v> node@<v>` puts a binary in node_modules/node/bin).
// Run it through pnpm after a build: `pnpm test:node-matrix` (CI does, after `npm test` on Node 20).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const VERSIONS = (process.env.NODE_MATRIX ?? "22.23.3,24.21.0").split(",");
const pnpm = process.env.npm_execpath;
if (!pnpm) throw new Error("run through pnpm (pnpm test:node-matrix), which tells where pnpm is");

let failures = 0;
for (const version of VERSIONS) {
  const prefix = join(root, ".tools", `node-${version}`);
  const binary = join(prefix, "node_modules", "node", "bin", "node");
  if (!existsSync(binary)) {
    console.log(`Installing Node ${version} from the npm registry into ${prefix} …`);
    execFileSync(
      "npm",
      [
        "install",
        "--prefix",
        prefix,
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `node@${version}`,
      ],
      { stdio: "inherit" },
    );
  }
  const env = { ...process.env, PATH: `${dirname(binary)}:${process.env.PATH}` };
  const actual = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  console.log(`\n=== Node ${actual}: the test suite ===`);
  try {
    execFileSync(
      process.execPath,
      [pnpm, "exec", "turbo", "run", "test", "--force", "--output-logs=errors-only"],
      { cwd: root, env, stdio: "inherit" },
    );
    console.log(`node ${actual}: test suite passed`);
  } catch {
    failures += 1;
    console.log(`node ${actual}: test suite FAILED`);
  }
  console.log(`\n=== Node ${actual}: the consumer smoke test ===`);
  try {
    execFileSync(binary, [join(root, "scripts", "consumer-smoke.mjs"), "--node", binary], {
      cwd: root,
      env,
      stdio: "inherit",
    });
  } catch {
    failures += 1;
  }
}
process.exitCode = failures === 0 ? 0 : 1;
