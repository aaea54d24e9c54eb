// `pnpm --filter @giosg-reporting/stub bench:record`: the recorder (`--record`) relaying and recording an
// unlimited answer of about 10^6 rows, beside the same answer read straight from the upstream (the floor).
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  freePort,
  killAll,
  peakRssMiB,
  rssMiB,
  Sampler,
  STUB_CLI,
  startStub,
  track,
  untilHealthy,
} from "./processes";
import { BENCH_PATH, WHOLE_RANGE } from "./query";

const SESSIONS_PER_DAY = Number(process.env.BENCH_LARGE_SESSIONS_PER_DAY ?? 37_000);
const body = JSON.stringify({ filters: [], interval: WHOLE_RANGE });
const init = {
  method: "POST",
  headers: { authorization: "Token demo", "content-type": "application/json" },
  body,
};

/** Reads a whole answer as it streams, counting bytes: time to the end, and bytes. */
async function drain(url: string): Promise<{ seconds: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${url}${BENCH_PATH}`, init);
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  let bytes = 0;
  for await (const chunk of response.body as ReadableStream<Uint8Array>) bytes += chunk.length;
  return { seconds: (performance.now() - started) / 1000, bytes };
}

const dir = mkdtempSync(join(tmpdir(), "stub-bench-record-"));
try {
  const upstream = await startStub(["--sessions-per-day", String(SESSIONS_PER_DAY)]);
  const floor = await drain(upstream.url);

  const port = await freePort();
  const recorder = track(process.execPath, [
    STUB_CLI,
    "--record",
    dir,
    "--upstream",
    upstream.url,
    "--port",
    String(port),
    "--quiet",
  ]);
  recorder.stdout?.resume();
  const url = `http://127.0.0.1:${port}`;
  await untilHealthy(url, recorder);
  const pid = recorder.pid ?? 0;
  const idle = rssMiB(pid) ?? Number.NaN;
  const sampler = new Sampler(() => [pid]);
  const through = await drain(url);
  sampler.stop();
  const peak = peakRssMiB(pid) ?? Number.NaN;
  recorder.kill("SIGINT");
  const code = await new Promise<number | null>((done) => recorder.once("exit", done));

  const events = join(dir, "events.ndjson");
  let rows = 0;
  for await (const chunk of createReadStream(events) as AsyncIterable<Buffer>)
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) rows += 1;
  const figures = {
    rows,
    answerMiB: through.bytes / 2 ** 20,
    recordedMiB: statSync(events).size / 2 ** 20,
    floorRowsPerSecond: rows / floor.seconds,
    recorderRowsPerSecond: rows / through.seconds,
    ratio: floor.seconds / through.seconds,
    idleRssMiB: idle,
    peakRssMiB: Math.max(peak, sampler.peakMiB.get(pid) ?? 0),
    exitCode: code,
  };
  const mib = (value: number) => `${Math.round(value)} MiB`;
  console.log(
    `\nRecorder, one unlimited answer (${SESSIONS_PER_DAY.toLocaleString("en")} sessions a day, step 1, whole range)`,
  );
  console.log(
    `  rows recorded:       ${rows.toLocaleString("en")} (${mib(figures.recordedMiB)} NDJSON; answer ${mib(figures.answerMiB)})`,
  );
  console.log(
    `  straight from stub:  ${Math.round(figures.floorRowsPerSecond).toLocaleString("en")} rows/s (floor)`,
  );
  console.log(
    `  through recorder:    ${Math.round(figures.recorderRowsPerSecond).toLocaleString("en")} rows/s (${(figures.ratio * 100).toFixed(0)} % of the floor)`,
  );
  console.log(`  recorder RSS:        idle ${mib(idle)}, peak ${mib(figures.peakRssMiB)}`);
  console.log(`  Ctrl-C after:        exit code ${code}`);
  console.log(`BENCH_JSON ${JSON.stringify(figures)}`);
} finally {
  await killAll();
  rmSync(dir, { recursive: true, force: true });
}
