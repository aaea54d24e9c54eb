// Writes a one-item `type` array (`["object"]`, as @anatine/zod-openapi emits) as the plain string it
// means: code generators (orval's mocks, typed-openapi's zod) misread one-item arrays, while real
// unions (`["string", "null"]`) stay arrays.

/** Keys whose values are data (examples, defaults), not schemas: left as written. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);
/** Keys whose values map names to schemas: a property may be called `default` or `type`. */
const NAME_MAPS = new Set(["properties", "patternProperties", "schemas", "$defs"]);

/** The value with every schema's one-item `type` array written as a string; examples are untouched. */
export function withSingleTypes<T>(value: T, names = false): T {
  if (Array.isArray(value)) return value.map((item) => withSingleTypes(item)) as T;
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (names) return [key, withSingleTypes(item)];
      if (DATA_KEYS.has(key)) return [key, item];
      if (key === "type" && Array.isArray(item) && item.length === 1) return [key, item[0]];
      return [key, withSingleTypes(item, NAME_MAPS.has(key))];
    }),
  ) as T;
}
