import type { Options } from "tsup";

/** How every package builds its library entry: ESM + CJS + .d.ts for Node 20. */
export const libraryBuild: Options = {
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
};

/** How a package builds a command-line bin from `src/cli/main.ts` to `dist/cli.js`. */
export const binBuild: Options = {
  entry: { cli: "src/cli/main.ts" },
  format: ["esm"],
  sourcemap: true,
  target: "node20",
  banner: { js: "#!/usr/bin/env node" },
};
