// An answer sent before its request's body was all read (a 413) over real sockets: the client reads it
// rather than a reset, on a busy machine too, and a body that never ends is still closed within bounds.
import { type ChildProcess, spawn } from "node:child_process";
import {
  contract,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorBody,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStub } from "../../src/index";
import { apiHeaders, stepPath } from "../helpers/harness";
import { answered, openRaw, parseAnswer, type RawClient } from "../helpers/raw-socket";
import { alarm, eventually } from "../helpers/waiting";

const cli = new URL("../../dist/cli.js", import.meta.url).pathname;
const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };
const MAX_BODY_BYTES = 1024 * 1024;
const TOO_LARGE = errorBody("payload_too_large", MAX_BODY_BYTES);
const step = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
/** A route's path for the example organization and workflow. */
const pathOf = ({ path }: { path: string }) =>
  path
    .replace(":organization_id", EXAMPLE_ORGANIZATION_ID)
    .replace(":workflow_id", EXAMPLE_WORKFLOW_ID)
    .replace(":step_index", "1");
/** 20 MB of JSON whitespace: far over the limit, and quick to send on loopback. */
const body = new Uint8Array(20 * 1024 * 1024).fill(0x20);

/** Starts the built bin on a free port and resolves with its URL. */
function startCli(children: ChildProcess[], ...args: string[]): Promise<string> {
  const child = spawn(process.execPath, [cli, "--port", "0", "--quiet", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes("curl")) resolve(match[1] as string);
    });
    child.on("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

/** A process that keeps a core busy (and stops by itself after two minutes, should it be left behind). */
function cpuBurner(): ChildProcess {
  return spawn(
    process.execPath,
    ["-e", "const end = Date.now() + 120000; while (Date.now() < end) {}"],
    { stdio: "ignore" },
  );
}

/** What a plain `fetch` of a 20 MB body got: the status and body it read, or the error it failed with. */
async function sendTooLarge(url: string, chunked = false): Promise<string> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: apiHeaders(),
      body: chunked ? new Blob([body]).stream() : body,
      duplex: "half",
    } as RequestInit);
    return `${response.status} ${await response.text()}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `failed: ${cause?.code ?? cause?.message ?? String(error)}`;
  }
}

describe("a 413 on a busy machine (two CPU-bound processes beside the stub)", () => {
  const children: ChildProcess[] = [];
  let url = "";
  beforeAll(async () => {
    url = await startCli(children, "--admin");
    children.push(cpuBurner(), cpuBurner());
  });
  afterAll(() => {
    for (const child of children.splice(0)) child.kill("SIGKILL");
  });

  it("is read by each of 10 plain fetch calls sending 20 MB to the step endpoint", async () => {
    const answers: string[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await sendTooLarge(`${url}${step}`));
    expect(answers).toEqual(Array(10).fill(`413 ${JSON.stringify(TOO_LARGE)}`));
  });

  it.each<[string, string, boolean]>([
    ["the step endpoint, chunked", step, true],
    ["the download", pathOf(contract.downloadStepSourceData), false],
    ["source_data", pathOf(contract.getSourceData), false],
    ["an admin route", "/__stub/latency", false],
    ["an admin route, chunked", "/__stub/latency", true],
  ])("is read on %s too", async (_, path, chunked) => {
    const answers: string[] = [];
    for (let i = 0; i < 3; i += 1) answers.push(await sendTooLarge(`${url}${path}`, chunked));
    expect(answers).toEqual(Array(3).fill(`413 ${JSON.stringify(TOO_LARGE)}`));
  });
});

/** The head of a POST to the step endpoint whose body is announced as never-ending, or chunked. */
function endlessHead(chunked: boolean): string {
  const headers = { Host: "127.0.0.1", ...apiHeaders() } as Record<string, string>;
  if (chunked) headers["Transfer-Encoding"] = "chunked";
  else headers["Content-Length"] = String(2 ** 40);
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `POST ${step} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

/** Writes `piece` until the connection closes or `cap` bytes are sent; resolves with the bytes sent. */
async function sendUntilClosed(raw: RawClient, piece: Buffer, cap: number): Promise<number> {
  let sent = 0;
  while (!raw.closed() && sent < cap) {
    sent += piece.length;
    if (!raw.socket.write(piece)) await drainedOrClosed(raw);
  }
  return sent;
}

/** Resolves once the socket can take more, or has closed. */
function drainedOrClosed(raw: RawClient): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      raw.socket.off("drain", done);
      raw.socket.off("close", done);
      resolve();
    };
    raw.socket.on("drain", done);
    raw.socket.on("close", done);
  });
}

describe("lingering after a 413", () => {
  it.each<[string, boolean]>([
    ["announced by Content-Length", false],
    ["chunked", true],
  ])(
    "a body that never ends (%s): the answer is read, then the connection closes after lingeringBytes, memory flat",
    async (_, chunked) => {
      const lingeringBytes = 192 * 1024 * 1024;
      const stub = await startStub({ dataset, lingeringBytes, lingeringTimeMs: 600_000 });
      try {
        const raw = await openRaw(stub.port, { halfOpen: true });
        let wholeAnswerAtClose = false;
        raw.socket.once("close", () => {
          wholeAnswerAtClose = answered(raw.received());
        });
        const data = Buffer.alloc(64 * 1024, 0x20);
        const piece = chunked
          ? Buffer.concat([
              Buffer.from(`${data.length.toString(16)}\r\n`),
              data,
              Buffer.from("\r\n"),
            ])
          : data;
        raw.socket.write(endlessHead(chunked));
        const before = process.memoryUsage().rss;
        let peak = before;
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage().rss);
        }, 20);
        // A hang guard, not a time: the stub must close long before the client has sent 1 GiB.
        const sent = await sendUntilClosed(raw, piece, 1024 ** 3).finally(() =>
          clearInterval(sampler),
        );
        await eventually(() => expect(raw.closed()).toBe(true));
        // The answer came whole before the close: no reset took it.
        expect(wholeAnswerAtClose).toBe(true);
        const answer = parseAnswer(raw.received());
        expect(answer.status).toBe(413);
        expect(answer.headers.connection).toBe("close");
        expect(JSON.parse(answer.body)).toEqual(TOO_LARGE);
        // The stub read what came after its answer, up to the bound, then closed (and not the client's cap).
        expect(sent).toBeGreaterThan(lingeringBytes);
        expect(sent).toBeLessThan(1024 ** 3);
        // What it read was dropped: far less than the 192 MiB read stayed in memory at any time.
        expect(peak - before).toBeLessThan(96 * 1024 * 1024);
      } finally {
        await stub.close();
      }
    },
  );

  it("a body that trickles on: the connection closes after lingeringTimeMs, its answer read", async () => {
    const lingeringTimeMs = 300;
    const stub = await startStub({ dataset, lingeringTimeMs });
    const raw = await openRaw(stub.port, { halfOpen: true });
    const trickle = setInterval(() => raw.socket.write(" "), 20);
    try {
      // Started before the request: the stub's own wait of lingeringTimeMs ends no earlier.
      const lingered = alarm(lingeringTimeMs);
      raw.socket.write(endlessHead(false));
      // A write after the stub has closed fails, which closes the client's socket.
      await eventually(() => expect(raw.closed()).toBe(true));
      expect(lingered.rang()).toBe(true);
      expect(parseAnswer(raw.received()).status).toBe(413);
    } finally {
      clearInterval(trickle);
      await stub.close();
    }
  });

  it("a body that ends within the bounds: the connection closes once it is read, not after lingeringTimeMs", async () => {
    // One connection at a time: the next is served only once the stub has closed the first.
    const stub = await startStub({ dataset, lingeringTimeMs: 600_000, maxConnections: 1 });
    try {
      const raw = await openRaw(stub.port, { halfOpen: true });
      const headers = { Host: "127.0.0.1", ...apiHeaders(), "Content-Length": "4194304" };
      const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
      raw.socket.write(`POST ${step} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
      raw.socket.write(Buffer.alloc(4 * 1024 * 1024, 0x20));
      await eventually(() => expect(answered(raw.received())).toBe(true));
      expect(parseAnswer(raw.received()).status).toBe(413);
      await eventually(async () => expect((await fetch(`${stub.url}/healthz`)).status).toBe(200));
      raw.socket.destroy();
    } finally {
      await stub.close();
    }
  });
});
