import type { QueryRows } from "../query/outcome";

/** About this many characters go into each chunk of a streamed answer. */
const CHUNK_CHARACTERS = 64 * 1024;

const heads = new WeakMap<object, string>();

/** `{"fields":[…],"data":[` for a `fields` header, computed once per header. */
function headOf(fields: QueryRows["fields"]): string {
  let head = heads.get(fields);
  if (head === undefined) {
    head = `{"fields":${JSON.stringify(fields)},"data":[`;
    heads.set(fields, head);
  }
  return head;
}

/** The whole 200 body as one string: for answers with a `limit`. */
export function rowsText(outcome: QueryRows): string {
  const parts: string[] = [];
  for (const row of outcome.rows as Iterable<object>) parts.push(JSON.stringify(row));
  return `${headOf(outcome.fields)}${parts.join(",")}]}`;
}

/**
 * The 200 body as a stream of chunks, serialized as the client reads: memory does not grow with the
 * answer. Stops producing rows when the client goes away.
 */
export function rowsStream(outcome: QueryRows): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const rows = (outcome.rows as Iterable<object>)[Symbol.iterator]();
  let headSent = false;
  let rowsSent = 0;
  let done = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (done) return;
      let chunk = "";
      if (!headSent) {
        chunk = headOf(outcome.fields);
        headSent = true;
      }
      while (chunk.length < CHUNK_CHARACTERS) {
        const next = rows.next();
        if (next.done) {
          chunk += "]}";
          done = true;
          break;
        }
        chunk += rowsSent === 0 ? JSON.stringify(next.value) : `,${JSON.stringify(next.value)}`;
        rowsSent += 1;
      }
      controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
    cancel() {
      rows.return?.();
    },
  });
}
