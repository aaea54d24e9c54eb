// The 200 body from a query's answer: `{"fields":…,"data":[…]}`, whole when small, streamed when large.

import { bytesOf, concatBytes } from "../../data/json/bytes";
import { PIECE_BYTES } from "../../data/json/piece-writer";
import type { QueryRows } from "../../query/outcome";
import { fairTurn } from "../transport/fair-turns";

/** Answers up to this many bytes are sent whole (with a length); larger ones are streamed. */
export const WHOLE_BODY_BYTES = 1024 * 1024;
/**
 * An answer that has taken longer than this to produce and is larger than {@link SLOW_STREAM_BYTES}
 * is streamed at once, whatever its size: its client need not wait for a megabyte of slow rows.
 */
export const WHOLE_BODY_MS = 20;
/** Answers smaller than this are sent whole however long they take (their framing never depends on time). */
export const SLOW_STREAM_BYTES = 256 * 1024;
/** About this many bytes go into each chunk of a streamed answer: a generated piece goes out whole, uncopied. */
const CHUNK_BYTES = PIECE_BYTES;
const TAIL = bytesOf("]}");
/**
 * While an answer's size is unknown, other requests get a turn after about this many bytes of it,
 * once making them has taken {@link TURN_AFTER_MS}.
 */
const TURN_EVERY_BYTES = CHUNK_BYTES;
/**
 * Work on one answer that earns the others a turn: bytes sliced from kept text come in microseconds,
 * and a turn of the event loop for each answer would cost more than making it.
 */
const TURN_AFTER_MS = 1;

const heads = new WeakMap<object, Uint8Array>();

/** `{"fields":[…],"data":[` for a `fields` header, written once per header. */
function headOf(fields: QueryRows["fields"]): Uint8Array {
  let head = heads.get(fields);
  if (head === undefined) {
    head = bytesOf(`{"fields":${JSON.stringify(fields)},"data":[`);
    heads.set(fields, head);
  }
  return head;
}

/**
 * Pieces cut or joined into chunks of about {@link CHUNK_BYTES}: a large piece is sliced, not copied,
 * and goes out after what is pending (the small head before a source's 256 KiB pieces), not joined to it.
 */
function* chunksOf(pieces: Iterator<Uint8Array>): Generator<Uint8Array> {
  let pending: Uint8Array[] = [];
  let size = 0;
  for (let next = pieces.next(); !next.done; next = pieces.next()) {
    let piece = next.value;
    if (size > 0 && piece.length >= CHUNK_BYTES) {
      yield pending.length === 1 ? (pending[0] as Uint8Array) : concatBytes(pending);
      pending = [];
      size = 0;
    }
    while (size + piece.length >= CHUNK_BYTES) {
      const cut = CHUNK_BYTES - size;
      pending.push(piece.subarray(0, cut));
      yield pending.length === 1 ? (pending[0] as Uint8Array) : concatBytes(pending);
      pending = [];
      size = 0;
      piece = piece.subarray(cut);
    }
    if (piece.length > 0) {
      pending.push(piece);
      size += piece.length;
    }
  }
  if (size > 0) yield pending.length === 1 ? (pending[0] as Uint8Array) : concatBytes(pending);
}

/**
 * The 200 body: its pieces, whole, when the answer fits in {@link WHOLE_BODY_BYTES} (whatever
 * `limit` says; slices of kept text are handed over as they are, never copied) and, beyond
 * {@link SLOW_STREAM_BYTES}, is produced within {@link WHOLE_BODY_MS} (`now` reads the clock); else a
 * stream of chunks produced as the client reads, that gives other requests a turn between chunks and
 * stops producing rows when the client goes away.
 */
export async function rowsBody(
  outcome: QueryRows,
  now: () => number = performance.now.bind(performance),
): Promise<
  { readonly pieces: readonly Uint8Array[] } | { readonly stream: ReadableStream<Uint8Array> }
> {
  const pieces = outcome.json[Symbol.iterator]();
  const first: Uint8Array[] = [headOf(outcome.fields)];
  let size = first[0]?.length ?? 0;
  let turnAt = TURN_EVERY_BYTES;
  const started = now();
  let lastTurn = started;
  for (;;) {
    // Finding out whether an answer is small takes up to a megabyte of rows: give others a turn too.
    if (size >= turnAt && now() - lastTurn >= TURN_AFTER_MS) {
      turnAt = size + TURN_EVERY_BYTES;
      await fairTurn();
      lastTurn = now();
    }
    const next = pieces.next();
    if (next.done) {
      // Whole: the pieces as they are (a kept list's text is sliced, never copied).
      first.push(TAIL);
      return { pieces: first };
    }
    first.push(next.value);
    size += next.value.length;
    if (size > WHOLE_BODY_BYTES) break;
    if (size > SLOW_STREAM_BYTES && now() - started > WHOLE_BODY_MS) break;
  }
  function* all(): Generator<Uint8Array> {
    yield* first.splice(0);
    for (let next = pieces.next(); !next.done; next = pieces.next()) yield next.value;
    yield TAIL;
  }
  const chunks = chunksOf(all());
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // @hono/node-server pulls again at once while the socket takes the bytes: without a turn, one
      // fast reader of a large answer would hold the event loop until the answer ends; with a turn
      // shared by all answers, twenty readers hold it for one chunk at a time, not twenty.
      await fairTurn();
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel() {
      chunks.return(undefined);
      pieces.return?.();
    },
  });
  return { stream };
}
