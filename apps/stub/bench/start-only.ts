// `pnpm --filter @giosg-reporting/stub bench:start`: only the start figures of `pnpm bench`
// (bench/start.ts), BENCH_STARTS starts of the stub and of its floor (default 3).
import { ensureBuiltStub, killAll } from "./processes";
import { printReport } from "./report";
import { startFigures } from "./start";

const STARTS = Number(process.env.BENCH_STARTS ?? 3);
try {
  ensureBuiltStub();
  const figures = await startFigures(STARTS, (line) => console.log(line));
  printReport(figures, { node: process.version, starts: STARTS });
} catch (error) {
  console.error(`bench: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await killAll();
}
