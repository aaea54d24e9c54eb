// The fuzz tests' cases from the contract (fast-check): valid requests, their mutations, and the run's size and seed.
// FUZZ_RUNS sets the number of cases (default 10^4 in all), FUZZ_SEED replays a run (its seed is printed).
import { FILTER_PROPERTIES, STEP_SOURCE_DATA_PATH, targetSchema } from "@giosg-reporting/contract";
import { createDataset } from "@giosg-reporting/fixtures";
import fc from "fast-check";

export const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
export const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} cases`);

export const range = { start: "2022-11-01T00:00:00Z", end: "2022-11-15T00:00:00Z" };
export const dataset = createDataset(range);

// --- valid requests, from the contract's parts --------------------------------------------------
export const target = fc
  .record({ workflow: fc.constantFrom(...dataset.workflows) })
  .chain(({ workflow }) =>
    fc.record({
      workflow: fc.constant(workflow),
      step: fc.integer({ min: 1, max: workflow.steps.length - 1 }),
    }),
  );
export const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("User dialed", "Call", "desktop", "Finland", "1", ""),
);
export const filter = fc.record({
  property: fc.constantFrom(...FILTER_PROPERTIES),
  values: fc.array(text, { minLength: 1, maxLength: 3 }),
});
export const instant = fc.integer({
  min: Date.parse("2022-10-25T00:00:00Z"),
  max: Date.parse("2022-11-20T00:00:00Z"),
});
export const offset = fc.constantFrom("Z", "+00:00", "+02:00", "-05:30", "+0300");
export function withOffset(ms: number, suffix: string): string {
  if (suffix === "Z") return new Date(ms).toISOString();
  const sign = suffix[0] === "-" ? -1 : 1;
  const minutes = sign * (Number(suffix.slice(1, 3)) * 60 + Number(suffix.slice(-2)));
  return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 23)}${suffix}`;
}
export const interval = fc
  .tuple(instant, fc.integer({ min: 1, max: 12 * 3_600_000 }), offset, offset)
  .map(([start, length, a, b]) => ({
    start: withOffset(start, a),
    end: withOffset(start + length, b),
  }));
export const stepData = fc.array(
  fc.record(
    {
      actions: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  { maxLength: 5 },
);
export const payload = fc.record(
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
export const validRequest = fc.record({ target, payload });

export const pathOf = (organization: string, workflow: string, step: string | number) =>
  STEP_SOURCE_DATA_PATH.replace(":organization_id", organization)
    .replace(":workflow_id", workflow)
    .replace(":step_index", String(step));

// --- mutations of valid requests ---------------------------------------------------------------
export type Payload = Record<string, unknown>;
export type Mutation = { name: string; apply: (body: Payload) => unknown; paths: RegExp };
export const odd = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
);
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
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
