#!/usr/bin/env node
// The consumer smoke test: packs every published package, installs the tarballs with plain npm into a
// fresh project outside the workspace, then uses them as a partner would (ESM, CJS, TypeScript, both
// bins). Run it after a build: `pnpm smoke` (or `node scripts/consumer-smoke.mjs --node <binary>` to run
// the consumer on another Node.js). Prints one line per check and "smoke: N passed, N failed".
import { execFileSync, spawn } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { node: { type: "string" }, keep: { type: "boolean" } } });
const node = values.node ?? process.execPath;
const PACKAGES = ["packages/contract", "packages/fixtures", "packages/client", "apps/stub"];

const catalog = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
const pinned = (name) =>
  new RegExp(`^\\s+"?${name.replace("/", "\\/")}"?: (\\S+)$`, "m").exec(catalog)?.[1];

const project = mkdtempSync(join(tmpdir(), "giosg-consumer-"));
const tarballs = join(project, "tarballs");
mkdirSync(tarballs);
const env = {
  ...process.env,
  PATH: `${dirname(node)}:${process.env.PATH}`,
  npm_config_update_notifier: "false",
};
const pnpm = process.env.npm_execpath;
if (!pnpm) throw new Error("run through pnpm (pnpm smoke), which tells where pnpm is");

let passed = 0;
let failed = 0;
async function check(name, run) {
  const started = Date.now();
  try {
    await run();
    passed += 1;
    console.log(`  ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(
      `  FAIL ${name}\n${String(error?.stdout ?? "")}${String(error?.stderr ?? "")}${error?.message ?? error}`,
    );
  }
}
const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: project, env, encoding: "utf8", stdio: "pipe", ...options });

const version = run(node, ["--version"]).trim();
console.log(`Consumer smoke test on Node ${version} in ${project}`);

await check("pack every package (pnpm pack)", () => {
  for (const folder of PACKAGES)
    run(process.execPath, [pnpm, "pack", "--pack-destination", tarballs], {
      cwd: join(root, folder),
    });
  const files = readdirSync(tarballs);
  if (files.length !== PACKAGES.length)
    throw new Error(`expected ${PACKAGES.length} tarballs, got ${files.join(", ")}`);
  for (const file of files) {
    const manifest = run("tar", ["-xzf", join(tarballs, file), "-O", "package/package.json"]);
    if (/"(workspace|catalog):/.test(manifest))
      throw new Error(`${file} still names workspace: or catalog: versions`);
  }
});

await check("install the tarballs with plain npm", () => {
  writeFileSync(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true }, null, 2),
  );
  for (const file of ["esm.mjs", "cjs.cjs", "consumer.ts", "tsconfig.json"])
    copyFileSync(join(root, "scripts", "consumer", file), join(project, file));
  const packages = readdirSync(tarballs).map((file) => join(tarballs, file));
  run("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    ...packages,
    `typescript@${pinned("typescript")}`,
    `@types/node@${pinned("@types/node")}`,
  ]);
});

await check("an ESM script uses the client against the stub and the fixtures", () =>
  run(node, ["esm.mjs"]),
);
await check("a CommonJS script does the same through require()", () => run(node, ["cjs.cjs"]));
await check("a TypeScript consumer type-checks (narrowing, the error type)", () =>
  run(node, ["node_modules/typescript/bin/tsc", "-p", "."]),
);

await check(
  "npx giosg-reporting-stub --port 0 starts and answers the documentation's example",
  async () => {
    // Its own process group, so that stopping it stops the stub that npx started too.
    const child = spawn("npx", ["--no-install", "giosg-reporting-stub", "--port", "0", "--quiet"], {
      cwd: project,
      env,
      detached: true,
    });
    try {
      const url = await new Promise((resolve, reject) => {
        let output = "";
        const timer = setTimeout(() => reject(new Error(`no URL within 30 s:\n${output}`)), 30_000);
        child.stdout.on("data", (chunk) => {
          output += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.stderr.on("data", (chunk) => {
          output += chunk;
        });
        child.on("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      const path =
        "/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/d3f3323f-9787-4abd-850d-9b9b3a5cc6f9/step/1";
      const body = {
        filters: [{ property: "action", values: ["User dialed"] }],
        interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
        limit: "2",
        basic: true,
      };
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        headers: { authorization: "Token demo", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (response.status !== 200 || answer.data.length !== 2)
        throw new Error(`${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
    } finally {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {}
    }
  },
);

await check("giosg-reporting-fixtures writes NDJSON that the contract accepts", () => {
  const ndjson = run("npx", [
    "--no-install",
    "giosg-reporting-fixtures",
    "--count",
    "500",
    "--seed",
    "7",
  ]);
  writeFileSync(join(project, "events.ndjson"), ndjson);
  run(node, [
    "-e",
    `const { advancedRowSchema } = require("@giosg-reporting/contract");
     const lines = require("node:fs").readFileSync("events.ndjson", "utf8").trimEnd().split("\\n");
     if (lines.length !== 500) throw new Error("expected 500 lines, got " + lines.length);
     for (const line of lines) advancedRowSchema.strict().parse(JSON.parse(line));`,
  ]);
});

if (!values.keep) rmSync(project, { recursive: true, force: true });
console.log(`smoke (Node ${version}): ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
