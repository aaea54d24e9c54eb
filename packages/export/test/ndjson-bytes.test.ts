// The NDJSON files hold each row's bytes as the API sent them (spaces, escapes, number forms); a row spread over lines is written on one.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@giosg-reporting/client";
import { advancedResponseExample } from "@giosg-reporting/contract";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { exportSourceData, openFileSink, parseInterval } from "../src";
import { ORGANIZATION, WORKFLOW } from "./helpers/files";

const DAY = "2022-11-01T00:00:00Z/2022-11-02T00:00:00Z";
const FILE = "20221101T000000Z_20221102T000000Z.ndjson";

let dir: string;
let server: Server | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "export-bytes-"));
});
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A server answering every query with `rows` (texts) under the advanced fields. */
async function serving(rows: readonly string[]): Promise<string> {
  server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { "content-type": "application/json" });
    response.end(
      `{"fields":${JSON.stringify(advancedResponseExample.fields)},"data":[${rows.join(", ")}]}`,
    );
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Exports the day into NDJSON from `baseUrl`; the file's text. */
async function exportDay(baseUrl: string): Promise<string> {
  const summary = await exportSourceData({
    client: createClient({ token: "t", baseUrl, retry: false }),
    organizationId: ORGANIZATION,
    workflowId: WORKFLOW,
    interval: parseInterval(DAY),
    sink: await openFileSink({ dir, workflowId: WORKFLOW }),
  });
  expect(summary.failures).toEqual([]);
  return readFile(join(dir, WORKFLOW, "step-1", "default", FILE), "utf8");
}

/** The example row at `timestamp`, as JSON text. */
const rowAt = (timestamp: string) =>
  JSON.stringify({ ...advancedResponseExample.data[0], timestamp });

describe("the NDJSON files", () => {
  it("hold each row as the API wrote it: spaces, escapes and number forms kept", async () => {
    const written = [
      rowAt("2022-11-01T00:00:00.000Z").replaceAll('":', '": '),
      rowAt("2022-11-01T01:00:00.000Z").replace('"category":"Call"', '"category":"\\u0043all"'),
      rowAt("2022-11-01T02:00:00.000Z").replace('"event_version":1', '"event_version":1.0'),
    ];
    const text = await exportDay(await serving(written));
    expect(text).toBe(written.map((row) => `${row}\n`).join(""));
    for (const line of text.split("\n").slice(0, -1))
      expect(JSON.parse(line).category).toBe("Call");
  });

  it("write a row the API spread over lines on one line, as JSON.stringify writes it", async () => {
    const spread = JSON.stringify(
      { ...advancedResponseExample.data[0], timestamp: "2022-11-01T03:00:00.000Z" },
      null,
      2,
    );
    const plain = rowAt("2022-11-01T04:00:00.000Z");
    const text = await exportDay(await serving([spread, plain]));
    expect(text).toBe(`${JSON.stringify(JSON.parse(spread))}\n${plain}\n`);
  });
});
