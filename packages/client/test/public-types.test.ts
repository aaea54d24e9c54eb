// The published types: every contract type the client's declarations use is one a partner can import from the client.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dist = join(import.meta.dirname, "..", "dist");

/** The names a declaration file imports from the contract, and the names it exports. */
function namesOf(file: string) {
  const text = readFileSync(join(dist, file), "utf8");
  const imported = [...text.matchAll(/^import \{([^}]*)\} from '@giosg-reporting\/contract';$/gm)]
    .flatMap((match) => (match[1] ?? "").split(","))
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const exported = [...text.matchAll(/^export \{([^}]*)\}/gm)]
    .flatMap((match) => (match[1] ?? "").split(","))
    .map(
      (name) =>
        name
          .trim()
          .replace(/^type /, "")
          .split(" as ")
          .pop() ?? "",
    )
    .filter((name) => name !== "");
  return { imported, exported };
}

describe("the client's published declarations", () => {
  it.each(["index.d.ts", "index.d.cts"])(
    "%s exports every type it imports from the contract (but the contract object itself)",
    (file) => {
      const { imported, exported } = namesOf(file);
      expect(imported.length).toBeGreaterThan(5);
      // `contract` is used only as `typeof contract`, to type the raw client's routes.
      const types = imported.filter((name) => name !== "contract");
      expect(types.filter((name) => !exported.includes(name))).toEqual([]);
    },
  );
});
