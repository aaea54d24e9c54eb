// The files of a recording: lines appended whole (never half a line, even when stopped), JSON replaced atomically.
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  writeFileSync,
  writeSync,
} from "node:fs";

/** Bytes of lines gathered before they are written. */
const BATCH_BYTES = 64 * 1024;

/** The size of the file's content up to and including its last newline: what is left of whole lines. */
function wholeLinesLength(fd: number): number {
  const size = fstatSync(fd).size;
  const chunk = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - chunk.length);
    const read = readSync(fd, chunk, 0, end - start, start);
    const newline = chunk.subarray(0, read).lastIndexOf(0x0a);
    if (newline >= 0) return start + newline + 1;
    end = start;
  }
  return 0;
}

/**
 * An NDJSON file that lines are appended to: each batch is written with one synchronous call of whole
 * lines, so whatever stops the process leaves only whole lines (a half line left by a crash is cut
 * when the file is opened again).
 */
export class LineFile {
  readonly path: string;
  readonly #fd: number;
  #batch: string[] = [];
  #batchBytes = 0;
  #lines = 0;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, existsSync(path) ? "r+" : "w+");
    const whole = wholeLinesLength(this.#fd);
    if (whole < fstatSync(this.#fd).size) ftruncateSync(this.#fd, whole);
  }

  /** Lines appended by this process. */
  get lines(): number {
    return this.#lines;
  }

  /** Appends one line (without its newline); written with the next batch. */
  append(line: string): void {
    this.#batch.push(line);
    this.#batchBytes += line.length + 1;
    this.#lines += 1;
    if (this.#batchBytes >= BATCH_BYTES) this.flush();
  }

  /** Writes the lines gathered so far, at the end of the file. */
  flush(): void {
    if (this.#batch.length === 0) return;
    const text = `${this.#batch.join("\n")}\n`;
    this.#batch = [];
    this.#batchBytes = 0;
    const bytes = Buffer.from(text);
    const at = fstatSync(this.#fd).size;
    for (let written = 0; written < bytes.length; )
      written += writeSync(this.#fd, bytes, written, bytes.length - written, at + written);
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}

/** Replaces a JSON file at once (written beside it, then renamed), so that a reader never sees half of it. */
export function writeJsonFile(path: string, value: unknown): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, path);
}
