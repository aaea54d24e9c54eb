// A unit's rows as binary COPY chunks: from the batches' NDJSON (each line written from its bytes), else from the rows as objects.
import { isUtf8 } from "node:buffer";
import type { ExportUnit } from "../../plan/units";
import { firstDatetimeField, ndjsonText, UnitRowError } from "../../run/guarded-rows";
import type { UnitAnswer } from "../sink";
import { BinaryRows, TIME_COLUMN_NAME } from "./binary-rows";

const LINE_FEED = 0x0a;
const encoder = new TextEncoder();

/**
 * A batch's NDJSON as UTF-8: itself when it is (as the client's always is), else decoded as
 * JSON.parse would read it (each ill-formed sequence a U+FFFD) and encoded again.
 */
export const utf8Lines = (ndjson: Uint8Array): Uint8Array =>
  isUtf8(ndjson) ? ndjson : encoder.encode(ndjsonText(ndjson));

/**
 * The unit's rows as binary COPY in chunks of about 256 KiB, pulled one chunk at a time: from the
 * answer's batches when it has them (a plain loop over each batch's NDJSON lines, no promise per row,
 * each row's time as the batch's check read it; over its rows when its NDJSON is empty), else from
 * its rows. `count.rows` follows the rows written.
 */
export async function* copyChunks(
  workflowId: string,
  unit: ExportUnit,
  answer: UnitAnswer,
  count: { rows: number },
): AsyncGenerator<Buffer> {
  const binary = new BinaryRows(workflowId, unit);
  // The check's times are the time column's only when the answer's first datetime field is that column.
  const timed = firstDatetimeField(answer.fields) === TIME_COLUMN_NAME;
  if (answer.batches)
    for await (const batch of answer.batches) {
      const times = timed ? batch.times : undefined;
      const known = times === undefined ? 0 : times.length;
      if (batch.ndjson.length === 0) {
        const { rows } = batch;
        for (let k = 0; k < rows.length; k += 1) {
          binary.row(rows[k] as object, k < known ? (times?.[k] as number) : Number.NaN);
          if (binary.ready) yield* binary.take();
        }
      } else {
        const ndjson = utf8Lines(batch.ndjson);
        let k = 0;
        for (let start = 0; start < ndjson.length; k += 1) {
          let end = ndjson.indexOf(LINE_FEED, start);
          if (end < 0) end = ndjson.length;
          binary.rowText(ndjson, start, end, k < known ? (times?.[k] as number) : Number.NaN);
          start = end + 1;
          if (binary.ready) yield* binary.take();
        }
        if (k !== batch.count)
          throw new UnitRowError(
            `a batch's NDJSON holds ${k} rows where its count says ${batch.count}`,
          );
      }
      count.rows = binary.rows;
    }
  else
    for await (const row of answer.rows) {
      binary.row(row, Number.NaN);
      count.rows = binary.rows;
      if (binary.ready) yield* binary.take();
    }
  count.rows = binary.rows;
  yield* binary.finish();
}
