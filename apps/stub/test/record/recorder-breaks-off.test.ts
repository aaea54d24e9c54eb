// The recorder when its upstream breaks off mid-answer or is stopped by Ctrl-C: whole lines kept, windows claimed no further.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { advancedRowSchema, workflowCatalogSchema } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import {
  BODY,
  cleanups,
  PATH,
  recordedLines,
  recorderFor,
  send,
  stubAnswer,
  TOKEN,
  tempDir,
  upstreamServer,
} from "../helpers/recorder-upstream";
import { eventually } from "../helpers/waiting";

describe("the recorder, when the upstream breaks off", () => {
  it("keeps every whole row it read, claims the window only up to the last whole instant, and cuts the caller's answer too", async () => {
    const full = await stubAnswer();
    const rows = (JSON.parse(full) as { data: { timestamp: string }[] }).data;
    expect(rows.length).toBeGreaterThan(40);
    // Cut in the middle of row 30.
    const cutAt = full.indexOf(JSON.stringify(rows[30])) + 40;
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(full.slice(0, cutAt), () => response.destroy());
    });
    const recorder = await recorderFor(upstream.url);
    const caller = send(recorder).then((response) => response.text());
    await expect(caller).rejects.toThrow();
    await recorder.close();
    const lines = recordedLines(recorder.recording.dir);
    expect(lines).toEqual(rows.slice(0, 30).map((row) => JSON.stringify(row)));
    for (const line of lines) advancedRowSchema.parse(JSON.parse(line));
    const manifest = JSON.parse(
      readFileSync(join(recorder.recording.dir, "recording.json"), "utf8"),
    );
    expect(manifest.windows[0].intervals).toEqual([
      [
        "2022-11-03T00:00:00.000Z",
        new Date(Date.parse((rows[29] as { timestamp: string }).timestamp)).toISOString(),
      ],
    ]);
  });

  it("stops on Ctrl-C with exit code 0 in the middle of a streamed answer, leaving only whole lines", async () => {
    const full = await stubAnswer();
    const head = full.slice(0, full.indexOf('"data":[') + 8);
    const rows = (JSON.parse(full) as { data: unknown[] }).data.map((row) => JSON.stringify(row));
    // Sends rows slowly and never ends (until the test closes it): the stop must come mid-answer.
    const upstream = await upstreamServer((_, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write(head);
      let i = 0;
      const timer = setInterval(() => {
        if (i >= rows.length || response.destroyed) return clearInterval(timer);
        response.write(`${i === 0 ? "" : ","}${rows[i]}`);
        i += 1;
      }, 5);
      response.on("close", () => clearInterval(timer));
    });
    const dir = tempDir();
    const cli = spawn(
      process.execPath,
      ["dist/cli.js", "--record", dir, "--upstream", upstream.url, "--port", "0"],
      { cwd: join(import.meta.dirname, "..", ".."), stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    cli.stdout.on("data", (chunk) => (out += chunk));
    cli.stderr.on("data", (chunk) => (out += chunk));
    const exited = new Promise<number | null>((done) => cli.on("exit", (code) => done(code)));
    cleanups.push(() => void cli.kill("SIGKILL"));
    await eventually(() => expect(out).toMatch(/recording on http:\/\//));
    const url = /recording on (http:\/\/\S+)/.exec(out)?.[1] as string;
    const response = await fetch(`${url}${PATH}`, {
      method: "POST",
      headers: { authorization: `Token ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(BODY),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    while (received < 8 * 1024) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the answer ended after ${received} bytes, before the stop`);
      received += value.length;
    }
    cli.kill("SIGINT");
    expect(await exited).toBe(0);
    const lines = recordedLines(dir);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(rows.slice(0, lines.length));
    workflowCatalogSchema.parse(JSON.parse(readFileSync(join(dir, "workflows.json"), "utf8")));
    expect(out).not.toContain(TOKEN);
  }, 40_000);
});
