// The root README's marked blocks, as the consumer smoke test runs them: `<!-- quickstart: NAME -->` before a fence.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The content of the fenced block right after `<!-- quickstart: name -->` in the root README. */
export function quickstartBlock(root, name) {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const marker = `<!-- quickstart: ${name} -->\n`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker.trim()}`);
  const match = /^```\w*\n([\s\S]*?)^```$/m.exec(readme.slice(at + marker.length));
  if (!match) throw new Error(`README.md: no fenced block after ${marker.trim()}`);
  return match[1];
}

/**
 * The README's quick-start commands as "Try the packages before they are published" says to run them:
 * on a line that installs packages of the kit, all the tarballs together in place of their names.
 */
export function withTarballs(commands, tarballs) {
  return commands
    .split("\n")
    .map((line) => {
      if (!line.includes("@giosg-reporting/")) return line;
      const first = line.indexOf("@giosg-reporting/");
      const rest = line.slice(first).replace(/@giosg-reporting\/[a-z-]+\s*/g, "");
      return `${line.slice(0, first)}${tarballs.join(" ")} ${rest}`;
    })
    .join("\n");
}
