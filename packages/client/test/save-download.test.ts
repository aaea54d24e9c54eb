// saveDownload against a raw node:http server: the whole file or nothing at the path, one chunk at a time.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { saveDownload } from "../src/node";
import {
  CSV,
  clientOf,
  file,
  folder,
  leftIn,
  query,
  serve,
  setUpDownloads,
} from "./helpers/download";
import { heapGrowthOf, MiB, pour } from "./helpers/hostile";

setUpDownloads();

describe("saveDownload", () => {
  it("writes the whole file at the path, replacing an earlier one, and says how many bytes", async () => {
    const big = "row,".repeat(200_000);
    const server = await serve(file({}, big));
    const dir = await mkdtemp(join(folder, "save-"));
    await writeFile(join(dir, "file.csv"), "earlier");
    const download = await clientOf(server).downloadStepSourceData(query);
    const saved = await saveDownload(download, join(dir, "file.csv"));
    expect(saved).toEqual({ path: join(dir, "file.csv"), bytes: big.length });
    expect(await readFile(join(dir, "file.csv"), "utf8")).toBe(big);
    expect(await leftIn(dir)).toEqual(["file.csv"]);
  });

  it("a 192 MiB file is saved with the heap flat: one chunk at a time", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, { ...CSV, "content-length": String(192 * MiB) });
      void pour(response, count, () => Buffer.alloc(MiB, 0x61), 192 * MiB);
    });
    const dir = await mkdtemp(join(folder, "big-"));
    let saved: { bytes: number } | undefined;
    const growth = await heapGrowthOf(async () => {
      const download = await clientOf(server).downloadStepSourceData(query, {
        maxBytes: 256 * MiB,
      });
      saved = await saveDownload(download, join(dir, "file.csv"));
    });
    expect(saved?.bytes).toBe(192 * MiB);
    expect(growth).toBeLessThan(32 * MiB);
    await rm(dir, { recursive: true });
  });

  it("into a folder that does not exist: the file system's error, the download cancelled", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, CSV);
      void pour(response, count, () => "x".repeat(64 * 1024), 256 * MiB);
    });
    const download = await clientOf(server).downloadStepSourceData(query);
    await expect(saveDownload(download, join(folder, "missing", "file.csv"))).rejects.toMatchObject(
      {
        code: "ENOENT",
      },
    );
    expect(server.written()).toBeLessThan(256 * MiB);
  });

  it("leaving a download's loop early cancels the rest", async () => {
    const server = await serve((_, response, count) => {
      response.writeHead(200, CSV);
      void pour(response, count, () => "x".repeat(64 * 1024), 256 * MiB);
    });
    const download = await clientOf(server).downloadStepSourceData(query);
    for await (const _chunk of download) break;
    expect(server.written()).toBeLessThan(256 * MiB);
  });
});
