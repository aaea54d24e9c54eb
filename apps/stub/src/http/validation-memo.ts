// The contract's validation of a query (its path parameters and its body's text), remembered for the last texts seen: test suites repeat their queries.
import { pathParamsSchema, stepSourceDataRequestSchema } from "@giosg-reporting/contract";

/** Distinct texts remembered per kind; the least recently used goes first. */
const ENTRIES = 256;
/** Longer bodies are validated every time (a query's body is rarely more than a few hundred bytes). */
const MAX_TEXT = 8 * 1024;

/** A small least-recently-used map. */
class Recent<V> {
  readonly #entries = new Map<string, V>();
  get(key: string, compute: () => V): V {
    const known = this.#entries.get(key);
    if (known !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, known);
      return known;
    }
    const value = compute();
    this.#entries.set(key, value);
    if (this.#entries.size > ENTRIES) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
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

/** What a body's text validates to: not JSON (with JSON.parse's error), or zod's result. */
export type BodyValidation =
  | { readonly malformed: Error }
  | ReturnType<typeof stepSourceDataRequestSchema.safeParse>;
type PathValidation = ReturnType<typeof pathParamsSchema.safeParse>;

/** The validations of one stub: each stub remembers its own. */
export class ValidationMemo {
  readonly #paths = new Recent<PathValidation>();
  readonly #bodies = new Recent<BodyValidation>();

  /** The path parameters checked by the contract (remembered per organization, workflow and step text). */
  pathParams(raw: Record<string, string>): PathValidation {
    const { organization_id: organization, workflow_id: workflow, step_index: step } = raw;
    const validate = () => frozen(pathParamsSchema.safeParse(raw));
    return `${organization}${workflow}${step}`.length > MAX_TEXT
      ? validate()
      : this.#paths.get(`${organization}/${workflow}/${step}`, validate);
  }

  /** The body's text parsed as JSON and checked by the contract (remembered per text). */
  body(text: string): BodyValidation {
    const validate = (): BodyValidation => {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        return { malformed: error as Error };
      }
      return frozen(stepSourceDataRequestSchema.safeParse(json));
    };
    return text.length > MAX_TEXT ? validate() : this.#bodies.get(text, validate);
  }
}
