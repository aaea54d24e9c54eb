// A download's body as a web stream of chunks made as the client reads: CSV here, on any platform.
import { csvHeader, csvRow, type FieldDescriptor } from "@giosg-reporting/contract";
import { bytesOf } from "../../data/json/bytes";
import { fairTurn } from "../transport/fair-turns";

/** About this many characters of CSV go into each chunk. */
const CSV_CHUNK_CHARS = 64 * 1024;

/** What a download's file is written from: its columns, its rows, and who is told how many rows it held. */
export interface FileRows {
  /** The columns, in order (the JSON answer's `fields`). */
  readonly fields: readonly FieldDescriptor[];
  /** The rows, produced lazily in order. */
  readonly rows: Iterable<object>;
  /** The sheet's name (XLSX only). */
  readonly sheetName: string;
  /** Told how many rows the file held once the last of it has been produced. */
  readonly onRows?: (rows: number) => void;
}

/** Writes a download's rows as an XLSX file, as a stream (the Node platform's; a browser has none). */
export type XlsxBody = (file: FileRows) => ReadableStream<Uint8Array>;

/**
 * A stream of `chunks` made one at a time as the client reads, giving other requests a turn before
 * each (as streamed JSON answers do), and that stops making them when the client goes away.
 */
export function pulledStream(chunks: Iterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      await fairTurn();
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel() {
      chunks.return?.(undefined);
    },
  });
}

/** The CSV text of a download in chunks of about {@link CSV_CHUNK_CHARS}: the header row, then one record a row. */
function* csvChunks({ fields, rows, onRows }: FileRows): Generator<Uint8Array> {
  let text = csvHeader(fields);
  let count = 0;
  for (const row of rows) {
    text += csvRow(fields, row);
    count += 1;
    if (text.length >= CSV_CHUNK_CHARS) {
      yield bytesOf(text);
      text = "";
    }
  }
  if (text.length > 0) yield bytesOf(text);
  onRows?.(count);
}

/** The CSV file of a download (RFC 4180, CRLF, a header row of the `fields` names), streamed. */
export function csvBody(file: FileRows): ReadableStream<Uint8Array> {
  return pulledStream(csvChunks(file));
}
