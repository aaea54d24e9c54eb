// @ts-nocheck
// Loads the optional peers `pg` and `pg-copy-streams` on first use, so that an export into files never needs them.
import { ExportError } from "../../export-error";

/** The parts of `pg` the sink uses. */
export type Pg = typeof import("pg");
/** The parts of `pg-copy-streams` the sink uses. */
export type PgCopyStreams = typeof import("pg-copy-streams");

/** The two drivers, loaded. */
export interface Drivers {
  readonly pg: Pg;
  readonly copyStreams: PgCopyStreams;
}

/** How a module is imported by name (literal `import()`s unless a test says otherwise). */
export type Importer = (name: "pg" | "pg-copy-streams") => Promise<unknown>;

// Literal specifiers, so that a bundler sees them; the builds keep them external and lazy.
const importDriver: Importer = (name) => (name === "pg" ? import("pg") : import("pg-copy-streams"));

const MISSING = new Set(["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"]);

/** A CommonJS module imported from ESM has its exports under `default`; from CJS, as they are. */
function exportsOf<T>(module: unknown): T {
  const record = module as { default?: unknown };
  return (record.default ?? module) as T;
}

/**
 * Imports `pg` and `pg-copy-streams`. Throws an {@link ExportError} naming `--postgres`, and saying
 * what to install, when either is missing.
 */
export async function loadDrivers(importer: Importer = importDriver): Promise<Drivers> {
  const load = async (name: "pg" | "pg-copy-streams") => {
    try {
      return await importer(name);
    } catch (error) {
      if (MISSING.has((error as { code?: string }).code ?? ""))
        throw new ExportError(
          "--postgres",
          `the PostgreSQL sink needs the packages pg and pg-copy-streams beside @giosg-reporting/export, and ${name} is missing: run npm install pg pg-copy-streams`,
        );
      throw error;
    }
  };
  const [pg, copyStreams] = [await load("pg"), await load("pg-copy-streams")];
  return { pg: exportsOf<Pg>(pg), copyStreams: exportsOf<PgCopyStreams>(copyStreams) };
}
