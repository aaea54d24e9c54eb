// `pnpm --filter @giosg-reporting/stub bench:download`: time and peak RSS of the built stub, in its own
// process, writing downloads of about 10^5 and 10^6 rows as CSV and XLSX, beside the JSON answer of the
// same rows (the floor). A fresh stub serves each figure, so that its peak RSS is that download's.
import { STEP_DOWNLOAD_PATH } from "@giosg-reporting/contract";
import { ensureBuiltStub, kill, killAll, peakRssMiB, rssMiB, startStub } from "./processes";
import { BENCH_PATH, WHOLE_RANGE } from "./query";

/** Sessions a day for about 10^5 and 10^6 rows of the bench's step (bench/record.ts: 37,000 → 1,003,373). */
const VOLUMES = (process.env.BENCH_DOWNLOAD_SESSIONS_PER_DAY ?? "3700,37000")
  .split(",")
  .map(Number);
type Format = "json" | "csv" | "xlsx";
const FORMATS = (process.env.BENCH_DOWNLOAD_FORMATS ?? "json,csv,xlsx").split(",") as Format[];

const headers = { authorization: "Token demo", "content-type": "application/json" };
const downloadPath = `${BENCH_PATH}/download/`;
if (!STEP_DOWNLOAD_PATH.endsWith("/download/")) throw new Error("the download path changed");

/** Reads the whole answer of `format` as it streams: seconds to its end, bytes, and rows (JSON: counted by the stub's journal-free way, records). */
async function read(url: string, format: Format): Promise<{ seconds: number; bytes: number }> {
  const body = JSON.stringify({
    filters: [],
    interval: WHOLE_RANGE,
    ...(format === "json" ? {} : { format }),
  });
  const started = performance.now();
  const response = await fetch(`${url}${format === "json" ? BENCH_PATH : downloadPath}`, {
    method: "POST",
    headers,
    body,
  });
  if (response.status !== 200)
    throw new Error(`${format}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  for await (const chunk of response.body as ReadableStream<Uint8Array>) bytes += chunk.length;
  return { seconds: (performance.now() - started) / 1000, bytes };
}

/** The rows of the bench's step in a volume: the CSV's records less its header. */
async function rowsOf(url: string): Promise<number> {
  const response = await fetch(`${url}${downloadPath}`, {
    method: "POST",
    headers,
    body: JSON.stringify({ filters: [], interval: WHOLE_RANGE, format: "csv" }),
  });
  let lines = 0;
  for await (const chunk of response.body as ReadableStream<Uint8Array>)
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines += 1;
  return lines - 1;
}

ensureBuiltStub();
const figures: Record<string, unknown>[] = [];
try {
  for (const sessionsPerDay of VOLUMES) {
    const args = ["--sessions-per-day", String(sessionsPerDay)];
    const counter = await startStub(args);
    const rows = await rowsOf(counter.url);
    await kill(counter.child);
    console.log(
      `\n${rows.toLocaleString("en")} rows (${sessionsPerDay.toLocaleString("en")} sessions a day, step 1, whole range)`,
    );
    for (const format of FORMATS) {
      const stub = await startStub(args);
      const idle = rssMiB(stub.pid) ?? Number.NaN;
      // RSS every 200 ms: bounded memory shows as a second half whose peak is the first half's.
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(rssMiB(stub.pid) ?? 0), 200);
      const { seconds, bytes } = await read(stub.url, format);
      clearInterval(sampler);
      const peak = peakRssMiB(stub.pid) ?? Number.NaN;
      const half = Math.floor(samples.length / 2);
      const firstHalf = Math.max(0, ...samples.slice(0, half));
      const secondHalf = Math.max(0, ...samples.slice(half));
      await kill(stub.child);
      const figure = {
        firstHalfPeakRssMiB: firstHalf,
        secondHalfPeakRssMiB: secondHalf,
        rows,
        format,
        seconds,
        MiB: bytes / 2 ** 20,
        rowsPerSecond: rows / seconds,
        idleRssMiB: idle,
        peakRssMiB: peak,
      };
      figures.push(figure);
      console.log(
        `  ${format.padEnd(5)} ${seconds.toFixed(1).padStart(6)} s  ${Math.round(rows / seconds)
          .toLocaleString("en")
          .padStart(
            8,
          )} rows/s  ${Math.round(figure.MiB).toLocaleString("en").padStart(5)} MiB  RSS idle ${Math.round(idle)} MiB, peak ${Math.round(peak)} MiB (${Math.round(firstHalf)} / ${Math.round(secondHalf)} MiB in the first / second half)`,
      );
    }
  }
  console.log(`BENCH_JSON ${JSON.stringify(figures)}`);
} finally {
  await killAll();
}
