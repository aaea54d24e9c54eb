// Fuzzing the stub from the contract (fast-check): valid requests must get a 200 that the contract and
// the OpenAPI document accept; mutated ones the documented 4xx naming the failing field, never a 500.
// FUZZ_RUNS sets the number of cases (default 10^4 in all), FUZZ_SEED replays a run (its seed is printed).
import {
  FILTER_PROPERTIES,
  STEP_SOURCE_DATA_PATH,
  stepSourceDataRequestSchema,
  targetSchema,
} from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStub, type RunningStub, startStub } from "../src/index";
import { apiHeaders, checkAnswer } from "./harness";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} cases`);

const range = { start: "2022-11-01T00:00:00Z", end: "2022-11-15T00:00:00Z" };
const dataset = createDataset(range);
const stub = createStub({ dataset: range, maxBodyBytes: 256 * 1024 });

// --- valid requests, from the contract's parts --------------------------------------------------
const target = fc
  .record({ workflow: fc.constantFrom(...dataset.workflows) })
  .chain(({ workflow }) =>
    fc.record({
      workflow: fc.constant(workflow),
      step: fc.integer({ min: 1, max: workflow.steps.length - 1 }),
    }),
  );
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("User dialed", "Call", "desktop", "Finland", "1", ""),
);
const filter = fc.record({
  property: fc.constantFrom(...FILTER_PROPERTIES),
  values: fc.array(text, { minLength: 1, maxLength: 3 }),
});
const instant = fc.integer({
  min: Date.parse("2022-10-25T00:00:00Z"),
  max: Date.parse("2022-11-20T00:00:00Z"),
});
const offset = fc.constantFrom("Z", "+00:00", "+02:00", "-05:30", "+0300");
function withOffset(ms: number, suffix: string): string {
  if (suffix === "Z") return new Date(ms).toISOString();
  const sign = suffix[0] === "-" ? -1 : 1;
  const minutes = sign * (Number(suffix.slice(1, 3)) * 60 + Number(suffix.slice(-2)));
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 23)}${suffix}`;
}
const interval = fc
  .tuple(instant, fc.integer({ min: 1, max: 12 * 3_600_000 }), offset, offset)
  .map(([start, length, a, b]) => ({
    start: withOffset(start, a),
    end: withOffset(start + length, b),
  }));
const stepData = fc.array(
  fc.record(
    {
      actions: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  { maxLength: 5 },
);
const payload = fc.record(
  {
    filters: fc.array(filter, { maxLength: 3 }),
    step_data: stepData,
    interval,
    limit: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }).map(String)),
    target: fc.constantFrom(...targetSchema.options),
    basic: fc.boolean(),
  },
  { requiredKeys: ["filters", "interval"] },
);
const validRequest = fc.record({ target, payload });

const pathOf = (organization: string, workflow: string, step: string | number) =>
  STEP_SOURCE_DATA_PATH.replace(":organization_id", organization)
    .replace(":workflow_id", workflow)
    .replace(":step_index", String(step));

async function send(path: string, body: string, headers: Record<string, string> = apiHeaders()) {
  return checkAnswer(await stub.fetch(`http://stub${path}`, { method: "POST", headers, body }));
}

// --- mutations of valid requests ---------------------------------------------------------------
type Payload = Record<string, unknown>;
type Mutation = { name: string; apply: (body: Payload) => unknown; paths: RegExp };
const odd = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .record({
      key: fc.constantFrom("filters", "interval", "limit", "target", "basic", "step_data"),
      value: odd,
    })
    .map(({ key, value }) => ({
      name: `${key} = ${JSON.stringify(value)}`,
      apply: (body: Payload) => ({ ...body, [key]: value }),
      paths: new RegExp(`^${key}`),
    })),
  fc.constantFrom("filters", "interval").map((key) => ({
    name: `no ${key}`,
    apply: ({ [key]: _, ...body }) => body,
    paths: new RegExp(`^${key}$`),
  })),
  fc
    .constantFrom(
      "filter",
      "__proto__",
      "constructor",
      "prototype",
      "Limit",
      "basic ",
      "\u0000",
      "x".repeat(300),
    )
    .map((key) => ({
      name: `extra key ${JSON.stringify(key.slice(0, 20))}`,
      apply: (body: Payload) =>
        JSON.parse(JSON.stringify(body).replace(/^\{/, `{${JSON.stringify(key)}:1,`)),
      paths: new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
    })),
  fc.constantFrom(0, -1, -3, 1.5, 1e21, "0", "x", "1e3", " 2", "", "٣").map((limit) => ({
    name: `limit ${JSON.stringify(limit)}`,
    apply: (body: Payload) => ({ ...body, limit }),
    paths: /^limit$/,
  })),
  fc
    .constantFrom(
      "2022-11-03",
      "2022-11-03T00:00:00",
      "2022-02-30T00:00:00Z",
      "yesterday",
      "2022-11-03T25:00:00Z",
      "\u202e2022-11-03T00:00:00Z",
    )
    .map((start) => ({
      name: `interval.start ${JSON.stringify(start)}`,
      apply: (body: Payload) => ({ ...body, interval: { ...(body.interval as object), start } }),
      paths: /^interval\.start$/,
    })),
  fc.constant({
    name: "end before start",
    apply: (body: Record<string, unknown>) => ({
      ...body,
      interval: { start: "2022-11-05T00:00:00Z", end: "2022-11-04T00:00:00Z" },
    }),
    paths: /^interval\.end$/,
  }),
  fc
    .oneof(
      fc.string({ minLength: 0, maxLength: 3 }).map((s) => s),
      fc.constant("\u0000\u0001"),
      fc.constant("é".repeat(20_000)),
    )
    .map((property) => ({
      name: `filter property ${JSON.stringify(property.slice(0, 10))}…`,
      apply: (body: Record<string, unknown>) => ({
        ...body,
        filters: [{ property, values: ["x"] }],
      }),
      paths: /^filters\[0\]\.property$|^406$/,
    })),
  fc.constant({
    name: "empty values",
    apply: (body: Record<string, unknown>) => ({
      ...body,
      filters: [{ property: "action", values: [] }],
    }),
    paths: /^filters\[0\]\.values$/,
  }),
  fc.integer({ min: 50, max: 3000 }).map((depth) => ({
    name: `nesting ${depth} deep`,
    apply: (body: Record<string, unknown>) => ({
      ...body,
      step_data: JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`),
    }),
    paths: /^step_data/,
  })),
);

// Each case is bounded; the time-out only guards against a hang. 10^4 cases took 50–80 s of one
// test on a 2-core machine with another CPU-bound process running, past the suite's 60 s default.
const HANG_GUARD = { timeout: 600_000 };

describe("fuzzing the stub from the contract", HANG_GUARD, () => {
  it(`answers ${Math.round(RUNS * 0.2)} valid requests with a 200 the contract and the OpenAPI document accept`, async () => {
    await fc.assert(
      fc.asyncProperty(validRequest, async ({ target: { workflow, step }, payload: body }) => {
        expect(stepSourceDataRequestSchema.safeParse(body).success).toBe(true);
        const answer = await send(
          pathOf(workflow.organizationId, workflow.id, step),
          JSON.stringify(body),
        );
        expect(answer.status).toBe(200);
      }),
      { numRuns: Math.round(RUNS * 0.2), seed: SEED },
    );
  });

  it(`answers ${Math.round(RUNS * 0.7)} mutated payloads with the documented 4xx naming the field, never a 500`, async () => {
    await fc.assert(
      fc.asyncProperty(
        validRequest,
        mutation,
        async ({ target: { workflow, step } }, { apply, paths }) => {
          const valid = { filters: [], interval: { start: range.start, end: range.end } };
          const mutated = apply(valid);
          const answer = await send(
            pathOf(workflow.organizationId, workflow.id, step),
            JSON.stringify(mutated),
          );
          // A mutation can land on a valid payload (filters = []): the contract is the oracle.
          if (stepSourceDataRequestSchema.safeParse(mutated).success) {
            expect([200, 406]).toContain(answer.status);
            return;
          }
          expect(answer.status).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
          if (answer.status === 400) {
            expect(answer.body.errors.length).toBeGreaterThan(0);
            expect(
              answer.body.errors.some(({ path }: { path: string }) => paths.test(path)),
              JSON.stringify(answer.body.errors),
            ).toBe(true);
          } else {
            expect([406, 413]).toContain(answer.status);
            if (answer.status === 406) expect(paths.test("406")).toBe(true);
          }
        },
      ),
      { numRuns: Math.round(RUNS * 0.7), seed: SEED },
    );
  });

  it(`answers ${Math.round(RUNS * 0.1)} bad URLs, content types and bodies with a 4xx in the API's shape`, async () => {
    const badId = fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.uuid().map((id) => id.slice(1)),
        fc.constant("00000000-0000-4000-8000-00000000000g"),
      )
      // A valid UUID is no bad input; dot segments are resolved away from the route by URL parsing.
      .filter(
        (id) =>
          ![".", ".."].includes(id) &&
          !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id),
      );
    const badStep = fc
      .oneof(
        fc.constantFrom("0", "-1", "1.5", "abc", "01", "99999999999999999999", "%20"),
        fc.string({ maxLength: 5 }),
      )
      .filter((step) => ![".", ".."].includes(step) && !/^[1-9][0-9]*$/.test(step));
    const badBody = fc.oneof(
      fc.constantFrom("", "{", "[", "null", "true", '{"filters":', "\u0000", "{}".repeat(3)),
      fc.string({ maxLength: 50 }),
    );
    const contentType = fc.constantFrom(
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      "",
      "application/jsonx",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat(3),
        badId,
        badStep,
        badBody,
        contentType,
        async (which, id, step, body, type) => {
          const workflow = dataset.workflows[0];
          const org = workflow?.organizationId ?? "";
          const good = JSON.stringify({ filters: [], interval: range });
          const [path, payload, headers] =
            which === 0
              ? [pathOf(encodeURIComponent(id) || "x", workflow?.id ?? "", 1), good, apiHeaders()]
              : which === 1
                ? [
                    pathOf(org, workflow?.id ?? "", encodeURIComponent(step) || "x"),
                    good,
                    apiHeaders(),
                  ]
                : which === 2
                  ? [pathOf(org, workflow?.id ?? "", 1), body, apiHeaders()]
                  : [
                      pathOf(org, workflow?.id ?? "", 1),
                      good,
                      { ...apiHeaders(), "content-type": type },
                    ];
          const answer = await checkAnswer(
            await stub.fetch(`http://stub${path}`, { method: "POST", headers, body: payload }),
          );
          expect(answer.status, `${path} ${payload.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
          expect(answer.status).toBeLessThan(500);
        },
      ),
      { numRuns: Math.round(RUNS * 0.1), seed: SEED },
    );
  });
});

describe("a fuzzed server over a socket", HANG_GUARD, () => {
  let running: RunningStub;
  beforeAll(async () => {
    running = await startStub({ dataset: range });
  });
  afterAll(() => running.close());

  it("stays up: 300 hostile requests, then the documentation's example still answers 200", async () => {
    await fc.assert(
      fc.asyncProperty(
        validRequest,
        mutation,
        async ({ target: { workflow, step } }, { apply }) => {
          const body = JSON.stringify(apply({ filters: [], interval: range }));
          const response = await fetch(
            `${running.url}${pathOf(workflow.organizationId, workflow.id, step)}`,
            { method: "POST", headers: apiHeaders(), body },
          );
          expect(response.status).toBeLessThan(500);
          await response.arrayBuffer();
        },
      ),
      { numRuns: 300, seed: SEED },
    );
    const workflow = dataset.workflows[0];
    const ok = await fetch(
      `${running.url}${pathOf(workflow?.organizationId ?? "", workflow?.id ?? "", 1)}`,
      {
        method: "POST",
        headers: apiHeaders(),
        body: JSON.stringify({ filters: [], interval: range }),
      },
    );
    expect(ok.status).toBe(200);
  });
});
