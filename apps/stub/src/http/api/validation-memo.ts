// The contract's validation of a query (its path parameters and its body's text), remembered for the last texts seen: test suites repeat their queries.
import {
  pathParamsSchema,
  stepSourceDataRequestSchema,
  workflowPathParamsSchema,
} from "@giosg-reporting/contract";
import type { ZodTypeAny } from "zod/v3";

/** Distinct texts remembered per kind; the least recently used goes first. */
const ENTRIES = 256;
/** Longer bodies are validated every time (a query's body is rarely more than a few hundred bytes). */
const MAX_TEXT = 8 * 1024;

/** A small least-recently-used map. */
class Recent<V> {
  readonly #entries = new Map<string, V>();
  /** The key used last and its value: already the most recent entry, so a repeat need not move it. */
  #lastKey: string | undefined;
  #lastValue: V | undefined;
  get(key: string, compute: () => V): V {
    if (key === this.#lastKey) return this.#lastValue as V;
    let value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    } else {
      value = compute();
      this.#entries.set(key, value);
      if (this.#entries.size > ENTRIES) {
        const oldest = this.#entries.keys().next().value as string;
        this.#entries.delete(oldest);
      }
    }
    this.#lastKey = key;
    this.#lastValue = value;
    return value;
  }
}

/** Freezes a value and everything in it: a remembered result is shared by every request that sends its text. */
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A result whose data is frozen (zod's result itself keeps its lazily computed `error` to itself). */
function frozen<T extends { success: boolean; data?: unknown }>(result: T): T {
  if (result.success) deepFreeze(result.data);
  return result;
}

/** What a body's text validates to with `Schema`: not JSON (with JSON.parse's error), or zod's result. */
export type BodyValidation<Schema extends ZodTypeAny = typeof stepSourceDataRequestSchema> =
  | { readonly malformed: Error }
  | ReturnType<Schema["safeParse"]>;
type PathValidation = ReturnType<typeof pathParamsSchema.safeParse>;
type WorkflowPathValidation = ReturnType<typeof workflowPathParamsSchema.safeParse>;

/** The validations of one stub: each stub remembers its own. */
export class ValidationMemo {
  readonly #paths = new Recent<PathValidation>();
  readonly #workflowPaths = new Recent<WorkflowPathValidation>();
  /** By schema (the step endpoint's payload, the download's, `source_data`'s), the texts seen. */
  readonly #bodies = new Map<ZodTypeAny, Recent<BodyValidation<ZodTypeAny>>>();

  /** The path parameters checked by the contract (remembered per organization, workflow and step text). */
  pathParams(raw: Record<string, string>): PathValidation {
    const { organization_id: organization, workflow_id: workflow, step_index: step } = raw;
    const validate = () => frozen(pathParamsSchema.safeParse(raw));
    return `${organization}${workflow}${step}`.length > MAX_TEXT
      ? validate()
      : this.#paths.get(`${organization}/${workflow}/${step}`, validate);
  }

  /** A workflow route's path parameters (no step) checked by the contract, remembered likewise. */
  workflowPathParams(raw: Record<string, string>): WorkflowPathValidation {
    const { organization_id: organization, workflow_id: workflow } = raw;
    const validate = () => frozen(workflowPathParamsSchema.safeParse(raw));
    return `${organization}${workflow}`.length > MAX_TEXT
      ? validate()
      : this.#workflowPaths.get(`${organization}/${workflow}`, validate);
  }

  /** The body's text parsed as JSON and checked by `schema` (the step endpoint's payload by default; remembered per text). */
  body<Schema extends ZodTypeAny = typeof stepSourceDataRequestSchema>(
    text: string,
    schema: Schema = stepSourceDataRequestSchema as unknown as Schema,
  ): BodyValidation<Schema> {
    const validate = (): BodyValidation<Schema> => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        return { malformed: error as Error };
      }
      return frozen(schema.safeParse(json)) as BodyValidation<Schema>;
    };
    if (text.length > MAX_TEXT) return validate();
    let bodies = this.#bodies.get(schema);
    if (bodies === undefined) {
      bodies = new Recent();
      this.#bodies.set(schema, bodies);
    }
    return bodies.get(text, validate) as BodyValidation<Schema>;
  }
}
