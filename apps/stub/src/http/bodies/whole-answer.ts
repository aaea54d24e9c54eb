// A whole 200 answer's pieces, kept beside its response so that a Node server can send them in one write.

/** Responses of whole answers, with their pieces (head, rows' JSON, tail). */
const wholeAnswers = new WeakMap<Response, readonly Uint8Array[]>();

/**
 * A response of `pieces`, in order, with their length: its body is a stream of them for any reader (`app.fetch`), and
 * `sendWholeAnswer` (send-whole-answer.ts) hands the same pieces to a Node socket in one write, past web streams.
 */
export function wholeAnswer(
  pieces: readonly Uint8Array[],
  headers: Record<string, string>,
): Response {
  let length = 0;
  for (const piece of pieces) length += piece.length;
  const response = new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(piece);
        controller.close();
      },
    }),
    { headers: { ...headers, "content-length": String(length) } },
  );
  wholeAnswers.set(response, pieces);
  return response;
}

/** The pieces of a {@link wholeAnswer}, or undefined for any other response. */
export function wholeAnswerPieces(response: Response): readonly Uint8Array[] | undefined {
  return wholeAnswers.get(response);
}
