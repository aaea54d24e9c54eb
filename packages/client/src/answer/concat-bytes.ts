// Byte arrays joined into one: a whole answer's chunks, a batch's NDJSON from several reads.

/** The parts one after another in a new array (`size`: their total length, when known). */
export function concatBytes(parts: readonly Uint8Array[], size?: number): Uint8Array {
  let total = size ?? 0;
  if (size === undefined) for (const part of parts) total += part.byteLength;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
