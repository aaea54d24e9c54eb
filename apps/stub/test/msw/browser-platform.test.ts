// The stub on a browser's platform: its bundle has no Node built-in, and with no Buffer it answers as in Node.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import {
  advancedRequestExample,
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  errorBody,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fixtureSource } from "../../src/data/fixtures/fixture-source";
import type { Stub } from "../../src/http/app";
import { createStub } from "../../src/http/create-stub";
import { stepPath } from "../helpers/harness";

// esbuild as tsup (this package's build) brings it; only what this test calls is typed.
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsup"))("esbuild") as {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
};

describe("the browser entry's bundle", () => {
  it("resolves without any Node built-in and never calls Buffer", async () => {
    const result = await esbuild.build({
      entryPoints: [fileURLToPath(new URL("../../src/msw-browser.ts", import.meta.url))],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      external: ["msw"],
      logLevel: "silent",
    });
    const text = result.outputFiles[0]?.text ?? "";
    expect(text).not.toMatch(/\bfrom\s*["']node:|\brequire\(/);
    expect(text).not.toMatch(/\bBuffer\.\w/);
  });
});

/** The request bodies compared: the documentation's two examples, and every advanced row. */
const BODIES = [
  basicRequestExample.body,
  advancedRequestExample.body,
  { ...advancedRequestExample.body, limit: undefined, filters: [] },
];
const EXAMPLE = `http://stub.test${stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1)}`;

async function answers(stub: Stub): Promise<string[]> {
  const texts: string[] = [];
  for (const body of BODIES) {
    const answer = await stub.fetch(EXAMPLE, {
      method: "POST",
      headers: { authorization: "Token demo", "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    texts.push(`${answer.status} ${await answer.text()}`);
  }
  return texts;
}

describe("the stub with no Buffer, as in a browser", () => {
  // Node's answers first, then the modules loaded afresh while Buffer is hidden (bytes.ts looks as it loads).
  const inNode: { memory: string[]; generated: string[] } = { memory: [], generated: [] };
  let browser: { memory: Stub; generated: Stub };
  beforeAll(async () => {
    inNode.memory = await answers(createStub({ source: fixtureSource({}, true) }));
    inNode.generated = await answers(createStub({ source: fixtureSource({}, false) }));
    vi.resetModules();
    vi.stubGlobal("Buffer", undefined);
    const { assembleStub } = await import("../../src/http/app");
    const { datasetSource } = await import("../../src/data/fixtures/dataset-source");
    // Node's own Request needs Buffer; the stub's modules chose their bytes as they loaded.
    vi.unstubAllGlobals();
    const platform = { fixtureSource: () => datasetSource() };
    browser = {
      memory: assembleStub({ source: datasetSource({}, true) }, platform),
      generated: assembleStub({ source: datasetSource({}, false) }, platform),
    };
  }, 60_000);
  afterAll(() => {
    vi.resetModules();
  });

  it.each(["memory", "generated"] as const)(
    "answers byte for byte as in Node (%s source)",
    async (kind) => {
      const texts = await answers(browser[kind]);
      expect(texts.map((text) => text.slice(0, 3))).toEqual(["200", "200", "200"]);
      expect(texts).toEqual(inNode[kind]);
    },
    60_000,
  );

  it("writes a CSV download as in Node, and answers an XLSX one 406 format_unavailable", async () => {
    const download = (stub: Stub, format: string) =>
      stub.fetch(`${EXAMPLE}/download/`, {
        method: "POST",
        headers: { authorization: "Token demo", "content-type": "application/json" },
        body: JSON.stringify({ ...basicRequestExample.body, format }),
      });
    const inNodeCsv = await (
      await download(createStub({ source: fixtureSource({}, true) }), "csv")
    ).text();
    const csv = await download(browser.memory, "csv");
    expect(csv.status).toBe(200);
    expect(await csv.text()).toBe(inNodeCsv);
    const xlsx = await download(browser.memory, "xlsx");
    expect(xlsx.status).toBe(406);
    expect(await xlsx.json()).toEqual(errorBody("format_unavailable", "xlsx"));
  });
});
