#!/usr/bin/env node
// `pnpm lint:workflows`: validates .github/workflows/*.yml with action-validator (SchemaStore's workflow
// schema, compiled to WebAssembly) and checks that they stay honest (every action pinned to a version,
// every `pnpm <script>`/`npm run <script>`/`npm test` they run is a root script); then proves that the
// check can fail, on deliberately broken copies written to a temporary folder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folder = join(root, ".github", "workflows");
const validator = join(root, "node_modules", "@action-validator", "cli", "cli.mjs");
const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
// pnpm's own commands, which a workflow may run without a root script of that name.
const PNPM_COMMANDS = new Set(["install", "exec", "dlx", "add", "--filter", "-C", "--version"]);
// `pnpm <name>`, `pnpm run <name>`, `npm run <name>` and `npm test` run the root script <name>.
const INVOKED = /\b(?:pnpm\s+(?:run\s+)?|npm\s+run\s+|npm\s+(?=test\b))([\w:.-]+)/g;

/** The problems of one workflow file (none when it is valid and honest). */
function problemsOf(file) {
  const problems = [];
  const schema = spawnSync(process.execPath, [validator, file], { encoding: "utf8" });
  if (schema.error) throw schema.error;
  if (schema.status !== 0) problems.push(`action-validator:\n${schema.stderr || schema.stdout}`);
  const text = readFileSync(file, "utf8");
  // The indentation of the `run: |` block being read, if any: its lines are commands too.
  let block = -1;
  for (const [number, line] of text.split("\n").entries()) {
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (block >= 0 && line.trim() !== "" && indent <= block) block = -1;
    const uses = /^\s*(?:-\s+)?uses:\s*(\S+)/.exec(line)?.[1];
    if (uses !== undefined && !uses.startsWith("./") && !/@[\w.-]+$/.test(uses))
      problems.push(`line ${number + 1}: "${uses}" names no version (owner/action@v1)`);
    // The commands a step or the changesets action's inputs (version:, publish:) run.
    const key = /^(\s*(?:-\s+)?)(?:run|version|publish):\s*(.*)$/.exec(line);
    if (key !== undefined && key !== null && /^[|>][-+]?$/.test(key[2] ?? "")) {
      block = key[1]?.length ?? 0;
      continue;
    }
    const command = block >= 0 ? line : key?.[2];
    if (command === undefined) continue;
    for (const [call, name] of command.matchAll(INVOKED)) {
      if (call.startsWith("pnpm") && PNPM_COMMANDS.has(name)) continue;
      if (scripts[name] === undefined)
        problems.push(`line ${number + 1}: "${call}" runs no script of package.json`);
    }
  }
  return problems;
}

const files = readdirSync(folder)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join(folder, name));
let failed = files.length === 0;
if (failed) console.error(`workflows: none in ${folder}`);
for (const file of files) {
  const problems = problemsOf(file);
  const name = `.github/workflows/${file.slice(folder.length + 1)}`;
  console.log(`  ${problems.length === 0 ? "ok  " : "FAIL"} ${name}`);
  for (const problem of problems) console.error(`    ${problem}`);
  if (problems.length > 0) failed = true;
}

// The negative control: each breaking of a real workflow must be caught.
const breakings = [
  ["a misspelled key", (text) => text.replace(/runs-on:/, "runs-onn:")],
  ["a YAML syntax error", (text) => text.replace(/branches: \[main\]/, "branches: [main")],
  ["an action without a version", (text) => text.replace(/(uses: [\w/-]+)@[\w.-]+/, "$1")],
  [
    "a script that is not there",
    (text) => text.replace(/run: npm test/, "run: pnpm no-such-script"),
  ],
];
const scratch = mkdtempSync(join(tmpdir(), "workflows-check-"));
try {
  const ci = readFileSync(join(folder, "ci.yml"), "utf8");
  for (const [what, breakIt] of breakings) {
    const broken = breakIt(ci);
    const file = join(scratch, "ci.yml");
    writeFileSync(file, broken);
    const caught = broken !== ci && problemsOf(file).length > 0;
    console.log(`  ${caught ? "ok  " : "FAIL"} a copy of ci.yml with ${what} is rejected`);
    if (!caught) failed = true;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`workflows: ${failed ? "FAILED" : "valid"}`);
process.exitCode = failed ? 1 : 0;
