// The CLI's heap tuning: the growing factor set for its own process, unless the user chose one.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HEAP_GROWING_PERCENT, tuneHeap } from "../src/cli/heap";

/** The flags tuneHeap sets given node's options and NODE_OPTIONS. */
function setBy(execArgv: readonly string[], nodeOptions?: string): string[] {
  const set: string[] = [];
  tuneHeap(execArgv, nodeOptions, (flags) => set.push(flags));
  return set;
}

describe("tuneHeap", () => {
  it("sets the heap's growing factor when the user set none", () => {
    const flag = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
    expect(setBy([])).toEqual([flag]);
    expect(setBy(["--max-old-space-size=512", "--enable-source-maps"], "--trace-warnings")).toEqual(
      [flag],
    );
    expect(setBy([], "--heap-growing")).toEqual([flag]);
  });

  it.each([
    ["on node's command line", ["--heap-growing-percent=150"], undefined],
    ["with underscores", ["--heap_growing_percent=150"], undefined],
    ["as two words", ["--heap-growing-percent", "150"], undefined],
    ["in NODE_OPTIONS", [], "--max-old-space-size=512  --heap-growing-percent=150"],
  ])("leaves the user's own factor alone, set %s", (_name, execArgv, nodeOptions) => {
    expect(setBy(execArgv, nodeOptions)).toEqual([]);
  });

  it("sets a flag this Node.js knows (V8 says so on stderr of a flag it does not)", () => {
    const stderrOf = (flags: string) =>
      spawnSync(
        process.execPath,
        ["-e", `require("node:v8").setFlagsFromString(${JSON.stringify(flags)})`],
        {
          encoding: "utf8",
        },
      ).stderr;
    let flags = "";
    tuneHeap([], undefined, (set) => {
      flags = set;
    });
    expect(flags).toMatch(/^--heap-growing-percent=\d+$/);
    expect(stderrOf(flags)).toBe("");
    expect(stderrOf(`${flags.replace("percent", "percents")}`)).toContain("unrecognized flag");
  });
});
