// The binary forms of COPY's values that take more than a byte (big-endian int32 and int64, an instant as PostgreSQL's microseconds) and of a unit's own fields.
import type { ExportUnit } from "../../plan/units";

/** The type OID of `text`, the element type of a `text[]`. */
export const TEXT_OID = 25;

/** PostgreSQL's timestamps count microseconds from 2000-01-01T00:00:00Z. */
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_32 = 2 ** 32;
/** A timestamp's fraction past the milliseconds (which Date.parse drops). */
const SUB_MILLISECOND = /T\d\d:\d\d:\d\d\.\d{3}(\d+)/;

/** An int64 into `buffer` at `at`, big-endian (a safe integer, or a BigInt past that). */
export function writeInt64(buffer: Uint8Array, at: number, value: number | bigint): void {
  if (typeof value === "bigint") {
    new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength).setBigInt64(at, value);
    return;
  }
  const high = Math.floor(value / TWO_32);
  const low = value - high * TWO_32;
  buffer[at] = high >>> 24;
  buffer[at + 1] = high >>> 16;
  buffer[at + 2] = high >>> 8;
  buffer[at + 3] = high;
  buffer[at + 4] = low >>> 24;
  buffer[at + 5] = low >>> 16;
  buffer[at + 6] = low >>> 8;
  buffer[at + 7] = low;
}

/** An int32 into `buffer` at `at`, big-endian. */
export function writeInt32(buffer: Uint8Array, at: number, value: number): void {
  buffer[at] = value >>> 24;
  buffer[at + 1] = value >>> 16;
  buffer[at + 2] = value >>> 8;
  buffer[at + 3] = value;
}

/** An instant's microseconds since PostgreSQL's epoch, from its ms and the digits past them. */
export function microseconds(ms: number, text: string | undefined): number | bigint {
  let extra = 0;
  const fraction =
    text === undefined || text.length === 24 ? undefined : SUB_MILLISECOND.exec(text);
  if (fraction?.[1]) {
    // PostgreSQL keeps microseconds and rounds what is past them.
    const digits = `${fraction[1]}000`;
    extra = Number(digits.slice(0, 3)) + (digits.charCodeAt(3) >= 53 ? 1 : 0);
  }
  const value = (ms - POSTGRES_EPOCH_MS) * 1000 + extra;
  return Number.isSafeInteger(value)
    ? value
    : (BigInt(ms) - BigInt(POSTGRES_EPOCH_MS)) * 1000n + BigInt(extra);
}

/** The start of each of the unit's rows: its field count, then the unit's own columns, each with its length. */
export function unitPrefix(workflowId: string, unit: ExportUnit, rowColumns: number): Buffer {
  const target = Buffer.from(unit.target, "utf8");
  const prefix = Buffer.alloc(2 + 4 + 16 + 4 + 4 + 4 + target.length + 2 * (4 + 8));
  let at = prefix.writeInt16BE(5 + rowColumns, 0);
  at = prefix.writeInt32BE(16, at);
  at += Buffer.from(workflowId.replaceAll("-", ""), "hex").copy(prefix, at);
  at = prefix.writeInt32BE(4, at);
  at = prefix.writeInt32BE(unit.stepIndex, at);
  at = prefix.writeInt32BE(target.length, at);
  at += target.copy(prefix, at);
  for (const instant of [unit.window.start, unit.window.end]) {
    at = prefix.writeInt32BE(8, at);
    writeInt64(prefix, at, microseconds(instant.getTime(), undefined));
    at += 8;
  }
  return prefix;
}
