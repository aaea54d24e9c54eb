// Permits: at most `size` held, handed out first come first served, released once, and an abort while waiting takes none.
import { describe, expect, it } from "vitest";
import { Permits } from "../src/run/permits";

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("Permits", () => {
  it("grants `size` at once and the rest in the order asked, as permits come back", async () => {
    const permits = new Permits(2);
    const granted: number[] = [];
    const releases: (() => void)[] = [];
    for (const index of [0, 1, 2, 3, 4])
      void permits.acquire().then((release) => {
        granted.push(index);
        releases[index] = release;
      });
    await settle();
    expect(granted).toEqual([0, 1]);
    releases[1]?.();
    await settle();
    expect(granted).toEqual([0, 1, 2]);
    releases[0]?.();
    releases[2]?.();
    await settle();
    expect(granted).toEqual([0, 1, 2, 3, 4]);
  });

  it("frees a permit once however often its release is called", async () => {
    const permits = new Permits(1);
    const first = await permits.acquire();
    const granted: string[] = [];
    void permits.acquire().then(() => granted.push("second"));
    void permits.acquire().then(() => granted.push("third"));
    first();
    first();
    first();
    await settle();
    expect(granted).toEqual(["second"]);
  });

  it("rejects a wait the signal aborts, with its reason, and hands the permit to the next", async () => {
    const permits = new Permits(1);
    const held = await permits.acquire();
    const controller = new AbortController();
    const aborted = permits.acquire(controller.signal);
    const granted: string[] = [];
    void permits.acquire().then(() => granted.push("next"));
    const reason = new Error("stopped");
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    held();
    await settle();
    expect(granted).toEqual(["next"]);
  });

  it("rejects at once when the signal was aborted before, taking nothing", async () => {
    const permits = new Permits(1);
    const reason = new Error("already");
    await expect(permits.acquire(AbortSignal.abort(reason))).rejects.toBe(reason);
    const release = await permits.acquire();
    expect(release).toBeTypeOf("function");
  });
});
