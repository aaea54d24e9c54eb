// The sink interface: where an export writes each unit, whole or not at all, and what it remembers as finished.
import type { FieldDescriptor } from "@giosg-reporting/client";
import type { ExportUnit } from "../plan/units";
import type { RowBatch } from "../run/guarded-rows";

/** A unit's answer as it streams in: the `fields` header, then the rows (read `rows` or `batches`, not both). */
export interface UnitAnswer {
  /** The `fields` header. */
  readonly fields: readonly FieldDescriptor[];
  /** The rows, as they arrive. */
  readonly rows: AsyncIterable<object>;
  /**
   * The same rows in batches as they arrive, each with its NDJSON made of the API's own bytes (an
   * export always gives them, their NDJSON empty for a sink whose `writesNdjson` is false; a sink
   * called directly may be given only `rows`).
   */
  readonly batches?: AsyncIterable<RowBatch>;
}

/** Where an export writes: each unit atomically, and a record of the units written whole. */
export interface ExportSink {
  /**
   * Whether `writeUnit` uses the batches' NDJSON (default true): writes it (an NDJSON folder), or
   * writes its rows from it (PostgreSQL). A sink that reads only the rows says false: the export then
   * asks the client for none, which spares keeping each row's text.
   */
  readonly writesNdjson?: boolean;
  /**
   * Whether `writeUnit` reads the rows as objects (default true). A sink that uses only the batches'
   * NDJSON says false: the export then asks the client to build no row whose bytes show it valid (each
   * is checked against the contract from its bytes). Rows read after all (by a wrapper of the sink)
   * are parsed from the NDJSON then, at the cost the flag spares.
   */
  readonly readsRows?: boolean;
  /** Whether an earlier run wrote the unit whole (it is then skipped). */
  isFinished(unit: ExportUnit): boolean | Promise<boolean>;
  /** Every unit written whole so far, in no particular order (an `--incremental` run starts after them). */
  finishedUnits(): readonly ExportUnit[] | Promise<readonly ExportUnit[]>;
  /**
   * Writes the unit's rows, pulling them only as fast as it can write (memory stays flat), and records
   * the unit as finished, replacing whatever the sink held for the unit's step and target inside the
   * unit's window (finished units that window covers, such as the halves of an earlier split or a
   * window an earlier run clipped at `now`). On a throw, or a crash at any point, nothing of the unit is
   * visible and what it would have replaced is still there. Resolves with the number of rows written.
   */
  writeUnit(unit: ExportUnit, answer: UnitAnswer): Promise<number>;
  /** Releases what the sink holds (its lock, its connection); called once, when the export ends. */
  close(): Promise<void>;
}
