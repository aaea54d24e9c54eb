// A whole 200 answer's pieces, kept beside its response so that a Node server can send them in one write.

/** A whole answer: its pieces (head, rows' JSON, tail), and its headers while nobody has read `headers`. */
interface Whole {
  readonly pieces: readonly Uint8Array[];
  /** The headers the response was made with; set to undefined once `headers` has been read. */
  record: Record<string, string> | undefined;
  /** The stream of the pieces, once something read `body`. */
  body?: ReadableStream<Uint8Array>;
}

/** Responses of whole answers. */
const wholeAnswers = new WeakMap<Response, Whole>();
/** The Node responses of requests whose server hands whole answers to `sendWholeAnswer`. */
const senders = new WeakSet<object>();

/** Says that the server will give the answer to the request of `outgoing` to `sendWholeAnswer`. */
export function sendsWholeAnswers(outgoing: object): void {
  senders.add(outgoing);
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
  if (outgoing === undefined || !senders.has(outgoing)) {
    const response = new Response(streamOf(pieces), { headers: record });
    wholeAnswers.set(response, { pieces, record: undefined });
    return response;
  }
  const whole: Whole = { pieces, record };
  const response = new (socketAnswerClass())(record);
  wholeAnswers.set(response, whole);
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
        const whole = wholeAnswers.get(this);
        if (whole === undefined) return null;
        whole.body ??= streamOf(whole.pieces);
        return whole.body;
      },
    },
    headers: {
      get(this: Response) {
        const headers = own?.call(this) as Headers;
        const whole = wholeAnswers.get(this);
        // A response that copied its headers when made has not seen those added since.
        if (whole?.record !== undefined) {
          for (const name in whole.record) headers.set(name, whole.record[name] as string);
          whole.record = undefined;
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
  return wholeAnswers.get(response)?.pieces;
}

/**
 * The headers of a {@link wholeAnswer} as a plain record, when nothing has read its `headers` yet
 * (they are then exactly the record it was made with and what was added by {@link addHeaders}).
 */
export function wholeAnswerHeaders(response: Response): Record<string, string> | undefined {
  return wholeAnswers.get(response)?.record;
}

/**
 * Sets `headers` (lower-case names) on `response`: into a whole answer's record while it has one,
 * else through its `Headers`.
 */
export function addHeaders(response: Response, headers: readonly (readonly [string, string])[]) {
  const record = wholeAnswers.get(response)?.record;
  if (record !== undefined) for (const [name, value] of headers) record[name] = value;
  else for (const [name, value] of headers) response.headers.set(name, value);
}
