// The CLI's heap tuning: the growing factor and the young generation's growth set for its own process, each unless the user chose it on node's command line.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { HEAP_GROWING_PERCENT, SEMI_SPACE_GROWTH_FACTOR, tuneHeap } from "../src/cli/heap";

/** The flags tuneHeap sets given node's options. */
function setBy(execArgv: readonly string[]): string[] {
  const set: string[] = [];
  tuneHeap(execArgv, (flags) => set.push(flags));
  return set;
}

const GROWING = `--heap-growing-percent=${HEAP_GROWING_PERCENT}`;
const SEMI_SPACE = `--semi-space-growth-factor=${SEMI_SPACE_GROWTH_FACTOR}`;

describe("tuneHeap", () => {
  it("sets the heap's growing factor and the young generation's growth when the user set neither", () => {
    expect(setBy([])).toEqual([GROWING, SEMI_SPACE]);
    expect(setBy(["--max-old-space-size=512", "--enable-source-maps"])).toEqual([
      GROWING,
      SEMI_SPACE,
    ]);
    expect(setBy(["--heap-growing", "--semi-space"])).toEqual([GROWING, SEMI_SPACE]);
    expect(tuneHeap([], () => {})).toEqual([
      "--heap-growing-percent",
      "--semi-space-growth-factor",
    ]);
  });

  it.each([
    ["on node's command line", ["--max-old-space-size=512", "--heap-growing-percent=150"]],
    ["with underscores", ["--heap_growing_percent=150"]],
    ["as two words", ["--heap-growing-percent", "150"]],
  ])("leaves the user's own growing factor alone, set %s", (_name, execArgv) => {
    expect(setBy(execArgv)).toEqual([SEMI_SPACE]);
  });

  it.each([
    ["on node's command line", ["--semi-space-growth-factor=2"]],
    ["with underscores", ["--semi_space_growth_factor=2"]],
    ["as two words", ["--semi-space-growth-factor", "2"]],
  ])("leaves the user's own young generation growth alone, set %s", (_name, execArgv) => {
    expect(setBy(execArgv)).toEqual([GROWING]);
  });

  it("sets flags this Node.js knows (V8 says so on stderr of a flag it does not)", () => {
    const stderrOf = (flags: string) =>
      spawnSync(
        process.execPath,
        ["-e", `require("node:v8").setFlagsFromString(${JSON.stringify(flags)})`],
        { encoding: "utf8" },
      ).stderr;
    const flags = setBy([]);
    expect(flags).toHaveLength(2);
    for (const flag of flags) {
      expect(flag).toMatch(/^--[a-z-]+=\d+$/);
      expect(stderrOf(flag)).toBe("");
      expect(stderrOf(flag.replace("=", "s="))).toContain("unrecognized flag");
    }
  });
});
