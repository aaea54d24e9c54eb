#!/usr/bin/env node
// Reprints, at the end of CI, what a failed step's log says went wrong: its failure lines (vitest, turbo, the smoke and browser checks) with a few lines after each, then its last lines.
// Usage: node scripts/ci-failures.mjs <step name> <log file>. CI's own output may be cut to its tail; this keeps the cause in it.
import { existsSync, readFileSync } from "node:fs";

const [name, file] = process.argv.slice(2);
if (!name || !file) throw new Error("usage: node scripts/ci-failures.mjs <step name> <log file>");

/** At most this many lines of failures, and this many of the log's end. */
const MAX_LINES = 120;
const TAIL_LINES = 15;
const AFTER = 16;

// Terminal colours and cursor moves, which vitest and turbo print even into a file.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character starts them
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
/** Lines that say something failed (not a count of none, nor an ignored attw row). */
const FAILURE =
  /(\bFAIL\b|FAILED|Failed Tests|AssertionError|\bError:|ERR!|ERR_PNPM|command finished with error|Unhandled|Timed out|timed out|\bnot ok\b|[×✗])/;
const NOT_A_FAILURE = /(\b0 failed\b|\(ignored|ignored per resolution)/;

console.log(`\n=== ${name} failed: what its log says ===`);
if (!existsSync(file)) {
  console.log(`(no log at ${file})`);
  process.exit(0);
}
const lines = readFileSync(file, "utf8").replace(ANSI, "").split("\n");
/** Turbo's prefix of a task's line ("@giosg-reporting/client:test: "), or "" outside turbo. */
const TASK = /^@[\w.-]+\/[\w.-]+:[\w:-]+: /;
const taskOf = (line) => TASK.exec(line)?.[0] ?? "";
const shown = new Set();
for (let index = 0; index < lines.length && shown.size < MAX_LINES; index += 1) {
  if (!FAILURE.test(lines[index]) || NOT_A_FAILURE.test(lines[index])) continue;
  // The lines after it of the same task (turbo interleaves the tasks' output); none after a test's
  // × in vitest's list, whose error comes later under FAIL.
  const task = taskOf(lines[index]);
  const after = /[×✗]/.test(lines[index]) && !/FAIL|Error/.test(lines[index]) ? 0 : AFTER;
  for (let at = index, kept = 0; at < lines.length && kept <= after; at += 1) {
    if (taskOf(lines[at]) !== task) continue;
    shown.add(at);
    kept += 1;
  }
}
let last = -1;
for (const at of [...shown].sort((a, b) => a - b).slice(0, MAX_LINES)) {
  if (last >= 0 && at > last + 1) console.log("  …");
  console.log(lines[at]);
  last = at;
}
if (shown.size === 0) console.log("(no line names a failure)");
console.log(`--- the last ${TAIL_LINES} lines of ${file} ---`);
console.log(lines.slice(-TAIL_LINES - 1).join("\n"));
