import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { breakingChanges } from "../openapi/breaking-changes";

// biome-ignore lint/suspicious/noExplicitAny: the tests edit arbitrary parts of a JSON document
type Json = Record<string, any>;
const document: Json = JSON.parse(
  readFileSync(new URL("../openapi.json", import.meta.url), "utf8"),
);
const path = Object.keys(document.paths)[0] as string;

/** A copy of the document changed by `change`. */
function changed(change: (copy: Json, operation: Json, schemas: Json) => void): Json {
  const copy = structuredClone(document);
  // The request body's schema, under the name it had as a component, for the cases below.
  const schemas = {
    ...copy.components.schemas,
    StepSourceDataRequest:
      copy.components.requestBodies.StepSourceDataRequest.content["application/json"].schema,
  };
  change(copy, copy.paths[path].post, schemas);
  return copy;
}

describe("breakingChanges", () => {
  it("finds none between the document and itself", () => {
    expect(breakingChanges(document, document)).toEqual([]);
  });

  it("reads a one-item type array and the string it holds as the same type, both ways", () => {
    const asArrays = (node: unknown): unknown =>
      typeof node !== "object" || node === null
        ? node
        : Array.isArray(node)
          ? node.map(asArrays)
          : Object.fromEntries(
              Object.entries(node).map(([key, value]) => [
                key,
                key === "type" && typeof value === "string" ? [value] : asArrays(value),
              ]),
            );
    const arrays = asArrays(document) as Json;
    expect(arrays.components.schemas.AdvancedRow.type).toEqual(["object"]);
    expect(breakingChanges(arrays, document)).toEqual([]);
    expect(breakingChanges(document, arrays)).toEqual([]);
  });

  it.each<[string, unknown]>([
    [
      "the earlier step_index (integer or digits) to an integer of at least 1",
      {
        oneOf: [
          { type: ["integer"], minimum: 1, maximum: 9007199254740991 },
          { type: ["string"], pattern: "^[1-9][0-9]*$" },
        ],
      },
    ],
    ["digits to an integer of at least 1", { type: "string", pattern: "^[1-9][0-9]*$" }],
  ])("reads a path parameter as text: %s is compatible", (_, before) => {
    const base = changed((__, operation) => {
      operation.parameters[2].schema = before;
    });
    expect(document.paths[path].post.parameters[2].schema).toEqual({ type: "integer", minimum: 1 });
    expect(breakingChanges(base, document)).toEqual([]);
  });

  it.each<[string, (copy: Json, operation: Json, schemas: Json) => void]>([
    [
      "an optional request field added",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.properties.timezone = { type: ["string"] };
      },
    ],
    [
      "a response field added",
      (_, __, schemas) => {
        schemas.AdvancedRow.properties.extra = {
          type: ["string"],
        };
      },
    ],
    [
      "a request enum widened",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.properties.target.enum.push("affected_goal");
      },
    ],
    [
      "a request limit relaxed",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.properties.limit.oneOf[0].minimum = 0;
      },
    ],
    [
      "a response type narrowed",
      (_, __, schemas) => {
        schemas.AdvancedRow.properties.dim1.type = ["string"];
      },
    ],
    [
      "a new error code (the 404 of a new route's condition)",
      (_, __, schemas) => {
        schemas.StepNotFoundError.properties.code.enum.push("workflow_archived");
      },
    ],
    [
      "an operation added",
      (copy) => {
        copy.paths[`${path}/preview`] = { post: copy.paths[path].post };
      },
    ],
    [
      "a status added",
      (_, operation) => {
        operation.responses["418"] = { description: "A teapot" };
      },
    ],
    [
      "descriptions reworded",
      (copy, operation) => {
        copy.info.description = "Other words.";
        operation.summary = "Other summary";
      },
    ],
  ])("finds none when %s", (_, change) => {
    expect(breakingChanges(document, changed(change))).toEqual([]);
  });

  it.each<[string, (copy: Json, operation: Json, schemas: Json) => void, RegExp]>([
    [
      "the operation removed",
      (copy) => {
        delete copy.paths[path];
      },
      /POST .*: removed/,
    ],
    [
      "a status removed",
      (_, operation) => {
        delete operation.responses["406"];
      },
      /406: removed/,
    ],
    [
      "a response field removed",
      (_, __, schemas) => {
        const row = schemas.AdvancedRow;
        delete row.properties.geo_city;
        row.required = row.required.filter((name: string) => name !== "geo_city");
      },
      /no longer always has geo_city/,
    ],
    [
      "a response field made optional",
      (_, __, schemas) => {
        const row = schemas.BasicRow;
        row.required = row.required.filter((name: string) => name !== "Visitor ID");
      },
      /no longer always has Visitor ID/,
    ],
    [
      "a response field made nullable",
      (_, __, schemas) => {
        schemas.AdvancedRow.properties.action.type = ["string", "null"];
      },
      /action: may now be null/,
    ],
    [
      "a response enum widened",
      (_, __, schemas) => {
        schemas.AdvancedStepSourceData.properties.fields.items.oneOf[1].properties.type.enum.push(
          "boolean",
        );
      },
      /200\(anyOf 0\)\.fields\[\]\(oneOf 1\)\.type: may hold new values/,
    ],
    [
      "an error's code no longer an enum",
      (_, __, schemas) => {
        delete schemas.ForbiddenError.properties.code.enum;
      },
      /403\.code: may hold new values/,
    ],
    [
      "an error body's field removed",
      (_, __, schemas) => {
        schemas.ValidationError.required = ["detail", "code"];
      },
      /400: no longer always has errors/,
    ],
    [
      "a request field made required",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.required.push("limit");
      },
      /requires limit/,
    ],
    [
      "a new required request field",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.properties.timezone = { type: ["string"] };
        schemas.StepSourceDataRequest.required.push("timezone");
      },
      /requires timezone/,
    ],
    [
      "a request field removed from a closed object",
      (_, __, schemas) => {
        delete schemas.StepSourceDataRequest.properties.step_data;
      },
      /no longer accepts step_data/,
    ],
    [
      "a request enum narrowed",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.properties.target.enum = ["default"];
      },
      /target: accepts fewer values/,
    ],
    [
      "a request type narrowed",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.properties.limit = { type: ["integer"], minimum: 1 };
      },
      /limit/,
    ],
    [
      "a request minimum raised",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.properties.filters.items.properties.values.minItems = 2;
      },
      /values: minItems raised/,
    ],
    [
      "a request format added",
      (_, __, schemas) => {
        schemas.StepSourceDataRequest.properties.filters.items.properties.property.format = "uuid";
      },
      /property: format added/,
    ],
    [
      "a path parameter narrowed",
      (_, operation) => {
        operation.parameters[2].schema = { type: "integer", minimum: 2 };
      },
      /parameter step_index: minimum raised/,
    ],
    [
      "a path parameter's digits narrowed",
      (_, operation) => {
        operation.parameters[2].schema = { type: "string", pattern: "^[1-9]$" };
      },
      /parameter step_index/,
    ],
  ])("finds %s", (_, change, message) => {
    const changes = breakingChanges(document, changed(change));
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.join("\n")).toMatch(message);
  });
});
