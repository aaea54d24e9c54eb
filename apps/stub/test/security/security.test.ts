import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";
import { describe, expect, it } from "vitest";
import { createStub, type EventSource, startStub } from "../../src/index";
import { apiHeaders, checkAnswer, stepPath } from "../helpers/harness";

const dataset = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };
const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);
const body = JSON.stringify(basicRequestExample.body);
const LEAKS = /node_modules|\/src\/|\.ts:\d+|at [\w.<>]+ \(|Error: /;

describe("the stub's security", () => {
  const stub = createStub({ dataset });

  it("requires a valid token on the data route", async () => {
    for (const headers of [
      {},
      { authorization: "Token " },
      { authorization: "Token nope" },
      { authorization: "demo" },
    ]) {
      const answer = await checkAnswer(
        await stub.fetch(`http://stub${example}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
        }),
      );
      expect(answer.status, JSON.stringify(headers)).toBe(401);
    }
  });

  it("leaves health, docs and openapi.json public", async () => {
    for (const path of [
      "/healthz",
      "/docs",
      "/docs/assets/swagger-ui.css",
      "/docs/assets/init.js",
      "/openapi.json",
    ]) {
      expect((await stub.fetch(`http://stub${path}`)).status, path).toBe(200);
    }
  });

  it("lets a token reach only its organizations", async () => {
    const other = createDataset(dataset).organizations[1]?.id ?? "";
    const scoped = createStub({
      dataset,
      tokens: [{ token: "org-one", organizations: [EXAMPLE_ORGANIZATION_ID] }],
    });
    const call = (organization: string, workflow: string) =>
      scoped.fetch(`http://stub${stepPath(organization, workflow, 1)}`, {
        method: "POST",
        headers: apiHeaders("org-one"),
        body,
      });
    expect(
      (await checkAnswer(await call(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID))).status,
    ).toBe(200);
    const otherWorkflow =
      createDataset(dataset).workflows.find(({ organizationId }) => organizationId === other)?.id ??
      "";
    const denied = await checkAnswer(await call(other, otherWorkflow));
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe("no_organization_access");
  });

  it("serves the admin routes only when enabled, on the stub's own address", async () => {
    expect((await stub.fetch("http://stub/__stub/scenario")).status).toBe(404);
    expect(
      (await stub.fetch("http://stub/__stub/fail", { method: "POST", body: '{"status":500}' }))
        .status,
    ).toBe(404);
    const running = await startStub({ dataset, admin: true });
    try {
      expect(new URL(running.url).hostname).toBe("127.0.0.1");
      expect((await fetch(`${running.url}/__stub/scenario`)).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it("holds the body size limit, with or without a Content-Length", async () => {
    const running = await startStub({ dataset, maxBodyBytes: 1024 });
    try {
      const big = JSON.stringify({ ...basicRequestExample.body, padding: "x".repeat(4096) });
      const declared = await fetch(`${running.url}${example}`, {
        method: "POST",
        headers: apiHeaders(),
        body: big,
      });
      expect((await checkAnswer(declared)).status).toBe(413);
      const chunks = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 8; i += 1)
            controller.enqueue(new TextEncoder().encode(" ".repeat(512)));
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      });
      const streamed = await fetch(`${running.url}${example}`, {
        method: "POST",
        headers: apiHeaders(),
        body: chunks,
        duplex: "half",
      } as RequestInit);
      expect((await checkAnswer(streamed)).status).toBe(413);
    } finally {
      await running.close();
    }
  });

  it("shows no stack trace or internal path when something fails inside", async () => {
    const failing: EventSource = {
      catalog: createDataset(dataset),
      events() {
        throw new Error(`boom at ${import.meta.url}`);
      },
    };
    const broken = createStub({ source: failing });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const answer = await checkAnswer(
        await broken.fetch(`http://stub${example}`, {
          method: "POST",
          headers: apiHeaders(),
          body,
        }),
      );
      expect(answer.status).toBe(500);
      expect(answer.body).toEqual({
        detail: "An unexpected error occurred with the query.",
        code: "internal_error",
      });
      expect(answer.text).not.toMatch(LEAKS);
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });

  it("has CORS off by default", async () => {
    const answer = await stub.fetch(`http://stub${example}`, {
      method: "POST",
      headers: { ...apiHeaders(), origin: "http://localhost:3000" },
      body,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe(null);
    const preflight = await stub.fetch(`http://stub${example}`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:3000", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBe(null);
  });

  it("allows the configured origins only, when CORS is configured", async () => {
    // The refused origin's log line is cors.test.ts's business: none on the test's output.
    const open = createStub({ dataset, corsOrigins: ["http://localhost:3000"], log: () => {} });
    const call = (origin: string) =>
      open.fetch(`http://stub${example}`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization,content-type",
        },
      });
    const allowed = await call("http://localhost:3000");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:3000");
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "authorization",
    );
    expect((await call("https://evil.example")).headers.get("access-control-allow-origin")).toBe(
      null,
    );
  });

  it("refuses in createStub a CORS origin no browser sends, naming it and its fixed form", () => {
    expect(() => createStub({ dataset, corsOrigins: ["https://a.example/"] })).toThrow(
      /corsOrigins: "https:\/\/a\.example\/" .*"https:\/\/a\.example"/,
    );
    expect(() => createStub({ dataset, corsOrigins: ["https://a.example"] })).not.toThrow();
  });

  it("sends security headers fit for the docs page, and nosniff everywhere", async () => {
    const page = await stub.fetch("http://stub/docs");
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toMatch(/script-src 'self';/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(await page.text()).not.toMatch(/<script>[^<]/);
    for (const path of ["/healthz", "/openapi.json", example]) {
      const answer = await stub.fetch(
        `http://stub${path}`,
        path === example ? { method: "POST", headers: apiHeaders(), body } : {},
      );
      expect(answer.headers.get("x-content-type-options"), path).toBe("nosniff");
    }
  });

  it("is not fooled by prototype keys in the payload", async () => {
    const answer = await checkAnswer(
      await stub.fetch(`http://stub${example}`, {
        method: "POST",
        headers: apiHeaders(),
        body: '{"__proto__":{"basic":true},"constructor":{"prototype":{"x":1}},"filters":[],"interval":{"start":"2022-11-03T00:00:00Z","end":"2022-11-04T00:00:00Z"}}',
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map(({ path }: { path: string }) => path).sort()).toEqual([
      "__proto__",
      "constructor",
    ]);
    expect(({} as { basic?: unknown }).basic).toBeUndefined();
  });
});
