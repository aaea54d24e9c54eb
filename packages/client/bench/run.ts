// `pnpm bench`: (1) parse and validate a 10^5-row advanced answer, against JSON.parse alone of the same
// bytes (and zod's safeParse, for reference); (2) the answer splitter alone on those bytes; (3) iterate
// an unlimited streamed answer (~10^6 rows) through the client, from a stub and from a replay of its
// bytes, against reading those bytes raw, with the client's heap sampled as it goes; (4) the built client
// alone in its process against curl on the same bytes (wire.ts), BENCH_RUNS times.
import { ADVANCED_FIELDS, AnswerSplitter, advancedResponseSchema } from "@giosg-reporting/contract";
import { createDataset, generateEvents } from "@giosg-reporting/fixtures";
import { checkOkBody } from "../src/answer/validation";
import { streaming } from "./streaming";

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = 7;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(run: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return median(times);
}

function validation() {
  const rows = generateEvents(createDataset(), { count: ROWS });
  const text = JSON.stringify({ fields: ADVANCED_FIELDS, data: rows });
  time(() => checkOkBody(JSON.parse(text), false)); // warm up
  const parse = time(() => JSON.parse(text));
  const client = time(() => checkOkBody(JSON.parse(text), false));
  const zod = time(() => advancedResponseSchema.parse(JSON.parse(text)));
  console.log(
    `1. A ${ROWS.toLocaleString("en")}-row advanced answer (${mib(text.length)} MiB), median of ${RUNS} runs:\n`,
  );
  console.table([
    { step: "JSON.parse alone", ms: Math.round(parse), "× JSON.parse": "1.00" },
    {
      step: "JSON.parse + client validation",
      ms: Math.round(client),
      "× JSON.parse": (client / parse).toFixed(2),
    },
    {
      step: "JSON.parse + zod safeParse (reference)",
      ms: Math.round(zod),
      "× JSON.parse": (zod / parse).toFixed(2),
    },
  ]);
  return [text, parse] as const;
}

/** The answer splitter alone on the same bytes, fed in 64 KiB chunks as a socket would. */
function splitterAlone(text: string, parse: number) {
  const bytes = new TextEncoder().encode(text);
  const split = () => {
    const splitter = new AnswerSplitter({ maxValueBytes: 16 * 2 ** 20 });
    let rows = 0;
    for (let at = 0; at < bytes.length; at += 65_536)
      rows += splitter.write(bytes.subarray(at, at + 65_536)).length;
    splitter.end();
    return rows;
  };
  split(); // warm up
  const ms = time(split);
  console.log(
    `\n2. The answer splitter alone on the same bytes, in 64 KiB chunks, median of ${RUNS} runs:\n`,
  );
  console.table([
    {
      step: "AnswerSplitter.write (rows parsed)",
      ms: Math.round(ms),
      "rows/s": Math.round(ROWS / (ms / 1000)).toLocaleString("en"),
      "× JSON.parse": (ms / parse).toFixed(2),
    },
  ]);
}

// BENCH_WIRE_ONLY=1: part 4 alone (the built client against curl).
const wireOnly = process.env.BENCH_WIRE_ONLY === "1";
if (!wireOnly) splitterAlone(...validation());
// Last, with the 82 MiB answer above collected: its heap is sampled.
(globalThis as { gc?: () => void }).gc?.();
await streaming(wireOnly);
