// Writes each ```ts snippet of the READMEs to its own .mts file, to type-check that each compiles alone.
// Usage: node scripts/readme-snippets.mjs --out <dir>. A fence whose previous line is
// `<!-- snippet: skip -->` is left out (for fragments that cannot compile; say why beside it).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { out: { type: "string" } } });
if (!values.out) throw new Error("usage: node scripts/readme-snippets.mjs --out <dir>");
const out = values.out;

/** The READMEs partners read: the root one, then each package's and each app's. */
function readmes() {
  const found = ["README.md"];
  for (const group of ["packages", "apps"]) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const path = join(group, entry.name, "README.md");
      if (entry.isDirectory() && existsSync(join(root, path))) found.push(path);
    }
  }
  return found;
}

/** The ```ts / ```typescript blocks of a Markdown text, without those marked to be skipped. */
function snippets(markdown) {
  const lines = markdown.split(/\r?\n/);
  const blocks = [];
  for (let i = 0; i < lines.length; i += 1) {
    if (!/^\s*```(ts|typescript)\s*$/.test(lines[i])) continue;
    const skipped = /^\s*<!--\s*snippet:\s*skip\b.*-->\s*$/.test(lines[i - 1] ?? "");
    const body = [];
    for (i += 1; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i += 1) body.push(lines[i]);
    if (!skipped) blocks.push(`${body.join("\n")}\n`);
  }
  return blocks;
}

/** "README.md" → "readme", "packages/client/README.md" → "client", "apps/stub/README.md" → "stub". */
const slug = (path) => (path === "README.md" ? "readme" : path.split("/")[1]);

mkdirSync(out, { recursive: true });
let written = 0;
for (const path of readmes()) {
  snippets(readFileSync(join(root, path), "utf8")).forEach((code, index) => {
    writeFileSync(join(out, `${slug(path)}-${index + 1}.mts`), code);
    written += 1;
  });
}
console.log(`readme-snippets: wrote ${written} snippets to ${out}`);
