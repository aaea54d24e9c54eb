// UTF-8 bytes on either platform: Node's Buffer where there is one (the fastest there), Uint8Array with TextEncoder in a browser.

/** Node's Buffer, looked up on the global so that a browser bundle never asks for it. */
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The UTF-8 bytes of `text`. */
export const bytesOf: (text: string) => Uint8Array = NodeBuffer
  ? (text) => NodeBuffer.from(text)
  : (text) => encoder.encode(text);

/** `size` bytes to be written over (their content is undefined until then). */
export const allocBytes: (size: number) => Uint8Array = NodeBuffer
  ? (size) => NodeBuffer.allocUnsafe(size)
  : (size) => new Uint8Array(size);

/** The number of UTF-8 bytes of `text`. */
export const byteLengthOf: (text: string) => number = NodeBuffer
  ? (text) => NodeBuffer.byteLength(text)
  : (text) => encoder.encode(text).length;

/** `pieces` one after another in new bytes; `size` is their total length when known. */
export const concatBytes: (pieces: readonly Uint8Array[], size?: number) => Uint8Array = NodeBuffer
  ? (pieces, size) => NodeBuffer.concat(pieces, size)
  : (pieces, size) => {
      let total = size ?? 0;
      if (size === undefined) for (const piece of pieces) total += piece.length;
      const joined = new Uint8Array(total);
      let at = 0;
      for (const piece of pieces) {
        joined.set(piece.subarray(0, total - at), at);
        at += piece.length;
        if (at >= total) break;
      }
      return joined;
    };

/**
 * Writes `text` as UTF-8 into `target` (made by {@link allocBytes}) from `at`, and returns the number
 * of bytes written; the caller has made room for them.
 */
export const writeUtf8: (target: Uint8Array, text: string, at: number) => number = NodeBuffer
  ? (target, text, at) => (target as Buffer).write(text, at, "utf8")
  : (target, text, at) => encoder.encodeInto(text, target.subarray(at)).written;

/** The text of UTF-8 `bytes`. */
export function textOfBytes(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
