// The 200 body: whole when small and quick to produce, streamed when large or slow, the same bytes either way.
import { BASIC_FIELDS } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";
import {
  rowsBody,
  SLOW_STREAM_BYTES,
  WHOLE_BODY_BYTES,
  WHOLE_BODY_MS,
} from "../../src/http/bodies/rows-body";
import type { QueryRows } from "../../src/query/outcome";

const KIB = 1024;

/** An answer whose rows' JSON comes in `count` pieces of `bytes` bytes each (`"x…"`, comma-separated). */
function answer(count: number, bytes: number): QueryRows {
  const piece = (index: number) =>
    Buffer.from(`${index === 0 ? "" : ","}"${"x".repeat(bytes - (index === 0 ? 2 : 3))}"`);
  return {
    status: 200,
    basic: true,
    fields: BASIC_FIELDS,
    rows: [],
    json: { [Symbol.iterator]: () => Array.from({ length: count }, (_, i) => piece(i)).values() },
  };
}

/** A clock that moves `step` milliseconds each time it is read. */
function clock(step: number): () => number {
  let now = 0;
  return () => {
    now += step;
    return now;
  };
}

async function bytesOf(body: Awaited<ReturnType<typeof rowsBody>>): Promise<Buffer> {
  if ("pieces" in body) return Buffer.concat(body.pieces);
  return Buffer.from(await new Response(body.stream).arrayBuffer());
}

describe("rowsBody", () => {
  it("sends whole an answer up to WHOLE_BODY_BYTES produced in time, and streams a larger one", async () => {
    const small = await rowsBody(answer(9, 100 * KIB), clock(0));
    const large = await rowsBody(answer(11, 100 * KIB), clock(0));
    expect("pieces" in small).toBe(true);
    expect("stream" in large).toBe(true);
    expect(JSON.parse((await bytesOf(large)).toString()).data).toHaveLength(11);
    expect(11 * 100 * KIB).toBeGreaterThan(WHOLE_BODY_BYTES);
  });

  it("streams an answer that is slow to produce once it passes SLOW_STREAM_BYTES", async () => {
    const slow = clock(WHOLE_BODY_MS / 2);
    const body = await rowsBody(answer(9, 100 * KIB), slow);
    expect("stream" in body).toBe(true);
    const text = (await bytesOf(body)).toString();
    expect(text).toBe((await bytesOf(await rowsBody(answer(9, 100 * KIB), clock(0)))).toString());
    expect(JSON.parse(text).data).toHaveLength(9);
  });

  it("sends whole a small answer however slow it is: its framing never depends on time", async () => {
    const pieces = Math.floor(SLOW_STREAM_BYTES / (50 * KIB)) - 1;
    const body = await rowsBody(answer(pieces, 50 * KIB), clock(1000));
    expect("pieces" in body).toBe(true);
    expect(JSON.parse((await bytesOf(body)).toString()).data).toHaveLength(pieces);
  });

  it("takes no turn of the event loop for an answer made at once (sliced from kept text)", async () => {
    const order: string[] = [];
    setImmediate(() => order.push("turn"));
    const body = await rowsBody(answer(9, 100 * KIB), clock(0));
    order.push("answer");
    expect("pieces" in body).toBe(true);
    expect(order[0]).toBe("answer");
  });

  it("still gives others a turn while a whole answer takes time to make", async () => {
    const order: string[] = [];
    setImmediate(() => order.push("turn"));
    const body = await rowsBody(answer(3, 100 * KIB), clock(1));
    order.push("answer");
    expect("pieces" in body).toBe(true);
    expect(order[0]).toBe("turn");
  });
});
