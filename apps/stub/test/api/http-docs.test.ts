// The documentation pages the stub serves, and the same bytes for the same seed across restarts.
import {
  contract,
  EXAMPLE_ORGANIZATION_ID as ORG,
  EXAMPLE_WORKFLOW_ID as WORKFLOW,
} from "@giosg-reporting/contract";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Harness, type Mode, post, startHarness, stepPath } from "../helpers/harness";

const example = stepPath(ORG, WORKFLOW, 1);

describe.each<Mode>(["in-process", "socket"])("the stub (%s)", (mode) => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness(mode, { admin: true, maxBodyBytes: 64 * 1024 });
  });
  afterEach(() => harness.stub.scenario.reset());
  afterAll(() => harness.close());

  describe("documentation pages", () => {
    it("serves the contract's OpenAPI document with this stub as its first server", async () => {
      const response = await harness.fetch("/openapi.json");
      const document = (await response.json()) as {
        openapi: string;
        servers: { url: string; description?: string }[];
        paths: object;
      };
      expect(document.openapi).toBe("3.1.0");
      expect(document.servers[0]).toEqual({ url: "/", description: "This stub" });
      expect(document.servers[1]?.url).toBe("https://api.giosg.com");
      // The step endpoint and its siblings, each path once.
      expect(Object.keys(document.paths)).toHaveLength(Object.keys(contract).length);
    });

    it("serves /docs with its assets from the stub itself", async () => {
      const page = await (await harness.fetch("/docs")).text();
      expect(page).toContain("swagger-ui-bundle.js");
      const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? "");
      expect(sources.length).toBeGreaterThanOrEqual(3);
      for (const source of sources) {
        expect(source.startsWith("/")).toBe(true);
        const asset = await harness.fetch(source);
        expect(asset.status, source).toBe(200);
        expect((await asset.arrayBuffer()).byteLength, source).toBeGreaterThan(100);
      }
    });

    it("redirects a browser at / to /docs", async () => {
      const response = await harness.fetch("/", { redirect: "manual" });
      expect([302, 307]).toContain(response.status);
      expect(response.headers.get("location")).toBe("/docs");
    });

    it("answers /healthz", async () => {
      const response = await harness.fetch("/healthz");
      expect(await response.json()).toEqual({ status: "ok" });
    });
  });
});

describe("determinism", () => {
  it("answers the same bytes across restarts, and other bytes for another seed", async () => {
    const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };
    const answer = async (seed: number) => {
      const harness = await startHarness("socket", { dataset: { ...dataset, seed } });
      const { text } = await post(harness, example, {
        filters: [],
        interval: { start: dataset.start, end: dataset.end },
      });
      await harness.close();
      return text;
    };
    const [first, second, other] = [await answer(7), await answer(7), await answer(8)];
    expect(first).toBe(second);
    expect(other).not.toBe(first);
  });
});
