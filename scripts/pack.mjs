#!/usr/bin/env node
// Builds and packs every published package into one folder (default packs/), to try or install them
// before they are published: `npm run pack:all`, then `npm install <folder>/*.tgz` in your project.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = resolve(values.out ?? join(root, "packs"));

/** The workspace's published packages (every package.json under packages/ and apps/ that is not private). */
export const PUBLISHED = ["packages", "apps"]
  .flatMap((group) => readdirSync(join(root, group)).map((name) => join(group, name)))
  .filter((folder) => {
    try {
      return !JSON.parse(readFileSync(join(root, folder, "package.json"), "utf8")).private;
    } catch {
      return false;
    }
  });

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // pnpm (not npm) packs: it turns workspace: and catalog: versions into real ranges. Each package's
  // prepack builds it first.
  const pnpm = process.env.npm_execpath?.includes("pnpm")
    ? [process.execPath, process.env.npm_execpath]
    : ["pnpm"];
  for (const folder of PUBLISHED) {
    execFileSync(pnpm[0], [...pnpm.slice(1), "pack", "--pack-destination", out], {
      cwd: join(root, folder),
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  const tarballs = readdirSync(out).filter((file) => file.endsWith(".tgz"));
  console.log(`Packed ${tarballs.length} packages into ${out}:`);
  for (const file of tarballs) console.log(`  ${file}`);
  console.log(`Install them in your project with: npm install ${join(out, "*.tgz")}`);
}
