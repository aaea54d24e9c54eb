// Preloaded into the benchmark's processes (node --require): at exit, writes the process's peak RSS, CPU time (and its system part) and page faults to stderr.
const { writeSync } = require("node:fs");

process.on("exit", () => {
  const usage = process.resourceUsage();
  // maxRSS is in kibibytes, the CPU times in microseconds.
  writeSync(
    2,
    `\nbench-usage=${JSON.stringify({ peakRssBytes: usage.maxRSS * 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, systemSeconds: usage.systemCPUTime / 1e6, minorFaults: usage.minorPageFault })}\n`,
  );
});
