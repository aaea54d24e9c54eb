// Node only (`@giosg-reporting/client/node`): writes a download to a path, whole or not at all; the main entry stays free of Node built-ins.
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { StepSourceDataDownload } from "./download/download";

/** Where {@link saveDownload} wrote the file, and how many bytes. */
export interface SavedDownload {
  /** The file's absolute path. */
  readonly path: string;
  /** The bytes written. */
  readonly bytes: number;
}

/**
 * Writes a download's bytes to `path`: first to a temporary file beside it, renamed to `path` once
 * the whole file has arrived and been flushed, so that `path` never holds part of a file (an earlier
 * file there is replaced only then). On any failure (the download's typed error, a full disk) the
 * temporary file is removed, the download cancelled, and the error thrown as it came.
 */
export async function saveDownload(
  download: Pick<StepSourceDataDownload, "body">,
  path: string,
): Promise<SavedDownload> {
  const target = resolve(path);
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(6).toString("hex")}.part`,
  );
  const reader = download.body.getReader();
  let bytes = 0;
  let finished = false;
  const file = await open(temporary, "wx").catch(async (error: unknown) => {
    await reader.cancel().catch(() => {});
    throw error;
  });
  try {
    try {
      for (let next = await reader.read(); !next.done; next = await reader.read()) {
        for (let at = 0; at < next.value.byteLength; ) {
          const { bytesWritten } = await file.write(next.value, at);
          at += bytesWritten;
        }
        bytes += next.value.byteLength;
      }
      finished = true;
      await file.sync();
    } finally {
      if (!finished) await reader.cancel().catch(() => {});
      reader.releaseLock();
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => {});
    throw error;
  }
  return { path: target, bytes };
}
