// Turns shared by all answers: first come first served, one waiter per turn of the event loop.
import { describe, expect, it } from "vitest";
import { fairTurn } from "../../src/http/transport/fair-turns";

describe("fairTurn", () => {
  it("releases waiters in the order they asked, each on a turn of the event loop of its own", async () => {
    // Counts turns: once per check phase of the loop, as long as it runs.
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn += 1;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const released: [string, number][] = [];
    await Promise.all(
      ["a", "b", "c", "d"].map((name) => fairTurn().then(() => released.push([name, turn]))),
    );
    ticking = false;
    expect(released.map(([name]) => name)).toEqual(["a", "b", "c", "d"]);
    const turns = released.map(([, at]) => at);
    expect(new Set(turns).size).toBe(turns.length);
  });

  it("serves a waiter that asks again after those already waiting", async () => {
    const order: string[] = [];
    const again = fairTurn().then(async () => {
      order.push("first");
      await fairTurn();
      order.push("first again");
    });
    const second = fairTurn().then(() => order.push("second"));
    await Promise.all([again, second]);
    expect(order).toEqual(["first", "second", "first again"]);
  });
});
