// @ts-nocheck
// Preloaded into a child process by the tests (node --require): at exit, writes the process's peak RSS to stderr.
const { writeSync } = require("node:fs");

process.on("exit", () => {
  // maxRSS is in kibibytes.
  writeSync(2, `\npeak-rss-bytes=${process.resourceUsage().maxRSS * 1024}\n`);
});
