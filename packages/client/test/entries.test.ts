// The package's two entries: the main one bundles for browsers (no Node built-in), `./node` holds what needs Node.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
// esbuild as tsup brings it: what a partner's bundler does with the entry.
const esbuild = createRequire(require.resolve("tsup"))("esbuild") as {
  build(options: object): Promise<{ errors: { text: string }[] }>;
};
const entry = (name: string) => fileURLToPath(new URL(`../src/${name}`, import.meta.url));

/** Bundles an entry for the browser; returns esbuild's errors (an unresolvable Node built-in is one). */
async function browserErrors(name: string): Promise<string[]> {
  const result = await esbuild
    .build({
      entryPoints: [entry(name)],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      logLevel: "silent",
    })
    .catch((error: { errors: { text: string }[] }) => ({ errors: error.errors }));
  return result.errors.map(({ text }) => text);
}

describe("entries", () => {
  it("the main entry bundles for the browser: no Node built-in", async () => {
    expect(await browserErrors("index.ts")).toEqual([]);
  });

  it("saveDownload's entry is Node's (and the main entry does not need it)", async () => {
    expect((await browserErrors("node.ts")).join("\n")).toMatch(/node:fs\/promises/);
  });
});
