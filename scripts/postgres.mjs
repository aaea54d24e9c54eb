#!/usr/bin/env node
// Makes sure PostgreSQL's server binaries are there before the tests: the export's PostgreSQL sink is
// tested against a real server, which its tests start in a temporary folder (initdb, pg_ctl) and stop.
// Installs Debian's postgresql when missing and apt-get can (as root); otherwise says how, and the
// tests that need it fail naming it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const ROOT = "/usr/lib/postgresql";
/** The newest bin folder under /usr/lib/postgresql holding initdb and pg_ctl, or POSTGRES_BIN. */
function binDir() {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  if (!existsSync(ROOT)) return undefined;
  const versions = readdirSync(ROOT)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  return versions
    .map((version) => join(ROOT, version, "bin"))
    .find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl")));
}

const apt = (...args) =>
  execFileSync("apt-get", args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });

if (binDir() === undefined) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (root && hasApt && process.env.POSTGRES_BIN === undefined) {
    console.log(
      "Installing PostgreSQL (the export's PostgreSQL sink is tested against a real server) …",
    );
    for (let attempt = 1; attempt <= 2 && binDir() === undefined; attempt += 1) {
      try {
        apt("update", "-qq");
        apt("install", "-y", "-qq", "--no-install-recommends", "postgresql");
      } catch (error) {
        console.log(`apt-get failed (attempt ${attempt}): ${error.message}`);
      }
    }
  }
  if (binDir() === undefined)
    console.log(
      `note: no PostgreSQL server binaries under ${ROOT}: the export's PostgreSQL tests will fail. ` +
        "Install PostgreSQL (apt-get install --no-install-recommends postgresql) or set POSTGRES_BIN to the folder of initdb and pg_ctl.",
    );
}
