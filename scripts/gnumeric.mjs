#!/usr/bin/env node
// Makes sure Gnumeric's ssconvert is there before the tests: the stub's tests read its XLSX downloads
// back with it (a reader no one here wrote). Installs Debian's gnumeric when missing and apt-get can
// (as root); otherwise says how, and the tests that need it fail naming it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const PATH = process.env.SSCONVERT_PATH ?? "/usr/bin/ssconvert";
const apt = (...args) =>
  execFileSync("apt-get", args, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });

if (!existsSync(PATH)) {
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (root && hasApt && process.env.SSCONVERT_PATH === undefined) {
    console.log(
      "Installing Gnumeric (ssconvert reads the stub's XLSX downloads back in its tests) …",
    );
    for (let attempt = 1; attempt <= 2 && !existsSync(PATH); attempt += 1) {
      try {
        apt("update", "-qq");
        apt("install", "-y", "-qq", "--no-install-recommends", "gnumeric");
      } catch (error) {
        console.log(`apt-get failed (attempt ${attempt}): ${error.message}`);
      }
    }
  }
  if (!existsSync(PATH))
    console.log(
      `note: no ssconvert at ${PATH}: the stub's XLSX tests will fail. Install Gnumeric ` +
        "(apt-get install --no-install-recommends gnumeric) or set SSCONVERT_PATH.",
    );
}
