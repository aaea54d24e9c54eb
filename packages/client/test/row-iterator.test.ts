// The rows of a stream as an async generator would hand them (iterateStepSourceData and
// streamStepSourceData's rows): in order whatever the calls, started lazily, ended by return or throw.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET, documented, failureOf, type Setup, setUp } from "./helpers";

const { limit: _, ...unlimited } = documented;
const query = { ...unlimited, filters: [], interval: DATASET };

let setup: Setup;
let whole: readonly unknown[];
beforeAll(async () => {
  setup = await setUp("in-process");
  whole = (await setup.client().getStepSourceData(query)).data;
});
afterAll(() => setup.close());

describe("the rows of a stream", () => {
  it("hands out rows in order when next() is called many times without waiting", async () => {
    const rows = setup.client().iterateStepSourceData(query);
    const results = await Promise.all(Array.from({ length: whole.length + 3 }, () => rows.next()));
    expect(results.slice(0, whole.length).map(({ value }) => value)).toEqual(whole);
    expect(results.slice(whole.length)).toEqual(Array(3).fill({ done: true, value: undefined }));
    const { rows: streamed } = await setup.client().streamStepSourceData(query);
    const iterator = streamed[Symbol.asyncIterator]();
    const again = await Promise.all(whole.map(() => iterator.next()));
    expect(again.map(({ value }) => value)).toEqual(whole);
  });

  it("sends nothing when iterateStepSourceData is ended before its first row", async () => {
    const before = setup.requests();
    const rows = setup.client().iterateStepSourceData(query);
    expect(await rows.return()).toEqual({ done: true, value: undefined });
    expect(await rows.next()).toEqual({ done: true, value: undefined });
    expect(setup.requests()).toBe(before);
  });

  it.each([
    ["iterateStepSourceData", false],
    ["streamStepSourceData's rows", true],
  ])("%s: return() and throw() end the rows; later calls are done", async (_, stream) => {
    const rowsOf = async () =>
      stream
        ? ((await setup.client().streamStepSourceData(query)).rows as AsyncGenerator<unknown>)
        : setup.client().iterateStepSourceData(query);
    const returned = await rowsOf();
    expect((await returned.next()).value).toEqual(whole[0]);
    expect(await returned.return(undefined)).toEqual({ done: true, value: undefined });
    expect(await returned.next()).toEqual({ done: true, value: undefined });

    const thrown = await rowsOf();
    expect((await thrown.next()).value).toEqual(whole[0]);
    const reason = new Error("stop");
    await expect(thrown.throw(reason)).rejects.toBe(reason);
    expect(await thrown.next()).toEqual({ done: true, value: undefined });
  });

  it("iterateStepSourceData: the API's error at the first next(), then done", async () => {
    const rows = setup.client().iterateStepSourceData({ ...query, stepIndex: 9 });
    const [first, second] = await Promise.allSettled([rows.next(), rows.next()]);
    expect(first).toMatchObject({ status: "rejected", reason: { kind: "api", status: 404 } });
    expect(second).toEqual({ status: "fulfilled", value: { done: true, value: undefined } });
    expect(await failureOf(() => rows.throw(new Error("late")))).toMatchObject({ message: "late" });
  });
});
