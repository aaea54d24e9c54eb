// A scenario with nothing to apply lets requests straight through: `inert` says so exactly when `next()` would serve them untouched.
import { describe, expect, it } from "vitest";
import { Scenario } from "../../src/http/admin/scenario-state";

describe("Scenario.inert", () => {
  it("is true only while no latency, fault or token's own scenario is in force", () => {
    const scenario = new Scenario(0, ["worker-1"]);
    expect(scenario.inert).toBe(true);
    expect(scenario.next()).toEqual({ kind: "serve", latencyMs: 0 });
    scenario.setLatency(5);
    expect(scenario.inert).toBe(false);
    scenario.setLatency(0);
    expect(scenario.inert).toBe(true);
    scenario.fail(503, 1);
    expect(scenario.inert).toBe(false);
    expect(scenario.next().kind).toBe("fail");
    expect(scenario.inert).toBe(true);
    scenario.drop(2);
    expect(scenario.next().kind).toBe("drop");
    expect(scenario.inert).toBe(false);
    expect(scenario.next().kind).toBe("drop");
    expect(scenario.inert).toBe(true);
    scenario.faultBody({ kind: "truncate" }, 1);
    expect(scenario.inert).toBe(false);
    expect(scenario.next().kind).toBe("serve");
    expect(scenario.inert).toBe(true);
    scenario.forToken("worker-1").setLatency(0);
    expect(scenario.inert).toBe(false);
    scenario.reset();
    expect(scenario.inert).toBe(true);
  });

  it("is false for a stub started with latency", () => {
    const scenario = new Scenario(20);
    expect(scenario.inert).toBe(false);
    expect(scenario.next()).toEqual({ kind: "serve", latencyMs: 20 });
  });
});
