// The start figures: the built CLI (default dataset) from spawn to its first `GET /healthz` 200 and
// the CPU it took, beside a bare node:http server started the same way, and the time until the
// dataset's tables are held (the banner: `listening on …`). BENCH_STARTS starts of each (default 3).
import {
  cpuSeconds,
  freePort,
  kill,
  type Server,
  STUB_CLI,
  startFloor,
  track,
  untilHealthy,
} from "./processes";
import type { Figure } from "./report";

/** One start: spawn to the first healthy answer, and to the banner (the tables held). */
interface Start {
  readonly healthyMs: number;
  /** CPU seconds of the process (all its threads) at its first healthy answer. */
  readonly healthyCpu: number;
  readonly heldMs?: number;
  readonly heldCpu?: number;
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const list = (values: readonly number[], digits = 0) =>
  values.map((value) => value.toFixed(digits)).join(", ");

/** Starts the built CLI (`--quiet`, default dataset), reads its start, and stops it. */
async function startStubOnce(): Promise<Start> {
  const port = await freePort();
  const spawned = performance.now();
  const child = track(process.execPath, [STUB_CLI, "--quiet", "--port", String(port)]);
  let output = "";
  const held = new Promise<{ ms: number; cpu: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no banner within 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`the stub exited with ${code}: ${output}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      if (!output.includes("listening on")) return;
      clearTimeout(timer);
      resolve({ ms: performance.now() - spawned, cpu: cpuSeconds(child.pid ?? 0) ?? Number.NaN });
    });
  });
  held.catch(() => {}); // read below, once healthy
  try {
    await untilHealthy(`http://127.0.0.1:${port}`, child);
    const healthyMs = performance.now() - spawned;
    const healthyCpu = cpuSeconds(child.pid ?? 0) ?? Number.NaN;
    const { ms, cpu } = await held;
    return { healthyMs, healthyCpu, heldMs: ms, heldCpu: cpu };
  } finally {
    await kill(child);
  }
}

/** Starts the floor server, reads its start, and stops it. */
async function startFloorOnce(): Promise<Start> {
  const floor: Server = await startFloor("tiny");
  const healthyCpu = cpuSeconds(floor.pid) ?? Number.NaN;
  await kill(floor.child);
  return { healthyMs: floor.startMs, healthyCpu };
}

/** Runs `starts` starts of the stub and of the floor, in turn, and gives the start figures. */
export async function startFigures(
  starts: number,
  log: (line: string) => void = () => {},
): Promise<Figure[]> {
  const stub: Start[] = [];
  const floor: Start[] = [];
  for (let index = 0; index < starts; index += 1) {
    stub.push(await startStubOnce());
    floor.push(await startFloorOnce());
    log(
      `start ${index + 1}/${starts}: stub healthy ${stub[index]?.healthyMs.toFixed(0)} ms, tables held ${stub[index]?.heldMs?.toFixed(0)} ms; floor ${floor[index]?.healthyMs.toFixed(0)} ms`,
    );
  }
  const healthy = stub.map(({ healthyMs }) => healthyMs);
  const healthyCpu = stub.map(({ healthyCpu }) => healthyCpu);
  const held = stub.map(({ heldMs }) => heldMs ?? Number.NaN);
  const heldCpu = stub.map(({ heldCpu }) => heldCpu ?? Number.NaN);
  return [
    {
      key: "start.healthyMs",
      what: `start to first GET /healthz 200 (median of ${starts})`,
      value: median(healthy),
      unit: "ms",
      floor: median(floor.map(({ healthyMs }) => healthyMs)),
      floorLabel: "node:http server",
      goal: { op: "<=", value: 700 },
      note: `starts: ${list(healthy)} ms`,
    },
    {
      key: "start.healthyCpuSeconds",
      what: "CPU of the start to that answer (user+sys, all threads)",
      value: median(healthyCpu),
      unit: "s",
      floor: median(floor.map(({ healthyCpu }) => healthyCpu)),
      floorLabel: "node:http server",
      note: `starts: ${list(healthyCpu, 2)} s`,
    },
    {
      key: "start.heldMs",
      what: "start to the dataset's tables held (the banner)",
      value: median(held),
      unit: "ms",
      floor: median(healthy),
      floorLabel: "healthy",
      note: `starts: ${list(held)} ms; CPU then ${list(heldCpu, 2)} s (answers before come from generation)`,
    },
  ];
}
