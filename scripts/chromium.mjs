// Debian's Chromium for the browser checks (`pnpm test:browser`), driven by playwright-core: where it is, and how it starts.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/**
 * The Chromium to drive: `--chromium <path>`, else $CHROMIUM_PATH, else Debian's /usr/bin/chromium.
 * Without one, says how to get it and exits with 2 (`name` says which check gave up).
 */
export function chromiumPath(name, option) {
  const executablePath = option ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    console.error(
      `${name}: no Chromium at ${executablePath} (apt-get install chromium, or --chromium <path>)`,
    );
    process.exit(2);
  }
  return executablePath;
}

/** Starts headless Chromium with nothing of its own talking to the network. */
export function launchChromium(executablePath) {
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A check's tally: `check(name, ok, detail)` prints one line per check, `done()` the summary under
 * `name` and sets the exit code.
 */
export function checklist(name) {
  let passed = 0;
  let failed = 0;
  return {
    check(what, ok, detail = "") {
      if (ok) passed += 1;
      else failed += 1;
      console.log(`  ${ok ? "ok  " : "FAIL"} ${what}${ok || !detail ? "" : `: ${detail}`}`);
    },
    done() {
      console.log(`${name}: ${passed} passed, ${failed} failed`);
      process.exitCode = failed === 0 ? 0 : 1;
    },
  };
}
