import type { QueryRows } from "../query/outcome";

/** About this many bytes go into each chunk of a streamed answer. */
const CHUNK_BYTES = 64 * 1024;
const COMMA = Buffer.from(",");
const TAIL = Buffer.from("]}");

const heads = new WeakMap<object, Buffer>();
/** The JSON of rows held in memory, kept once written: a row's text never changes. */
const encodedRows = new WeakMap<object, Buffer>();

/** `{"fields":[…],"data":[` for a `fields` header, written once per header. */
function headOf(fields: QueryRows["fields"]): Buffer {
  let head = heads.get(fields);
  if (head === undefined) {
    head = Buffer.from(`{"fields":${JSON.stringify(fields)},"data":[`);
    heads.set(fields, head);
  }
  return head;
}

function encoder(outcome: QueryRows): (row: object) => Buffer {
  if (!outcome.retainedRows) return (row) => Buffer.from(JSON.stringify(row));
  return (row) => {
    let encoded = encodedRows.get(row);
    if (encoded === undefined) {
      encoded = Buffer.from(JSON.stringify(row));
      encodedRows.set(row, encoded);
    }
    return encoded;
  };
}

/** The whole 200 body at once: for answers with a `limit`. */
export function rowsBuffer(outcome: QueryRows): Buffer {
  const encode = encoder(outcome);
  const parts: Buffer[] = [headOf(outcome.fields)];
  let first = true;
  for (const row of outcome.rows as Iterable<object>) {
    if (!first) parts.push(COMMA);
    parts.push(encode(row));
    first = false;
  }
  parts.push(TAIL);
  return Buffer.concat(parts);
}

/**
 * The 200 body as a stream of chunks, serialized as the client reads: memory does not grow with the
 * answer. Stops producing rows when the client goes away.
 */
export function rowsStream(outcome: QueryRows): ReadableStream<Uint8Array> {
  const encode = encoder(outcome);
  const rows = (outcome.rows as Iterable<object>)[Symbol.iterator]();
  let headSent = false;
  let rowsSent = 0;
  let done = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (done) return;
      const parts: Buffer[] = [];
      let size = 0;
      if (!headSent) {
        parts.push(headOf(outcome.fields));
        headSent = true;
      }
      while (size < CHUNK_BYTES) {
        const next = rows.next();
        if (next.done) {
          parts.push(TAIL);
          done = true;
          break;
        }
        if (rowsSent > 0) parts.push(COMMA);
        const encoded = encode(next.value);
        parts.push(encoded);
        size += encoded.length + 1;
        rowsSent += 1;
      }
      controller.enqueue(Buffer.concat(parts));
      if (done) controller.close();
    },
    cancel() {
      rows.return?.();
    },
  });
}
