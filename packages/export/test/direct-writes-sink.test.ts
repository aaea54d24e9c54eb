// The file sink's direct writes against the stub: the same files byte for byte as through the page cache (NDJSON and CSV), O_DIRECT used where it works, and a file system that refuses it (at the open, or at the writes in one unit folder) written through the cache.
import { constants } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@giosg-reporting/client";
import { type RunningStub, startStub } from "@giosg-reporting/stub";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { exportSourceData, type FileFormat, openFileSink, parseInterval } from "../src";
import { DIRECT_PROBE_PREFIX, directWritesWork } from "../src/sink/direct-writes";
import { filesUnder, ORGANIZATION } from "./helpers/files";

/** What the sink's `open` calls were asked: the path and whether with O_DIRECT. */
const opened: { path: string; direct: boolean }[] = [];
/**
 * `direct`: `open` refuses O_DIRECT as a file system without it does (EINVAL). `writesUnder`: under
 * that path, O_DIRECT opens but every write is refused (EINVAL), as a file system asking for more
 * alignment does.
 */
const refuse: { direct: boolean; writesUnder?: string | undefined } = { direct: false };
const EINVAL = (call: string) =>
  Object.assign(new Error(`EINVAL: invalid argument, ${call}`), { code: "EINVAL" });

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const O_DIRECT = (constants as { O_DIRECT?: number }).O_DIRECT ?? 0;
  return {
    ...real,
    open: async (path: string, flags?: string | number, mode?: number) => {
      const direct = typeof flags === "number" && O_DIRECT !== 0 && (flags & O_DIRECT) !== 0;
      opened.push({ path: String(path), direct });
      if (direct && refuse.direct) throw EINVAL("open");
      const file = await real.open(path, flags, mode);
      if (!(direct && refuse.writesUnder && String(path).startsWith(refuse.writesUnder)))
        return file;
      return new Proxy(file, {
        get: (target, key) =>
          key === "write" || key === "writev"
            ? async () => {
                throw EINVAL("write");
              }
            : Reflect.get(target, key, target),
      });
    },
  };
});

/** The example organization's web navigation workflow: its step 1 has the stub's longest days. */
const WEB_WORKFLOW = "3c298d6c-74ca-40b1-8432-5f2cb29fd630";
const DAYS = parseInterval("2022-11-01T00:00:00Z/2022-11-04T00:00:00Z");

let stub: RunningStub;
let dir: string;
let works: boolean;
beforeAll(async () => {
  // About 2 MB a day of step 1's default target as NDJSON, 1.3 MB as CSV: units past a staging memory's MiB.
  stub = await startStub({ dataset: { sessionsPerDay: 15_000 } });
  const probe = await mkdtemp(join(tmpdir(), "export-direct-probe-"));
  try {
    works = await directWritesWork(probe, ".partial");
  } finally {
    await rm(probe, { recursive: true, force: true });
  }
});
afterAll(async () => {
  await stub.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-direct-sink-"));
  opened.length = 0;
  refuse.direct = false;
  refuse.writesUnder = undefined;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Exports three days of both targets into `<dir>/<name>`: the folder. */
async function exportInto(name: string, format: FileFormat, directWrites: boolean) {
  const out = join(dir, name);
  const sink = await openFileSink({ dir: out, workflowId: WEB_WORKFLOW, format, directWrites });
  const summary = await exportSourceData({
    client: createClient({ token: "demo", baseUrl: stub.url }),
    organizationId: ORGANIZATION,
    workflowId: WEB_WORKFLOW,
    interval: DAYS,
    steps: [1],
    targets: ["default", "triggered_goal"],
    window: "1d",
    sink,
  });
  expect(summary.failures).toEqual([]);
  expect(summary.written).toBe(6);
  expect(summary.rows).toBeGreaterThan(3000);
  return join(out, WEB_WORKFLOW);
}

/** Each unit file's path and bytes under `folder`, the state files left out. */
async function unitFiles(folder: string) {
  const paths = (await filesUnder(folder)).filter((path) => path.startsWith("step-"));
  return Promise.all(
    paths.map(async (path) => ({ path, bytes: await readFile(join(folder, path)) })),
  );
}

/** The unit files opened (not the probes, the state or the lock). */
const unitOpens = () =>
  opened.filter(
    ({ path }) => path.includes(`${WEB_WORKFLOW}/step-`) && !path.includes(DIRECT_PROBE_PREFIX),
  );
/** The probes' opens. */
const probeOpens = () => opened.filter(({ path }) => path.includes(DIRECT_PROBE_PREFIX));

describe("the file sink's direct writes", () => {
  it.each(["ndjson", "csv"] as const)(
    "write the same %s files byte for byte as writes through the page cache, with O_DIRECT where it works",
    async (format) => {
      const direct = await exportInto("direct", format, true);
      const directOpens = unitOpens();
      opened.length = 0;
      const buffered = await exportInto("buffered", format, false);
      const bufferedOpens = unitOpens();

      const [directFiles, bufferedFiles] = [await unitFiles(direct), await unitFiles(buffered)];
      expect(directFiles.map(({ path }) => path)).toEqual(bufferedFiles.map(({ path }) => path));
      expect(directFiles.length).toBe(6);
      for (const [index, file] of directFiles.entries())
        expect(
          Buffer.compare(file.bytes, (bufferedFiles[index] as { bytes: Buffer }).bytes),
          file.path,
        ).toBe(0);
      // Past a staging memory's MiB, and not a whole number of blocks: the padding was cut.
      expect(directFiles.some(({ bytes }) => bytes.length > 1024 * 1024)).toBe(true);
      expect(directFiles.some(({ bytes }) => bytes.length % 4096 !== 0)).toBe(true);

      expect(directOpens).toHaveLength(6);
      expect(directOpens.every(({ direct }) => direct === works)).toBe(true);
      expect(bufferedOpens).toHaveLength(6);
      expect(bufferedOpens.every(({ direct }) => !direct)).toBe(true);
    },
  );

  it("go through the page cache where the file system refuses O_DIRECT, with the same files", async () => {
    const buffered = await exportInto("buffered", "ndjson", false);
    refuse.direct = true;
    opened.length = 0;
    const refused = await exportInto("refused", "ndjson", true);
    // Each unit folder's probe asked for O_DIRECT once, was refused, and no unit asked.
    expect(opened.filter(({ direct }) => direct)).toEqual(probeOpens());
    expect(probeOpens()).toHaveLength(process.platform === "linux" ? 2 : 0);
    expect(unitOpens().every(({ direct }) => !direct)).toBe(true);
    const [refusedFiles, bufferedFiles] = [await unitFiles(refused), await unitFiles(buffered)];
    expect(refusedFiles.length).toBe(6);
    for (const [index, file] of refusedFiles.entries())
      expect(Buffer.compare(file.bytes, (bufferedFiles[index] as { bytes: Buffer }).bytes)).toBe(0);
  });

  it("probe each unit folder: one whose file system refuses the writes is written through the cache, the others past it", async () => {
    const buffered = await exportInto("buffered", "ndjson", false);
    opened.length = 0;
    // The goals' folder, as if it were a link to a file system with 8 KiB blocks.
    refuse.writesUnder = join(dir, "mixed", WEB_WORKFLOW, "step-1", "triggered_goal");
    const mixed = await exportInto("mixed", "ndjson", true);
    const opens = unitOpens();
    expect(opens).toHaveLength(6);
    for (const { path, direct } of opens)
      expect(direct, path).toBe(works && !path.includes("triggered_goal"));
    const [mixedFiles, bufferedFiles] = [await unitFiles(mixed), await unitFiles(buffered)];
    expect(mixedFiles.length).toBe(6);
    for (const [index, file] of mixedFiles.entries())
      expect(Buffer.compare(file.bytes, (bufferedFiles[index] as { bytes: Buffer }).bytes)).toBe(0);
  });
});
