// The CLI's heap tuning: the growing factor set for its own process, unless the user chose one on node's command line.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HEAP_GROWING_PERCENT, tuneHeap } from "../src/cli/heap";

/** The flags tuneHeap sets given node's options. */
function setBy(execArgv: readonly string[]): string[] {
  const set: string[] = [];
  tuneHeap(execArgv, (flags) => set.push(flags));
  return set;
}

describe("tuneHeap", () => {
  it("sets the heap's growing factor when the user set none", () => {
    const flag = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
    expect(setBy([])).toEqual([flag]);
    expect(setBy(["--max-old-space-size=512", "--enable-source-maps"])).toEqual([flag]);
    expect(setBy(["--heap-growing"])).toEqual([flag]);
  });

  it.each([
    ["on node's command line", ["--max-old-space-size=512", "--heap-growing-percent=150"]],
    ["with underscores", ["--heap_growing_percent=150"]],
    ["as two words", ["--heap-growing-percent", "150"]],
  ])("leaves the user's own factor alone, set %s", (_name, execArgv) => {
    expect(setBy(execArgv)).toEqual([]);
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
    tuneHeap([], (set) => {
      flags = set;
    });
    expect(flags).toMatch(/^--heap-growing-percent=\d+$/);
    expect(stderrOf(flags)).toBe("");
    expect(stderrOf(`${flags.replace("percent", "percents")}`)).toContain("unrecognized flag");
  });
});
