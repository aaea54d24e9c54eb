// A download's rows as an XLSX file, written by exceljs's streaming WorkbookWriter on Node: memory stays flat however many rows.
import { once } from "node:events";
import { PassThrough, Readable } from "node:stream";
import type { FieldDescriptor } from "@giosg-reporting/contract";
import { fairTurn } from "../transport/fair-turns";
import type { FileRows } from "./file-body";

/** Rows written between two looks at the client (a turn for others, a wait while it reads). */
const BATCH_ROWS = 256;
/** Bytes of the file held for a client that reads slower than rows are written. */
const HIGH_WATER_BYTES = 256 * 1024;
/** Bytes of the sheet's XML written but not yet compressed before rows wait for the compressor. */
const PENDING_SHEET_BYTES = 1024 * 1024;

/** The part of exceljs's worksheet writer read here: its sheet stream and the stream archiver wraps it in. */
interface SheetStreamInternals {
  readonly stream?: { readonly pipes?: readonly { _writableState?: { length?: number } }[] };
}

/**
 * Bytes of a worksheet's XML that exceljs has written but the zip has not yet compressed. exceljs's
 * sheet stream never pushes back (its `write` always returns true) and archiver wraps it in a stream
 * that takes everything, so without this look a fast source would pile the whole sheet up in memory
 * (about 1 KiB a row). 0 where the internals are not found: the client's own pace still holds.
 */
function pendingSheetBytes(sheet: unknown): number {
  return (sheet as SheetStreamInternals).stream?.pipes?.[0]?._writableState?.length ?? 0;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One cell as the contract reads a download: text as text, numbers as numbers, lists as JSON text, null empty. */
function cellOf(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function cellsOf(fields: readonly FieldDescriptor[], row: object): (string | number | null)[] {
  const values = row as Record<string, unknown>;
  return fields.map(({ name }) => cellOf(values[name]));
}

/**
 * The XLSX file of a download: one worksheet named `sheetName`, a header row of the `fields` names,
 * then one row a row, strings inline (no shared-strings table, which would hold every distinct text).
 * Rows are written a batch at a time while the client keeps up: a slow client holds back the rows,
 * not the bytes. exceljs is loaded on the first download, not when the stub starts.
 */
export function xlsxBody({
  fields,
  rows,
  sheetName,
  onRows,
}: FileRows): ReadableStream<Uint8Array> {
  const output = new PassThrough({ highWaterMark: HIGH_WATER_BYTES });
  const produce = async () => {
    const { default: ExcelJS } = await import("exceljs");
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: output,
      useStyles: false,
      useSharedStrings: false,
      // The fastest deflate: compressing is most of an XLSX download's time, and its text compresses well anyway.
      zip: { zlib: { level: 1 } },
    });
    const sheet = workbook.addWorksheet(sheetName);
    sheet.addRow(fields.map(({ name }) => name)).commit();
    let count = 0;
    const iterator = rows[Symbol.iterator]();
    try {
      for (let next = iterator.next(); !next.done; next = iterator.next()) {
        sheet.addRow(cellsOf(fields, next.value)).commit();
        count += 1;
        if (count % BATCH_ROWS !== 0) continue;
        await fairTurn();
        while (pendingSheetBytes(sheet) > PENDING_SHEET_BYTES && !output.destroyed)
          await nextTurn();
        while (output.writableNeedDrain && !output.destroyed) await once(output, "drain");
        if (output.destroyed) return; // the client went away: no more rows
      }
    } finally {
      iterator.return?.();
    }
    sheet.commit();
    await workbook.commit();
    onRows?.(count);
  };
  produce().catch((error: unknown) => {
    if (!output.destroyed) output.destroy(error as Error);
  });
  return Readable.toWeb(output) as ReadableStream<Uint8Array>;
}
