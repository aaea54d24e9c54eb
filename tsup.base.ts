import type { Options } from "tsup";

/** An esbuild plugin: each relative import stays an import of its own module, `./x` written `./x.js`. */
const moduleImports: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "module-imports",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) =>
      args.kind === "entry-point" ? undefined : { path: `${args.path}.js`, external: true },
    );
  },
};

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

/**
 * How a package a page may bundle builds: its ESM as one module per source file (each relative import
 * kept, so that with `sideEffects: false` a bundler drops the modules a page does not use, zod schemas
 * and texts included), its CJS bundled as `libraryBuild`'s. `entries` name the public entry points
 * (their `.d.ts` and `.d.cts`).
 */
export function moduleBuilds(entries: Record<string, string>): Options[] {
  return [
    {
      ...libraryBuild,
      entry: ["src/**/*.ts"],
      format: ["esm"],
      dts: { entry: entries },
      esbuildPlugins: [moduleImports],
    },
    { ...libraryBuild, entry: entries, format: ["cjs"], clean: false },
  ];
}
