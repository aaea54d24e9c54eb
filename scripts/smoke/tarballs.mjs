// What the consumer smoke test checks inside the packed tarballs, before installing them.
import { execFileSync } from "node:child_process";
import { dirname, join, normalize } from "node:path";

const tar = (file, ...args) =>
  execFileSync("tar", ["-xzf", file, ...args], { encoding: "utf8", maxBuffer: 64 * 2 ** 20 });

/** The files of a tarball, without the leading `package/`. */
export function listFiles(file) {
  return execFileSync("tar", ["-tzf", file], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((path) => path.replace(/^package\//, ""));
}

/** A file of a tarball, as text. */
export const readFile = (file, path) => tar(file, "-O", `package/${path}`);

/** Throws unless every published dependency is a range (`^1.2.3`, `>=1 <2`, `1 || 2`), not a pin or a workspace link. */
export function checkDependencyRanges(file) {
  const manifest = JSON.parse(readFile(file, "package.json"));
  for (const field of ["dependencies", "peerDependencies"]) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog):/.test(spec) || !/[\^~<>*x|]/.test(spec))
        throw new Error(`${manifest.name} ${field}.${name} is "${spec}", not a range`);
    }
  }
  if (manifest.dependencies?.zod !== undefined)
    throw new Error(`${manifest.name} depends on zod; zod must be a peer dependency`);
}

/** Throws unless every file the manifest points to is in the tarball. */
export function checkEntryPoints(file) {
  const files = new Set(listFiles(file));
  const manifest = JSON.parse(readFile(file, "package.json"));
  const targets = (value) =>
    typeof value === "string"
      ? [value]
      : value && typeof value === "object"
        ? Object.values(value).flatMap(targets)
        : [];
  for (const target of [
    manifest.main,
    manifest.module,
    manifest.types,
    manifest.bin,
    manifest.exports,
  ]
    .flatMap(targets)
    .map((path) => normalize(path)))
    if (!files.has(target)) throw new Error(`${manifest.name}: ${target} is not in the tarball`);
}

/**
 * Throws unless each source map inlines every source's content, and every source of the package's own
 * (all but the bundler's helpers, which live in its node_modules) is a file of the tarball: stack
 * traces through the maps name files a partner can open.
 */
export function checkSourceMaps(file) {
  const files = new Set(listFiles(file));
  const maps = [...files].filter((path) => path.endsWith(".map"));
  if (maps.length === 0) throw new Error(`${file} has no source maps`);
  for (const path of maps) {
    const map = JSON.parse(readFile(file, path));
    map.sources.forEach((source, index) => {
      if (typeof map.sourcesContent?.[index] !== "string")
        throw new Error(`${path}: no content for ${source}`);
      const resolved = normalize(join(dirname(path), source));
      if (!source.includes("/node_modules/") && !files.has(resolved))
        throw new Error(`${path}: source ${source} is not in the tarball`);
    });
  }
  return maps.length;
}
