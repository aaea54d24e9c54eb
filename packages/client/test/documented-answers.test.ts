// Answers shaped exactly as the documentation shows them (test/documented/*.json, copied verbatim, its
// advanced example's first field named "Date & Time" over rows keyed `timestamp`) and as the stub
// gives them: the answer, the stream, CSV and NDJSON all name and fill every column.
import { readFileSync } from "node:fs";
import {
  ADVANCED_COLUMN_NAMES,
  BASIC_COLUMN_NAMES,
  type FieldDescriptor,
} from "@giosg-reporting/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldsKeyedAs } from "../src/answer/fields";
import {
  createClient,
  csvLines,
  ndjsonLines,
  type ReportingClient,
  toCsv,
  toNdjson,
} from "../src/index";
import { answering, documented, type Setup, setUp } from "./helpers";

/** The documentation's example answer, as its text (`"value": 1.0` and all). */
function documentedText(kind: "advanced" | "basic"): string {
  return readFileSync(new URL(`documented/${kind}-response.json`, import.meta.url), "utf8");
}

/** A client whose every request is answered with `text`, as the API would send it. */
function answeredWith(text: string): ReportingClient {
  return createClient({ token: "t", fetch: answering(200, text).fetch });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let stub: Setup;
beforeAll(async () => {
  stub = await setUp("in-process");
});
afterAll(() => stub.close());

describe.each<[string, () => ReportingClient, boolean, readonly string[]]>([
  [
    "the documentation's advanced example",
    () => answeredWith(documentedText("advanced")),
    false,
    ADVANCED_COLUMN_NAMES,
  ],
  [
    "the documentation's basic example",
    () => answeredWith(documentedText("basic")),
    true,
    BASIC_COLUMN_NAMES,
  ],
  ["the stub's advanced answer", () => stub.client(), false, ADVANCED_COLUMN_NAMES],
  ["the stub's basic answer", () => stub.client(), true, BASIC_COLUMN_NAMES],
])("%s", (_, clientOf, basic, columns) => {
  const query = { ...documented, basic };
  const timeKey = columns[0] as string;

  function expectRowKeyed(fields: readonly FieldDescriptor[], rows: readonly object[]) {
    expect(fields.map(({ name }) => name)).toEqual(columns);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      for (const { name } of fields) expect(Object.hasOwn(row, name)).toBe(true);
      expect((row as Record<string, unknown>)[timeKey]).toMatch(ISO_TIMESTAMP);
    }
  }

  function expectCsv(text: string, rows: readonly object[]) {
    const [header, ...records] = text.split("\r\n");
    expect(header).toBe(columns.join(","));
    expect(records.pop()).toBe("");
    expect(records.map((record) => record.split(",")[0])).toEqual(
      rows.map((row) => (row as Record<string, unknown>)[timeKey]),
    );
    for (const record of records) expect(record.split(",")[0]).toMatch(ISO_TIMESTAMP);
  }

  it("getStepSourceData names its fields as its rows are keyed; toCsv and toNdjson fill every timestamp", async () => {
    const answer = await clientOf().getStepSourceData(query);
    expectRowKeyed(answer.fields, answer.data);
    expectCsv(toCsv(answer.fields, answer.data), answer.data);
    const lines = toNdjson(answer.data).trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual(answer.data);
    for (const line of lines) expect(JSON.parse(line)[timeKey]).toMatch(ISO_TIMESTAMP);
  });

  it("streamStepSourceData gives the same fields and rows; csvLines and ndjsonLines write the same text", async () => {
    const whole = await clientOf().getStepSourceData(query);
    const { fields, rows } = await clientOf().streamStepSourceData(query);
    expect(fields).toEqual(whole.fields);
    const csv = (await collect(csvLines(fields, rows))).join("");
    expectCsv(csv, whole.data);
    expect(csv).toBe(toCsv(whole.fields, whole.data));
    const streamed = (await clientOf().streamStepSourceData(query)).rows;
    expect((await collect(ndjsonLines(streamed))).join("")).toBe(toNdjson(whole.data));
  });

  it("iterateStepSourceData yields the same rows", async () => {
    const whole = await clientOf().getStepSourceData(query);
    const rows = await collect(clientOf().iterateStepSourceData(query));
    expect(rows).toEqual(whole.data);
    expectRowKeyed(whole.fields, rows);
  });
});

describe("the documentation's advanced example, not through the client", () => {
  const answer = JSON.parse(documentedText("advanced")) as {
    fields: FieldDescriptor[];
    data: Record<string, unknown>[];
  };

  it("is shaped as documented: a field named Date & Time over rows keyed timestamp", () => {
    expect(answer.fields[0]?.name).toBe("Date & Time");
    expect(Object.keys(answer.data[0] ?? {})[0]).toBe("timestamp");
  });

  it("comes back from the raw client as sent", async () => {
    const raw = await answeredWith(documentedText("advanced")).raw.getStepSourceData({
      params: {
        organization_id: documented.organizationId,
        workflow_id: documented.workflowId,
        step_index: 1,
      },
      body: { filters: [], interval: documented.interval },
    });
    expect(raw.status === 200 && raw.body.fields[0]?.name).toBe("Date & Time");
  });

  it("is written by toCsv and csvLines under, and from, the rows' keys", async () => {
    const text = toCsv(answer.fields, answer.data);
    expect(text.split("\r\n")[0]).toBe(ADVANCED_COLUMN_NAMES.join(","));
    expect(text.split("\r\n")[1]?.split(",")[0]).toBe("2022-11-03T10:45:54.000Z");
    expect((await collect(csvLines(answer.fields, answer.data))).join("")).toBe(text);
  });

  it("keeps its documented header when there are no rows to read keys from", async () => {
    const header = `${answer.fields.map(({ name }) => name).join(",")}\r\n`;
    expect(toCsv(answer.fields, [])).toBe(header);
    expect((await collect(csvLines(answer.fields, []))).join("")).toBe(header);
  });
});

describe("fieldsKeyedAs", () => {
  const datetime = { name: "Date & Time", type: "datetime", tz: "UTC" } as const;
  const keys =
    (...names: string[]) =>
    (name: string) =>
      names.includes(name);

  it.each<[string, FieldDescriptor[], (name: string) => boolean, string[]]>([
    [
      "renames a basic name over rows keyed by its column",
      [datetime],
      keys("timestamp"),
      ["timestamp"],
    ],
    [
      "keeps a name the rows are keyed by",
      [datetime],
      keys("Date & Time", "timestamp"),
      ["Date & Time"],
    ],
    ["keeps a basic name whose column the rows lack", [datetime], keys("source"), ["Date & Time"]],
    [
      "keeps a basic name whose column another field already names",
      [datetime, { name: "timestamp", type: "datetime", tz: "UTC" }],
      keys("timestamp"),
      ["Date & Time", "timestamp"],
    ],
    [
      "keeps a name of no column",
      [{ name: "extra", type: "string" }],
      keys("timestamp"),
      ["extra"],
    ],
  ])("%s", (_, fields, isRowKey, names) => {
    const keyed = fieldsKeyedAs(fields, isRowKey);
    expect(keyed.map(({ name }) => name)).toEqual(names);
    expect(keyed.map(({ type }) => type)).toEqual(fields.map(({ type }) => type));
  });
});
