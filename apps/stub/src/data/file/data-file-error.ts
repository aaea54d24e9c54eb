// The error of a data or workflows file that cannot be used.

/** A data or workflows file that cannot be used; the message names the file, the line and the field. */
export class DataFileError extends Error {
  override readonly name = "DataFileError";
}
