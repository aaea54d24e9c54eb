// Checks one answer of the endpoint against the contract, part by part, and says how it deviates.
// Over 300 lines on purpose: one class whose checks (head, fields, rows, errors) share the query and the deviations found.

import { ERROR_STATUSES } from "../../api/errors/error-codes";
import { errorBodySchemas } from "../../api/errors/errors";
import { formatIssuePath } from "../../api/errors/field-errors";
import { ADVANCED_COLUMNS, BASIC_COLUMNS } from "../../api/rows/columns";
import { GOAL_CATEGORY } from "../../api/rows/event-conventions";
import { fieldDescriptorSchema } from "../../api/rows/fields";
import { advancedRowSchema, basicRowSchema } from "../../api/rows/rows";
import { describeNameDifference, type NameDifference, nameDifference } from "./audit-fields";
import type { ReadingId } from "./readings";

/** One way an answer departs from the contract, with its evidence. */
export interface Deviation {
  /** What was checked, such as `fields.names`, `row.keys`, `row.values`, `rows.order`, `error.body`. */
  readonly check: string;
  /** The contract's reading it contradicts ({@link READINGS}); absent when it contradicts the documentation itself. */
  readonly reading?: ReadingId;
  /** One line saying what differs. */
  readonly message: string;
  /** Where in the answer, such as `fields[0].name` or `data[12].value` (the first place seen). */
  readonly at?: string;
  /** What the contract expects there. */
  readonly expected?: unknown;
  /** What the answer holds there (long texts shortened). */
  readonly actual?: unknown;
  /** How many rows showed it (row checks count every row, keep the first as evidence). */
  readonly count?: number;
}

/** Options of an {@link AnswerAudit}. */
export interface AnswerAuditOptions {
  /**
   * A faster check of a row's values that answers exactly as the row schema's `safeParse` does (such
   * as the client's `compileCheck` of it): rows it passes skip zod; rows it fails are parsed to say why.
   */
  readonly fastCheck?: (row: unknown, basic: boolean) => boolean;
}

/** The parts of a query the audit needs: what its answer must look like. */
export interface AuditedQuery {
  readonly params: {
    readonly organization_id: string;
    readonly workflow_id: string;
    /** The step; absent for `source_data`, whose rows belong to no step. */
    readonly step_index?: number | string | undefined;
  };
  readonly body: {
    readonly basic?: boolean | undefined;
    readonly interval?: { readonly start: string; readonly end: string } | undefined;
    readonly limit?: number | string | undefined;
    readonly target?: string | undefined;
  };
}

const ADVANCED_NAMES = ADVANCED_COLUMNS.map(({ name }) => name);
const BASIC_NAMES = BASIC_COLUMNS.map(({ name }) => name);

function shortened(value: unknown): unknown {
  if (typeof value === "string" && value.length > 120) return `${value.slice(0, 117)}…`;
  return value;
}

/** Arrays of strings by the contract's reading; every other column's type is the documentation's own. */
const LIST_COLUMNS = new Set(["properties", "partner_organization_ids"]);

/** The reading a wrong value of `column` contradicts: none when it is the documentation's own `fields` type. */
function readingOfValue(column: string): { reading?: ReadingId } {
  if (column === "timestamp" || column === "Date & Time") return { reading: "rows" };
  if (LIST_COLUMNS.has(column)) return { reading: "advanced-rows" }; // advanced columns only
  return {};
}

function kindOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/**
 * Audits one answer as it comes: `head` (status and content type), then `fields` and each `row` of a
 * 200, or `errorBody` of an error; `finish` gives the deviations. Row checks are counted, each kept
 * once with its first example, so that memory does not grow with the answer.
 */
export class AnswerAudit {
  readonly #basic: boolean;
  readonly #names: readonly string[];
  readonly #rowSchema: typeof advancedRowSchema | typeof basicRowSchema;
  readonly #interval: readonly [start: string, end: string] | undefined;
  readonly #from: number;
  readonly #to: number;
  readonly #limit: number;
  readonly #workflowId: string;
  readonly #step: string | undefined;
  readonly #goals: boolean;
  /** `source_data`'s targets: outer goal events, the workflow's only (`affected_goal`) or all. */
  readonly #outer: "affected_goal" | "affected_goal_total" | undefined;
  readonly #found = new Map<string, Deviation & { count: number }>();
  readonly #fastCheck: AnswerAuditOptions["fastCheck"];
  #fieldNames: readonly string[] | undefined;
  #rows = 0;
  #lastTime = Number.NEGATIVE_INFINITY;

  constructor({ params, body }: AuditedQuery, options: AnswerAuditOptions = {}) {
    this.#fastCheck = options.fastCheck;
    this.#basic = body.basic === true;
    this.#names = this.#basic ? BASIC_NAMES : ADVANCED_NAMES;
    this.#rowSchema = this.#basic ? basicRowSchema : advancedRowSchema;
    this.#interval = body.interval && [body.interval.start, body.interval.end];
    // NaN without an interval or a limit: no time is outside it, no row beyond it.
    this.#from = Date.parse(body.interval?.start as string);
    this.#to = Date.parse(body.interval?.end as string);
    this.#limit = Number(body.limit);
    this.#workflowId = params.workflow_id.toLowerCase();
    this.#step = params.step_index === undefined ? undefined : String(params.step_index);
    this.#outer =
      body.target === "affected_goal" || body.target === "affected_goal_total"
        ? body.target
        : undefined;
    this.#goals = body.target === "triggered_goal" || this.#outer !== undefined;
  }

  /** How many rows were audited. */
  get rows(): number {
    return this.#rows;
  }

  /** Keeps `deviation` once per `key` (its check unless told), counting how often it was seen. */
  #add(deviation: Deviation, key = deviation.check): void {
    const seen = this.#found.get(key);
    if (seen) seen.count += 1;
    else this.#found.set(key, { ...deviation, count: 1 });
  }

  /** The status line and content type: a documented status, answered as JSON. */
  head(status: number, contentType: string | null): void {
    if (status !== 200 && !(status in ERROR_STATUSES))
      this.#add({
        check: "status",
        reading: "errors",
        message: `status ${status} is none the contract declares`,
        expected: [200, ...Object.keys(ERROR_STATUSES).map(Number)],
        actual: status,
      });
    const type = ((contentType ?? "").split(";")[0] as string).trim().toLowerCase();
    if (type !== "application/json")
      this.#add({
        check: "headers.content-type",
        ...(status === 200 ? {} : { reading: "errors" as const }),
        message: `content-type is ${contentType === null ? "missing" : JSON.stringify(contentType)}, not application/json`,
        expected: "application/json",
        actual: contentType,
      });
  }

  /** The `fields` of a 200: the contract's columns for the query's kind, in order, each with its type. */
  fields(fields: unknown): void {
    if (!Array.isArray(fields)) {
      this.#add({
        check: "answer.shape",
        message: `fields is ${kindOf(fields)}, not an array`,
        at: "fields",
        actual: kindOf(fields),
      });
      return;
    }
    const names = fields.map((field) => {
      const name = (field as { name?: unknown } | null)?.name;
      return typeof name === "string" ? name : "";
    });
    this.#fieldNames = names;
    const difference = nameDifference(this.#names, names);
    if (difference) {
      this.#add({
        check: "fields.names",
        reading: this.#namesReading(difference),
        message: `fields: ${describeNameDifference(difference)}`,
        at: "fields[].name",
        expected: this.#names,
        actual: names,
      });
    }
    const expected = new Map(
      (this.#basic ? BASIC_COLUMNS : ADVANCED_COLUMNS).map((c) => [c.name, c]),
    );
    fields.forEach((field, i) => {
      const parsed = fieldDescriptorSchema.safeParse(field);
      const column = expected.get(names[i] as never) as { type: string } | undefined;
      if (!parsed.success) {
        this.#add(
          {
            check: "fields.descriptor",
            reading: "fields",
            message: `fields[${i}] is not a field descriptor (name, type, and tz "UTC" for a datetime)`,
            at: `fields[${i}]`,
            actual: field,
          },
          `fields.descriptor.${i}`,
        );
      } else if (column && parsed.data.type !== column.type) {
        this.#add(
          {
            check: "fields.types",
            reading: "fields",
            message: `fields[${i}] (${names[i]}) has type ${parsed.data.type}, not ${column.type}`,
            at: `fields[${i}].type`,
            expected: column.type,
            actual: parsed.data.type,
          },
          `fields.type.${i}`,
        );
      }
    });
  }

  /** The reading names differing from the contract's columns contradict: the rows' (columns) or `fields` (order). */
  #namesReading({ missing, extra }: NameDifference): ReadingId {
    if (missing.length === 0 && extra.length === 0) return "fields";
    return this.#basic ? "basic-rows" : "advanced-rows";
  }

  /**
   * One row of a 200's `data`: keys, values, time order, interval, workflow, step, target and limit.
   * Returns whether the row itself is one of the contract's rows (its keys and values).
   */
  row(row: unknown): boolean {
    const i = this.#rows;
    this.#rows += 1;
    if (this.#rows > this.#limit)
      this.#add({
        check: "rows.limit",
        reading: "limit",
        message: `more rows than limit ${this.#limit}`,
        at: `data[${i}]`,
        expected: this.#limit,
      });
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      this.#add(
        {
          check: "answer.shape",
          message: `a row is ${kindOf(row)}, not an object`,
          at: `data[${i}]`,
          actual: kindOf(row),
        },
        "row.shape",
      );
      return false;
    }
    const record = row as Record<string, unknown>;
    const keys = Object.keys(record);
    const difference = nameDifference(this.#names, keys);
    if (difference) {
      // One deviation per reading, not per set of names: rows each with another key cannot grow it.
      const reading = this.#namesReading(difference);
      this.#add(
        {
          check: "row.keys",
          reading,
          message: `rows: ${describeNameDifference(difference)}`,
          at: `data[${i}]`,
          expected: this.#names,
          actual: keys,
        },
        `row.keys.${reading}`,
      );
    }
    const fieldNames = this.#fieldNames;
    if (fieldNames && nameDifference(fieldNames, keys))
      this.#add({
        check: "fields.rows",
        reading: "fields",
        message: `rows' keys are not the names in fields: ${describeNameDifference(nameDifference(fieldNames, keys) as never)}`,
        at: `data[${i}]`,
        expected: fieldNames,
        actual: keys,
      });
    // A row the fast check passes needs no zod parse; one it fails is parsed to say why.
    const passed = this.#fastCheck?.(row, this.#basic) === true;
    const parsed = passed ? { success: true as const } : this.#rowSchema.safeParse(row);
    if (!parsed.success) {
      // One deviation per column (not per item of a list), so that a long list cannot grow them.
      const named = new Set<string>();
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0]);
        // A missing key is row.keys' to name; a column is named once a row.
        if (!(column in record) || named.has(column)) continue;
        named.add(column);
        const value = record[column];
        const path = formatIssuePath(issue.path);
        this.#add(
          {
            check: "row.values",
            ...readingOfValue(column),
            message: `${path}: ${issue.message} (got ${kindOf(value)} ${JSON.stringify(shortened(value))})`,
            at: `data[${i}].${path}`,
            actual: shortened(value),
          },
          `row.values.${column}`,
        );
      }
    }
    this.#checkTime(record, i);
    this.#checkBelonging(record, i);
    return difference === undefined && parsed.success;
  }

  #checkTime(record: Record<string, unknown>, i: number): void {
    // An advanced row keyed "Date & Time" (as the documentation's advanced header names it) is still timed.
    const text = this.#basic ? record["Date & Time"] : (record.timestamp ?? record["Date & Time"]);
    const time = typeof text === "string" ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(time)) return;
    if (time < this.#lastTime)
      this.#add({
        check: "rows.order",
        reading: "rows",
        message: `rows out of time order: data[${i}] is earlier than the row before it`,
        at: `data[${i}]`,
        actual: text,
      });
    this.#lastTime = time;
    if (time < this.#from || time >= this.#to)
      this.#add({
        check: "rows.interval",
        reading: "interval",
        message: `a row's time is outside the half-open interval [start, end)`,
        at: `data[${i}]`,
        expected: this.#interval,
        actual: text,
      });
  }

  #checkBelonging(record: Record<string, unknown>, i: number): void {
    const workflow = record[this.#basic ? "Interaction Workflow ID" : "label"];
    if (
      typeof workflow === "string" &&
      workflow.toLowerCase() !== this.#workflowId &&
      this.#outer !== "affected_goal_total"
    )
      this.#add({
        check: "rows.workflow",
        reading: "workflow-types",
        message: "a row names another workflow",
        at: `data[${i}]`,
        expected: this.#workflowId,
        actual: workflow,
      });
    if (this.#basic) return;
    if (this.#outer !== undefined && record.dim5 !== null && record.dim5 !== undefined)
      this.#add({
        check: "rows.step",
        reading: "goal-events",
        message: `source_data answered a row of step ${JSON.stringify(record.dim5)}, not an outer goal event`,
        at: `data[${i}].dim5`,
        expected: null,
        actual: record.dim5,
      });
    // A step's rows name it; a null dim5 (an outer goal event's) names none. A missing one: row.keys says so.
    if (this.#step !== undefined && record.dim5 !== undefined && record.dim5 !== this.#step)
      this.#add({
        check: "rows.step",
        reading: "workflow-types",
        message: `a row names step ${JSON.stringify(record.dim5)} in dim5, not the step asked for`,
        at: `data[${i}].dim5`,
        expected: this.#step,
        actual: record.dim5,
      });
    const goal = record.category === GOAL_CATEGORY;
    if (typeof record.category === "string" && goal !== this.#goals)
      this.#add({
        check: "rows.target",
        reading: "goal-events",
        message: this.#goals
          ? `target ${this.#outer ?? "triggered_goal"} answered a row of category ${JSON.stringify(record.category)}`
          : "target default answered a goal event",
        at: `data[${i}].category`,
        expected: this.#goals ? GOAL_CATEGORY : `not ${GOAL_CATEGORY}`,
        actual: record.category,
      });
  }

  /** The body of an error answer: JSON `{ detail, code }` with a code of its status (a 400 adds `errors`). */
  errorBody(status: number, body: unknown): void {
    const schema = errorBodySchemas[status as keyof typeof errorBodySchemas];
    if (!schema) return;
    const parsed = schema.safeParse(body);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const path = formatIssuePath(issue.path); // `body` for the whole body
      this.#add(
        {
          check: "error.body",
          reading: "errors",
          message: `error body: ${path}: ${issue.message}`,
          at: path,
          actual: shortened(typeof body === "string" ? body : JSON.stringify(body)),
        },
        `error.body.${path}`,
      );
    }
  }

  /** The deviations found, in the order first seen. */
  finish(): Deviation[] {
    return [...this.#found.values()].map((deviation) =>
      deviation.count === 1 ? (({ count: _, ...one }) => one)(deviation) : deviation,
    );
  }
}

/** A whole answer: its status, content type and parsed body (a string when it was not JSON). */
export interface AuditedAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

/** Audits a whole answer to `query` against the contract: every deviation, with its evidence. */
export function auditAnswer(query: AuditedQuery, answer: AuditedAnswer): Deviation[] {
  const audit = new AnswerAudit(query);
  audit.head(answer.status, answer.contentType);
  if (answer.status !== 200) {
    audit.errorBody(answer.status, answer.body);
    return audit.finish();
  }
  const body = answer.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return [
      ...audit.finish(),
      { check: "answer.shape", message: `the answer is ${kindOf(body)}, not { fields, data }` },
    ];
  }
  const { fields, data, ...extra } = body as Record<string, unknown>;
  audit.fields(fields);
  if (Array.isArray(data)) for (const row of data) audit.row(row);
  const shape: Deviation[] = [];
  if (!Array.isArray(data))
    shape.push({
      check: "answer.shape",
      message: `data is ${kindOf(data)}, not an array`,
      at: "data",
    });
  if (Object.keys(extra).length > 0)
    shape.push({
      check: "answer.shape",
      message: `unexpected top-level keys ${Object.keys(extra).join(", ")}`,
      actual: Object.keys(extra),
    });
  return [...audit.finish(), ...shape];
}
