// `pnpm bench`, part 4: the BUILT client iterating an unlimited answer from the stub and from the replay
// server, alone in its process, against curl reading the same answer (the floor), BENCH_RUNS runs (default 3).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { Recording } from "./replay-server";

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The goals of issue 28: the client's time over curl's, and its rows per second. */
const GOAL_RATIO = 1.25;
const GOAL_ROWS_PER_SECOND = 200_000;
/** The client's options of each line (the default first). */
const VARIANTS: readonly { readonly name: string; readonly options: object }[] = [
  { name: "client (default)", options: {} },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** What a built client's run printed (see built-client.mjs). */
interface ClientRun {
  readonly rows: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly rssMiB: number;
}

/** curl reading the answer to /dev/null in its own process: seconds of transfer and CPU seconds (user + sys). */
async function curl(
  url: string,
  recording: Recording,
  bodyFile: string,
  timeFile: string,
): Promise<{ seconds: number; cpuSeconds: number; bytes: number }> {
  const headers = Object.entries(recording.headers).flatMap(([name, value]) => [
    "-H",
    `${name}: ${value}`,
  ]);
  const { stdout } = await run("/usr/bin/time", [
    "-f",
    "%U %S",
    "-o",
    timeFile,
    "curl",
    "-s",
    "-o",
    "/dev/null",
    "-w",
    "%{time_total} %{size_download}",
    "-X",
    "POST",
    ...headers,
    "--data-binary",
    `@${bodyFile}`,
    url,
  ]);
  const [seconds = "0", bytes = "0"] = stdout.trim().split(" ");
  const [user = "0", system = "0"] = (await readFile(timeFile, "utf8"))
    .trim()
    .split(/\s+/)
    .slice(-2);
  return {
    seconds: Number(seconds),
    cpuSeconds: Number(user) + Number(system),
    bytes: Number(bytes),
  };
}

/** The built client iterating `query` from `baseUrl` in a process of its own. */
async function client(baseUrl: string, query: object, options: object): Promise<ClientRun> {
  const script = fileURLToPath(new URL("./built-client.mjs", import.meta.url));
  const { stdout } = await run(
    process.execPath,
    [script, baseUrl, JSON.stringify(query), JSON.stringify(options)],
    { maxBuffer: 2 ** 20 },
  );
  return JSON.parse(stdout) as ClientRun;
}

/**
 * Prints, for each run, curl's time (the floor), each client variant's time, CPU seconds, peak RSS and
 * rows/s, and the ratio to curl with the goals.
 */
export async function wire(
  sources: readonly { readonly name: string; readonly url: string }[],
  recording: Recording,
  query: object,
): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "client-bench-"));
  try {
    const bodyFile = join(folder, "body.json");
    await writeFile(bodyFile, recording.body);
    const lines: Record<string, string | number>[] = [];
    let bytes = 0;
    for (let index = 1; index <= RUNS; index += 1)
      for (const source of sources) {
        const url = recording.url.replace(/^https?:\/\/[^/]+/, source.url);
        const floor = await curl(url, recording, bodyFile, join(folder, "time"));
        bytes = floor.bytes;
        lines.push({
          run: index,
          source: source.name,
          reader: "curl -s -o /dev/null (floor)",
          seconds: floor.seconds.toFixed(3),
          "CPU s": floor.cpuSeconds.toFixed(2),
          "rows/s": "",
          "× curl": "1.00",
        });
        for (const variant of VARIANTS) {
          const measured = await client(source.url, query, variant.options);
          const ratio = measured.seconds / floor.seconds;
          const rate = Math.round(measured.rows / measured.seconds);
          lines.push({
            run: index,
            source: source.name,
            reader: variant.name,
            seconds: measured.seconds.toFixed(3),
            "CPU s": measured.cpuSeconds.toFixed(2),
            "rows/s": rate.toLocaleString("en"),
            "× curl": ratio.toFixed(2),
            rows: measured.rows,
            "peak RSS MiB": Math.round(measured.rssMiB),
          });
        }
      }
    console.log(
      `\n4. The built client alone in its process against curl, the same answer (${Math.round(bytes / 2 ** 20)} MiB) from the stub and from the replay server, ${RUNS} runs (BENCH_RUNS); goals: ≤ ${GOAL_RATIO} × curl, ≥ ${GOAL_ROWS_PER_SECOND.toLocaleString("en")} rows/s:\n`,
    );
    console.table(lines);
    for (const source of sources)
      for (const variant of VARIANTS) {
        const mine = lines.filter(
          (line) => line.reader === variant.name && line.source === source.name,
        );
        const ratio = median(mine.map((line) => Number(line["× curl"])));
        const rate = median(mine.map((line) => Number(String(line["rows/s"]).replaceAll(",", ""))));
        const met = (yes: boolean) => (yes ? "met" : "NOT met");
        console.log(
          `${variant.name} ← ${source.name}: median ${ratio.toFixed(2)} × curl (goal ≤ ${GOAL_RATIO}: ${met(ratio <= GOAL_RATIO)}), ${rate.toLocaleString("en")} rows/s (goal ≥ ${GOAL_ROWS_PER_SECOND.toLocaleString("en")}: ${met(rate >= GOAL_ROWS_PER_SECOND)})`,
        );
      }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
