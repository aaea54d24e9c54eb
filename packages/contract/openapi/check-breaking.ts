// CI: fails when openapi.json breaks compatibility with the last release (the document at the latest
// `@giosg-reporting/contract@…` tag, or openapi.baseline.json before the first release) unless a
// pending changeset bumps the contract's major version.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { breakingChanges } from "./breaking-changes";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const git = (...args: string[]) =>
  execFileSync("git", args, { encoding: "utf8", cwd: here("..") }).trim();

function baseline(): { name: string; document: Record<string, unknown> } {
  let tag = "";
  try {
    tag =
      git("tag", "--list", "@giosg-reporting/contract@*", "--sort=-v:refname").split("\n")[0] ?? "";
  } catch {}
  if (tag)
    return {
      name: `the release ${tag}`,
      document: JSON.parse(git("show", `${tag}:packages/contract/openapi.json`)),
    };
  return {
    name: "openapi.baseline.json",
    document: JSON.parse(readFileSync(here("../openapi.baseline.json"), "utf8")),
  };
}

/** Whether a pending changeset bumps the contract's major version. */
function majorChangesetPending(): boolean {
  const folder = here("../../../.changeset");
  return readdirSync(folder)
    .filter((file) => file.endsWith(".md"))
    .some((file) =>
      /^---[\s\S]*?["']?@giosg-reporting\/contract["']?\s*:\s*major[\s\S]*?---/m.test(
        readFileSync(`${folder}/${file}`, "utf8"),
      ),
    );
}

const { name, document } = baseline();
const head = JSON.parse(readFileSync(here("../openapi.json"), "utf8"));
const changes = breakingChanges(document, head);
if (changes.length === 0) {
  console.log(`openapi.json: no breaking change against ${name}`);
} else if (majorChangesetPending()) {
  console.log(
    `openapi.json: ${changes.length} breaking changes against ${name}, announced by a major changeset:`,
  );
  for (const change of changes) console.log(`  - ${change}`);
} else {
  console.error(
    `openapi.json: ${changes.length} breaking changes against ${name}, and no changeset bumps @giosg-reporting/contract to a new major:`,
  );
  for (const change of changes) console.error(`  - ${change}`);
  console.error('Add one (pnpm changeset, "major") or make the change compatible.');
  process.exitCode = 1;
}
