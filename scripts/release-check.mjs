#!/usr/bin/env node
// CI: every published package changed since the last release (its files outside test/ and bench/)
// must have a pending changeset, and the changesets must be valid (`changeset status`). Before the
// first release, "since the last release" means since the first commit. Run it through pnpm.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();
const FOLDERS = [
  "packages/contract",
  "packages/client",
  "packages/fixtures",
  "packages/check",
  "packages/export",
  "apps/stub",
];

const output = join(mkdtempSync(join(tmpdir(), "changesets-")), "status.json");
execFileSync(
  process.execPath,
  [join(root, "node_modules/@changesets/cli/bin.js"), "status", `--output=${output}`],
  { cwd: root, stdio: ["ignore", "ignore", "inherit"] },
);
const { releases } = JSON.parse(readFileSync(output, "utf8"));
const pending = new Map(
  releases.filter(({ type }) => type !== "none").map(({ name, type }) => [name, type]),
);

const tag = git("tag", "--list", "@giosg-reporting/*@*", "--sort=-creatordate").split("\n")[0];
const base = tag || git("rev-list", "--max-parents=0", "HEAD").split("\n").at(-1);
let missing = 0;
for (const folder of FOLDERS) {
  const { name, private: isPrivate } = JSON.parse(
    readFileSync(join(root, folder, "package.json"), "utf8"),
  );
  if (isPrivate) continue;
  const changed = git("diff", "--name-only", base, "HEAD", "--", folder)
    .split("\n")
    .filter((file) => file && !/\/(test|bench)\//.test(file));
  if (changed.length === 0) {
    console.log(`  ok   ${name}: unchanged since ${tag || "the first commit"}`);
  } else if (pending.has(name)) {
    console.log(
      `  ok   ${name}: ${changed.length} files changed, a ${pending.get(name)} release pending`,
    );
  } else {
    missing += 1;
    console.log(
      `  FAIL ${name}: ${changed.length} files changed since ${tag || "the first commit"} and no changeset (pnpm changeset)`,
    );
  }
}
console.log(`release check: ${FOLDERS.length - missing} passed, ${missing} failed`);
process.exitCode = missing === 0 ? 0 : 1;
