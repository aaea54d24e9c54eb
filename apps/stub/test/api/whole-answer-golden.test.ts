// Whole answers sent over a socket, byte for byte, against the rows' own JSON.stringify: many queries (limits, basic and advanced, filters, goals, empty windows, unicode), the head on the wire, and no web stream made for them.
import {
  ADVANCED_FIELDS,
  BASIC_FIELDS,
  type StepSourceDataRequest,
} from "@giosg-reporting/contract";
import type { Workflow } from "@giosg-reporting/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStub, type RunningStub, runQuery, startStub } from "../../src/index";
import { stepQueries, unicodeSource } from "../helpers/golden-queries";
import { apiHeaders, stepPath } from "../helpers/harness";
import { openRaw, rawPost } from "../helpers/raw-socket";
import { eventually } from "../helpers/waiting";

const range = { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" };
const data = unicodeSource(range);
const { dataset, source } = data;

/** The answer as the engine's row objects and JSON.stringify write it: the reference. */
function reference(workflow: Workflow, step: number, body: Partial<StepSourceDataRequest>): Buffer {
  const outcome = runQuery(source, {
    params: {
      organization_id: workflow.organizationId,
      workflow_id: workflow.id,
      step_index: step,
    },
    body: { filters: [], interval: range, target: "default", basic: false, ...body },
    organizations: "all",
  } as Parameters<typeof runQuery>[1]);
  if (outcome.status !== 200) throw new Error(`reference: ${outcome.status}`);
  const fields = outcome.basic ? BASIC_FIELDS : ADVANCED_FIELDS;
  const data = [...(outcome.rows as Iterable<object>)].map((row) => JSON.stringify(row));
  return Buffer.from(`{"fields":${JSON.stringify(fields)},"data":[${data.join(",")}]}`);
}

/** Queries over every workflow's steps: limits, basic/advanced, goals, filters that keep some or none, empty windows. */
const queries = () =>
  stepQueries(
    data,
    [
      range,
      { start: "2022-11-02T06:30:00Z", end: "2022-11-03T00:00:00Z" },
      { start: "2022-10-01T00:00:00Z", end: "2022-10-02T00:00:00Z" }, // before the data: empty
    ],
    [undefined, 1, 2, 7, 1000],
  );

describe("whole answers over a socket", () => {
  let running: RunningStub;
  beforeAll(async () => {
    running = await startStub({ source });
  });
  afterAll(() => running.close());

  it("are the rows' JSON.stringify, byte for byte, for every query", async () => {
    let checked = 0;
    let unicode = 0;
    for (const [workflow, step, body] of queries()) {
      const want = reference(workflow, step, body);
      for (let twice = 0; twice < 2; twice += 1) {
        // The first answer of a list encodes its text, the second slices it.
        const response = await fetch(
          `${running.url}${stepPath(workflow.organizationId, workflow.id, step)}`,
          { method: "POST", headers: apiHeaders(), body: JSON.stringify(body) },
        );
        const got = Buffer.from(await response.arrayBuffer());
        expect(response.status, got.toString().slice(0, 300)).toBe(200);
        expect(got.equals(want), `${workflow.name} step ${step} ${JSON.stringify(body)}`).toBe(
          true,
        );
        expect(response.headers.get("content-length")).toBe(String(want.length));
      }
      checked += 1;
      if (want.some((byte) => byte > 0x7f)) unicode += 1;
    }
    expect(checked).toBeGreaterThan(100);
    expect(unicode).toBeGreaterThan(10);
  });

  it("make no web stream when nothing reads their body", async () => {
    const workflow = dataset.workflows[0] as Workflow;
    const path = `${running.url}${stepPath(workflow.organizationId, workflow.id, 1)}`;
    const body = JSON.stringify({ filters: [], interval: range, limit: 50 });
    /** The answer, and the web streams made in this process (the server's and fetch's) while asking. */
    const ask = async (token: string) => {
      const Original = globalThis.ReadableStream;
      let made = 0;
      globalThis.ReadableStream = class extends Original<unknown> {
        constructor(...args: ConstructorParameters<typeof ReadableStream>) {
          super(...args);
          made += 1;
        }
      } as typeof ReadableStream;
      try {
        const response = await fetch(path, { method: "POST", headers: apiHeaders(token), body });
        return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), made };
      } finally {
        globalThis.ReadableStream = Original;
      }
    };
    await ask("demo"); // the list's text is kept from here on
    const whole = await ask("demo");
    // A 401 is a short text answer, with no stream on the server: what fetch alone makes.
    const refused = await ask("nobody");
    expect(whole.status).toBe(200);
    expect(whole.bytes.equals(reference(workflow, 1, { limit: 50 }))).toBe(true);
    expect(refused.status).toBe(401);
    expect(whole.made).toBe(refused.made);
  });

  it("have the in-process answer's headers, in its order, on the wire", async () => {
    const workflow = dataset.workflows[0] as Workflow;
    const path = stepPath(workflow.organizationId, workflow.id, 1);
    const body = { filters: [], interval: range, limit: 3, basic: true };
    const inProcess = await createStub({ source }).fetch(`http://stub.test${path}`, {
      method: "POST",
      headers: apiHeaders(),
      body: JSON.stringify(body),
    });
    const want = [...inProcess.headers].map(([name, value]) => `${name}: ${value}`);
    const client = await openRaw(running.port);
    try {
      client.socket.write(rawPost(path, body));
      const text = await eventually(() => {
        const received = client.received();
        const end = received.indexOf("\r\n\r\n");
        if (end < 0) throw new Error("no head yet");
        return received.slice(0, end);
      });
      const [status, ...lines] = text.split("\r\n");
      expect(status).toBe("HTTP/1.1 200 OK");
      // Node adds these after the answer's own.
      const own = lines.filter((line) => !/^(date|connection|keep-alive):/i.test(line));
      expect(own).toEqual(want);
    } finally {
      client.socket.destroy();
    }
  });
});

describe("a stub whose journal keeps nothing (its journaling left out of the chain)", () => {
  let journaled: RunningStub;
  let unjournaled: RunningStub;
  beforeAll(async () => {
    journaled = await startStub({ source, admin: true });
    unjournaled = await startStub({ source, admin: true, journalLimit: 0 });
  });
  afterAll(async () => {
    await journaled.close();
    await unjournaled.close();
  });

  /** The answer to `init` at `path` as a client sees it: status, headers (but the date), bytes. */
  const ask = async (stub: RunningStub, path: string, init: RequestInit) => {
    const response = await fetch(`${stub.url}${path}`, init);
    const headers = [...response.headers].filter(([name]) => name !== "date");
    return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  };

  it("answers every request byte for byte as one that journals, and keeps none of them", async () => {
    const workflow = dataset.workflows[0] as Workflow;
    const path = stepPath(workflow.organizationId, workflow.id, 1);
    const post = (body: string, headers = apiHeaders()) => ({ method: "POST", headers, body });
    const requests: [string, RequestInit][] = [
      [path, post(JSON.stringify({ filters: [], interval: range, limit: 50 }))],
      [path, post(JSON.stringify({ filters: [], interval: range, limit: 3, basic: true }))],
      [path, post(JSON.stringify({ filters: [], interval: range, limit: 0 }))],
      [path, post(JSON.stringify({ filters: [], interval: range }), apiHeaders("nobody"))],
      [path, post(JSON.stringify({ filters: [], interval: range }), {})],
      [path, post("{")],
      [path, post('{"filters":[]}')],
      [path, post("{}", { ...apiHeaders(), "content-type": "text/plain" })],
      [
        stepPath("00000000-0000-4000-8000-000000000000", workflow.id, 1),
        post(JSON.stringify({ filters: [], interval: range })),
      ],
    ];
    let answers = 0;
    for (const [at, init] of requests) {
      const want = await ask(journaled, at, init);
      const got = await ask(unjournaled, at, init);
      expect(got, `${at} ${String(init.body)}`).toEqual(want);
      answers += 1;
    }
    // A scenario's failure and a body fault, on both.
    for (const stub of [journaled, unjournaled]) {
      stub.scenario.fail(503, 1);
      stub.scenario.faultBody({ kind: "truncate" }, 1);
    }
    for (let twice = 0; twice < 2; twice += 1) {
      const [at, init] = requests[0] as [string, RequestInit];
      expect(await ask(unjournaled, at, init)).toEqual(await ask(journaled, at, init));
    }
    expect(answers).toBe(requests.length);
    expect(journaled.requests.length).toBe(requests.length + 2);
    expect(unjournaled.requests).toEqual([]);
  });
});
