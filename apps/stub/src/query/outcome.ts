import type {
  AdvancedRow,
  BasicRow,
  FieldDescriptor,
  ForbiddenErrorBody,
  NotAcceptableErrorBody,
  NotFoundErrorBody,
  PathParams,
  StepSourceDataRequest,
} from "@giosg-reporting/contract";

/** A query as the engine takes it: the parsed URL attributes and payload, and who asks. */
export interface Query {
  /** The URL attributes, parsed by the contract. */
  readonly params: PathParams;
  /** The payload, parsed by the contract (defaults filled in). */
  readonly body: StepSourceDataRequest;
  /** The organizations the caller may read: all of them, or these ids. */
  readonly organizations: "all" | ReadonlySet<string>;
  /**
   * Optional: told how many rows the answer held once its JSON (`json`) has been produced to the end;
   * `null` when its source does not say. Not called for an answer left unread.
   */
  readonly onRows?: (rows: number | null) => void;
}

interface Answer<Basic extends boolean, Row> {
  readonly status: 200;
  readonly basic: Basic;
  /** The `fields` header. */
  readonly fields: readonly FieldDescriptor[];
  /** The rows, produced lazily in order. */
  readonly rows: Iterable<Row>;
  /** The same rows as JSON texts separated by commas (the inside of `data`), in pieces, produced lazily. */
  readonly json: Iterable<Uint8Array>;
}

/** The 200 answer: the `fields` header and the rows, produced lazily in order. */
export type QueryRows = Answer<false, AdvancedRow> | Answer<true, BasicRow>;

/** An error answer of the engine, typed by the contract. */
export type QueryError =
  | { readonly status: 403; readonly body: ForbiddenErrorBody }
  | { readonly status: 404; readonly body: NotFoundErrorBody }
  | { readonly status: 406; readonly body: NotAcceptableErrorBody };

/** What the engine answers to a query. */
export type QueryOutcome = QueryRows | QueryError;
