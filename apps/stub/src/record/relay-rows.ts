// An upstream's 200 answer relayed to the caller as it comes, each row audited and recorded on the way.
import {
  type AdvancedRow,
  type AnswerAudit,
  AnswerSplitter,
  BASIC_FIELDS,
  toBasicRow,
} from "@giosg-reporting/contract";
import { bytesOf } from "../data/json/bytes";
import type { AnswerRecording } from "./answer-recording";

/** The largest single row (or `fields`) the relay reads: beyond it the answer is not recorded. */
const MAX_ROW_BYTES = 16 * 1024 * 1024;

/** What a relay needs: the upstream's body, the caller's kind of rows, and where rows go. */
export interface RelayOptions {
  readonly body: ReadableStream<Uint8Array>;
  /** The caller asked for basic rows: it gets the basic projection of the advanced rows read. */
  readonly basic: boolean;
  readonly audit: AnswerAudit;
  /** Where conforming rows are recorded; absent when this answer is not recorded. */
  readonly recording: AnswerRecording | undefined;
  /** Called once at the end: whether the upstream's whole answer came and was read. */
  readonly onEnd: (complete: boolean, problem?: string) => void;
  /**
   * Cuts the caller's connection when the upstream's answer breaks off (the caller must see it cut
   * too); returns false where there is no connection to cut (in process), and the stream errors instead.
   */
  readonly breakOff: () => boolean;
}

/**
 * The caller's body: the upstream's bytes unchanged (advanced), or `{"fields":…,"data":[…]}` of basic
 * rows written as they come (basic). Pulled at the caller's pace, one upstream chunk at a time, so
 * memory does not grow with the answer; the upstream's failure cuts the caller's answer too.
 */
export function relayRows({
  body,
  basic,
  audit,
  recording,
  onEnd,
  breakOff,
}: RelayOptions): ReadableStream {
  const reader = body.getReader();
  const splitter = new AnswerSplitter({ maxValueBytes: MAX_ROW_BYTES });
  let fieldsAudited = false;
  let splitting = true;
  let rowsOut = 0;
  let ended = false;
  const end = (complete: boolean, problem?: string) => {
    if (ended) return;
    ended = true;
    recording?.end(complete && splitting);
    onEnd(complete && splitting, problem);
  };
  const take = (chunk: Uint8Array): AdvancedRow[] => {
    if (!splitting) return [];
    let rows: unknown[];
    try {
      rows = splitter.write(chunk);
    } catch (error) {
      splitting = false;
      end(false, `the answer could not be read: ${(error as Error).message}`);
      return [];
    }
    if (!fieldsAudited && splitter.fields !== undefined) {
      fieldsAudited = true;
      audit.fields(splitter.fields);
    }
    const conforming: AdvancedRow[] = [];
    for (const row of rows) {
      if (!audit.row(row)) continue;
      conforming.push(row as AdvancedRow);
      recording?.row(row as AdvancedRow);
    }
    return conforming;
  };
  const basicText = (rows: readonly AdvancedRow[]): string => {
    if (rows.length === 0) return "";
    let text = rowsOut === 0 ? "" : ",";
    text += rows.map((row) => JSON.stringify(toBasicRow(row))).join(",");
    rowsOut += rows.length;
    return text;
  };
  let headSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          let next: Awaited<ReturnType<typeof reader.read>>;
          try {
            next = await reader.read();
          } catch (error) {
            end(false, `the upstream's answer broke off: ${(error as Error).message}`);
            if (breakOff()) controller.close();
            else controller.error(error);
            return;
          }
          if (next.done) {
            if (splitting) {
              try {
                splitter.end();
              } catch (error) {
                end(false, `the answer could not be read: ${(error as Error).message}`);
              }
            }
            end(true);
            if (basic) {
              if (!headSent) controller.enqueue(head());
              controller.enqueue(bytesOf("]}"));
            }
            controller.close();
            return;
          }
          const rows = take(next.value);
          if (!basic) {
            controller.enqueue(next.value);
            return;
          }
          if (!splitting) {
            // Basic rows cannot be written from an answer that cannot be read: cut the caller's.
            await reader.cancel();
            if (breakOff()) controller.close();
            else controller.error(new Error("the upstream's answer could not be read"));
            return;
          }
          const text = basicText(rows);
          if (!headSent && splitter.dataStarted) {
            headSent = true;
            controller.enqueue(head());
          }
          if (text.length > 0) {
            controller.enqueue(bytesOf(text));
            return;
          }
        }
      },
      async cancel(reason) {
        end(false, "the caller went away");
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function head(): Uint8Array {
  return bytesOf(`{"fields":${JSON.stringify(BASIC_FIELDS)},"data":[`);
}
