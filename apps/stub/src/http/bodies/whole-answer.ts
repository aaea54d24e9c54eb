// A whole 200 answer's pieces, kept beside its response so that a Node server can send them in one write.

/** A whole answer: its pieces (head, rows' JSON, tail), and its headers while nobody has read `headers`. */
interface Whole {
  readonly pieces: readonly Uint8Array[];
  /** The headers the response was made with; set to undefined once `headers` has been read. */
  record: Record<string, string> | undefined;
  /** Headers added since ({@link addHeaders}), by name, while `record` is there. */
  added: readonly Header[];
  /** The stream of the pieces, once something read `body`. */
  body?: ReadableStream<Uint8Array>;
}

/** A header: its lower-case name and its value. */
type Header = readonly [string, string];

/**
 * A whole answer's own key on its response, and the mark of a Node response whose server hands whole
 * answers to `sendWholeAnswer`: properties, not a WeakMap and a WeakSet, whose entries cost every
 * answer more to make and the garbage collector more to trace.
 */
const WHOLE = Symbol("wholeAnswer");
const SENDER = Symbol("sendsWholeAnswers");

type Marked<Key extends symbol, T> = { [key in Key]?: T };
const wholeOf = (response: Response) => (response as Marked<typeof WHOLE, Whole>)[WHOLE];

/** Says that the server will give the answer to the request of `outgoing` to `sendWholeAnswer`. */
export function sendsWholeAnswers(outgoing: object): void {
  (outgoing as Marked<typeof SENDER, true>)[SENDER] = true;
}

/** A web stream of `pieces`, in order. */
function streamOf(pieces: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}

/**
 * A response of `pieces`, in order, with their length: `sendWholeAnswer` (send-whole-answer.ts) hands
 * the pieces to a Node socket in one write, past web streams. For any other reader (`app.fetch`), its
 * body is a stream of them. When the request's `outgoing` is one the server said it sends whole
 * answers to ({@link sendsWholeAnswers}), that stream is made only if something reads `body` (a
 * scenario's body fault, a middleware that replaces the answer), and its headers stay a plain record
 * until something reads `headers`: making a stream and a `Headers` for every answer costs more than
 * the rest of the answer's work.
 */
export function wholeAnswer(
  pieces: readonly Uint8Array[],
  headers: Record<string, string>,
  outgoing?: object,
): Response {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const record = { ...headers, "content-length": String(length) };
  if (outgoing === undefined || (outgoing as Marked<typeof SENDER, true>)[SENDER] !== true) {
    const response = new Response(streamOf(pieces), { headers: record });
    (response as Marked<typeof WHOLE, Whole>)[WHOLE] = { pieces, record: undefined, added: [] };
    return response;
  }
  const whole: Whole = { pieces, record, added: [] };
  const response = new (socketAnswerClass())(record);
  (response as Marked<typeof WHOLE, Whole>)[WHOLE] = whole;
  return response;
}

type SocketAnswerClass = new (headers: Record<string, string>) => Response;

/** By the `Response` in force (Node's, or @hono/node-server's lighter one once it serves), the class of whole answers on a socket. */
const socketAnswerClasses = new WeakMap<typeof Response, SocketAnswerClass>();

/**
 * The class of whole answers sent by `sendWholeAnswer`: a response with no body of its own, whose
 * `body` is a stream of the pieces made when read, and whose headers stay the plain record until
 * read (then copied into its own `Headers`, as for any response). One class, not getters on each.
 */
function socketAnswerClass(): SocketAnswerClass {
  const Base = globalThis.Response;
  const known = socketAnswerClasses.get(Base);
  if (known !== undefined) return known;
  class SocketAnswer extends Base {
    constructor(headers: Record<string, string>) {
      super(null, { headers });
    }
  }
  const own = Object.getOwnPropertyDescriptor(Base.prototype, "headers")?.get;
  Object.defineProperties(SocketAnswer.prototype, {
    body: {
      get(this: Response) {
        const whole = wholeOf(this);
        if (whole === undefined) return null;
        whole.body ??= streamOf(whole.pieces);
        return whole.body;
      },
    },
    headers: {
      get(this: Response) {
        const headers = own?.call(this) as Headers;
        const whole = wholeOf(this);
        // A response that copied its headers when made has not seen those added since.
        if (whole?.record !== undefined) {
          for (const name in whole.record) headers.set(name, whole.record[name] as string);
          for (const [name, value] of whole.added) headers.set(name, value);
          whole.record = undefined;
          whole.added = [];
        }
        return headers;
      },
    },
  });
  socketAnswerClasses.set(Base, SocketAnswer);
  return SocketAnswer;
}

/** The pieces of a {@link wholeAnswer}, or undefined for any other response. */
export function wholeAnswerPieces(response: Response): readonly Uint8Array[] | undefined {
  return wholeOf(response)?.pieces;
}

/** Whether `response` is a {@link wholeAnswer} whose headers nothing has read yet (still plain). */
export function hasPlainHeaders(response: Response): boolean {
  return wholeOf(response)?.record !== undefined;
}

/**
 * The headers of a {@link wholeAnswer} as `writeHead` takes them (name, value, name, value, …), in the
 * order `Headers` gives them (by name), when nothing has read its `headers` yet: they are then the
 * record it was made with and those added by {@link addHeaders}.
 */
export function wholeAnswerHeaders(response: Response): string[] | undefined {
  const whole = wholeOf(response);
  const record = whole?.record;
  if (whole === undefined || record === undefined) return undefined;
  const added = whole.added;
  const own = Object.keys(record)
    .filter((name) => !added.some(([other]) => other === name))
    .sort();
  // Both by name: merged.
  const flat: string[] = [];
  let i = 0;
  let j = 0;
  while (i < own.length || j < added.length) {
    const name = own[i];
    const next = added[j];
    if (name !== undefined && (next === undefined || name < next[0])) {
      flat.push(name, record[name] as string);
      i += 1;
    } else if (next !== undefined) {
      flat.push(next[0], next[1]);
      j += 1;
    }
  }
  return flat;
}

/**
 * Sets `headers` (lower-case names, sorted by name, none twice) on `response`: beside a whole
 * answer's record while it has one (kept as they are: no copy), else through its `Headers`.
 */
export function addHeaders(response: Response, headers: readonly Header[]): void {
  const whole = wholeOf(response);
  if (whole?.record === undefined) {
    for (const [name, value] of headers) response.headers.set(name, value);
  } else if (whole.added.length === 0) {
    whole.added = headers;
  } else {
    const names = new Set(headers.map(([name]) => name));
    whole.added = [...whole.added.filter(([name]) => !names.has(name)), ...headers].sort(
      ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0),
    );
  }
}
