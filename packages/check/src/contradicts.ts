// Says what a deviation contradicts: one of the contract's readings, by id and title, or the documentation.
import { READINGS, type ReadingId } from "@giosg-reporting/contract";

/** `reading "<id>" (<title>)` for a reading, `the documentation itself` without one. */
export function contradicts(reading: ReadingId | undefined): string {
  return reading === undefined
    ? "the documentation itself"
    : `reading "${reading}" (${READINGS[reading].title})`;
}
