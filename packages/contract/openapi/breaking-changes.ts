// Finds the changes between two OpenAPI documents that can break a partner's code: what a request may
// no longer send (narrowed inputs, new required inputs) and what a response may no longer promise
// (removed or optional fields, widened types, new enum values), plus removed operations and statuses.
// New operations, and new codes in an error's `code`, are additions.

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string };
/** Which way data flows: into the API (requests) or out of it (responses). */
type Direction = "request" | "response";

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function resolve(document: Json, schema: unknown, seen = new Set<string>()): Schema {
  if (!isObject(schema)) return {};
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/") || seen.has(ref)) return schema;
  seen.add(ref);
  let target: unknown = document;
  for (const part of ref.slice(2).split("/"))
    target = isObject(target)
      ? target[part.replaceAll("~1", "/").replaceAll("~0", "~")]
      : undefined;
  return resolve(document, target, seen);
}

function typesOf(schema: Schema): Set<string> | undefined {
  const types = asArray(schema.type).map(String);
  if (schema.nullable === true) types.push("null");
  if (types.includes("number")) types.push("integer");
  return types.length === 0 ? undefined : new Set(types);
}

const subset = <T>(a: Set<T>, b: Set<T>) => [...a].every((item) => b.has(item));

/** The digits of a positive integer: a path parameter written so reads as `{ type: integer, minimum: 1 }`. */
const POSITIVE_DIGITS = "^[1-9][0-9]*$";

/**
 * A parameter's schema as the text it accepts. Parameters are text on the wire, so a string of
 * positive digits and an integer of at least 1 accept the same values; a `oneOf`/`anyOf` whose
 * branches all read as integers accepts what its widest branch accepts. Without this, the corrected
 * `step_index` (`oneOf [integer, digits]` → `integer ≥ 1`) would read as a narrowing.
 */
function asParameterText(schema: Schema): Schema {
  if (asArray(schema.type).includes("string") && schema.pattern === POSITIVE_DIGITS)
    return { type: "integer", minimum: 1 };
  const branches = asArray(schema.oneOf ?? schema.anyOf)
    .filter(isObject)
    .map(asParameterText);
  if (branches.length === 0) return schema;
  if (!branches.every((branch) => asArray(branch.type).join() === "integer")) return schema;
  const bound = (key: "minimum" | "maximum", pick: (...values: number[]) => number) =>
    branches.every((branch) => typeof branch[key] === "number")
      ? { [key]: pick(...branches.map((branch) => branch[key] as number)) }
      : {};
  return { type: "integer", ...bound("minimum", Math.min), ...bound("maximum", Math.max) };
}

class Comparison {
  readonly changes: string[] = [];
  constructor(
    readonly base: Json,
    readonly head: Json,
  ) {}

  /**
   * Compares two schemas at `where`. `openEnums`: the schema is an error body's, whose enums (its
   * `code`) may gain values: errors are told apart by status first, a new code names a new condition
   * of that status, and the kit's client reads `code` as any text.
   */
  schema(
    where: string,
    baseSchema: unknown,
    headSchema: unknown,
    direction: Direction,
    depth = 0,
    openEnums = false,
  ): void {
    if (depth > 20) return;
    const before = resolve(this.base, baseSchema);
    const after = resolve(this.head, headSchema);
    const report = (what: string) => this.changes.push(`${where}: ${what}`);

    const [typesBefore, typesAfter] = [typesOf(before), typesOf(after)];
    if (typesBefore && typesAfter) {
      if (direction === "request" && !subset(typesBefore, typesAfter))
        report(`accepts ${[...typesAfter]} instead of ${[...typesBefore]}`);
      if (direction === "response" && !subset(typesAfter, typesBefore))
        report(`may now be ${[...typesAfter].filter((type) => !typesBefore.has(type))}`);
    } else if (direction === "request" && !typesBefore && typesAfter)
      report(`now restricted to ${[...typesAfter]}`);

    const enumBefore = Array.isArray(before.enum) ? new Set(before.enum) : undefined;
    const enumAfter = Array.isArray(after.enum) ? new Set(after.enum) : undefined;
    if (direction === "request" && enumAfter && (!enumBefore || !subset(enumBefore, enumAfter)))
      report("accepts fewer values");
    if (
      direction === "response" &&
      enumBefore &&
      (!enumAfter || (!openEnums && !subset(enumAfter, enumBefore)))
    )
      report("may hold new values");

    if (direction === "request") {
      for (const key of ["minimum", "exclusiveMinimum", "minLength", "minItems"] as const) {
        if (
          typeof after[key] === "number" &&
          !(typeof before[key] === "number" && (before[key] as number) >= (after[key] as number))
        )
          report(`${key} raised`);
      }
      for (const key of ["maximum", "exclusiveMaximum", "maxLength", "maxItems"] as const) {
        if (
          typeof after[key] === "number" &&
          !(typeof before[key] === "number" && (before[key] as number) <= (after[key] as number))
        )
          report(`${key} lowered`);
      }
      for (const key of ["pattern", "format"] as const) {
        if (after[key] !== undefined && after[key] !== before[key])
          report(`${key} ${before[key] === undefined ? "added" : "changed"}`);
      }
    }

    const propertiesBefore = isObject(before.properties) ? before.properties : {};
    const propertiesAfter = isObject(after.properties) ? after.properties : {};
    const requiredBefore = new Set(asArray(before.required).map(String));
    const requiredAfter = new Set(asArray(after.required).map(String));
    if (direction === "request") {
      for (const name of requiredAfter) if (!requiredBefore.has(name)) report(`requires ${name}`);
      if (after.additionalProperties === false) {
        for (const name of Object.keys(propertiesBefore))
          if (!(name in propertiesAfter)) report(`no longer accepts ${name}`);
      }
    } else {
      for (const name of requiredBefore)
        if (!requiredAfter.has(name)) report(`no longer always has ${name}`);
    }
    for (const name of Object.keys(propertiesBefore)) {
      if (name in propertiesAfter)
        this.schema(
          `${where}.${name}`,
          propertiesBefore[name],
          propertiesAfter[name],
          direction,
          depth + 1,
          openEnums,
        );
    }
    if (before.items !== undefined && after.items !== undefined)
      this.schema(`${where}[]`, before.items, after.items, direction, depth + 1, openEnums);
    for (const key of ["anyOf", "oneOf"] as const) {
      const optionsBefore = asArray(before[key]);
      const optionsAfter = asArray(after[key]);
      if (direction === "request" && optionsAfter.length < optionsBefore.length)
        report(`${key} lost options`);
      if (direction === "response" && optionsAfter.length > optionsBefore.length)
        report(`${key} gained options`);
      optionsBefore.forEach((option, index) => {
        if (index < optionsAfter.length)
          this.schema(
            `${where}(${key} ${index})`,
            option,
            optionsAfter[index],
            direction,
            depth + 1,
            openEnums,
          );
      });
    }
  }
}

/** The breaking changes from `base` to `head`, as readable lines; none means `head` is compatible. */
export function breakingChanges(base: Json, head: Json): string[] {
  const comparison = new Comparison(base, head);
  const pathsBefore = isObject(base.paths) ? base.paths : {};
  const pathsAfter = isObject(head.paths) ? head.paths : {};
  for (const [path, itemBefore] of Object.entries(pathsBefore)) {
    for (const [method, operationBefore] of Object.entries(
      isObject(itemBefore) ? itemBefore : {},
    )) {
      const operationAfter = (pathsAfter[path] as Json | undefined)?.[method];
      const where = `${method.toUpperCase()} ${path}`;
      if (!isObject(operationAfter) || !isObject(operationBefore)) {
        comparison.changes.push(`${where}: removed`);
        continue;
      }
      const parametersAfter = asArray(operationAfter.parameters).map((parameter) =>
        resolve(head, parameter),
      );
      for (const parameter of parametersAfter) {
        const existed = asArray(operationBefore.parameters).some(
          (old) => resolve(base, old).name === parameter.name,
        );
        if (!existed && parameter.required === true)
          comparison.changes.push(`${where}: requires the parameter ${String(parameter.name)}`);
      }
      for (const parameterBefore of asArray(operationBefore.parameters).map((parameter) =>
        resolve(base, parameter),
      )) {
        const parameterAfter = parametersAfter.find(({ name }) => name === parameterBefore.name);
        if (parameterAfter)
          comparison.schema(
            `${where} parameter ${String(parameterBefore.name)}`,
            asParameterText(resolve(base, parameterBefore.schema)),
            asParameterText(resolve(head, parameterAfter.schema)),
            "request",
          );
      }
      const bodyOf = (operation: Json, document: Json) =>
        (resolve(document, operation.requestBody).content as Json | undefined)?.[
          "application/json"
        ] as Json | undefined;
      comparison.schema(
        `${where} request body`,
        bodyOf(operationBefore, base)?.schema,
        bodyOf(operationAfter, head)?.schema,
        "request",
      );
      const responsesBefore = isObject(operationBefore.responses) ? operationBefore.responses : {};
      const responsesAfter = isObject(operationAfter.responses) ? operationAfter.responses : {};
      for (const [status, responseBefore] of Object.entries(responsesBefore)) {
        if (!(status in responsesAfter)) {
          comparison.changes.push(`${where} ${status}: removed`);
          continue;
        }
        const schemaOf = (response: unknown, document: Json) =>
          (
            (resolve(document, response).content as Json | undefined)?.["application/json"] as
              | Json
              | undefined
          )?.schema;
        comparison.schema(
          `${where} ${status}`,
          schemaOf(responseBefore, base),
          schemaOf(responsesAfter[status], head),
          "response",
          0,
          Number(status) >= 400,
        );
      }
    }
  }
  return comparison.changes;
}
