// The client tests' shared helpers: a stub with a client pointed at it, a fake fetch, an alarm, a failure catcher.
import { EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID } from "@giosg-reporting/contract";
import type { DatasetOptions } from "@giosg-reporting/fixtures";
import { createStub, type Stub, startStub } from "@giosg-reporting/stub";
import {
  type ClientOptions,
  createClient,
  type ReportingApiError,
  type ReportingClient,
  type StepSourceDataQuery,
} from "../../src/index";

/** How the client reaches the stub. */
export type Mode = "in-process" | "socket";

/** A stub with a client pointed at it, and a count of the requests the client made. */
export interface Setup {
  readonly stub: Stub;
  readonly client: (options?: Partial<ClientOptions>) => ReportingClient;
  readonly requests: () => number;
  readonly close: () => Promise<void>;
}

/** A small stub dataset: November 2022. */
export const DATASET = { start: "2022-11-01T00:00:00Z", end: "2022-12-01T00:00:00Z" };

/** Starts a stub (admin on) and makes clients for it: the stub's `fetch` in process, or a real socket. */
export async function setUp(mode: Mode, dataset: DatasetOptions = DATASET): Promise<Setup> {
  let count = 0;
  if (mode === "in-process") {
    const stub = createStub({ dataset, admin: true });
    const fetch: ClientOptions["fetch"] = (input, init) => {
      count += 1;
      return stub.fetch(input, init);
    };
    return {
      stub,
      client: (options = {}) =>
        createClient({ token: "demo", baseUrl: "http://stub.test", fetch, ...options }),
      requests: () => count,
      close: async () => {},
    };
  }
  const stub = await startStub({ dataset, admin: true });
  const fetch: ClientOptions["fetch"] = (input, init) => {
    count += 1;
    return globalThis.fetch(input, init);
  };
  return {
    stub,
    client: (options = {}) => createClient({ token: "demo", baseUrl: stub.url, fetch, ...options }),
    requests: () => count,
    close: stub.close,
  };
}

/** The documentation's query, in the client's words. */
export const documented = {
  organizationId: EXAMPLE_ORGANIZATION_ID,
  workflowId: EXAMPLE_WORKFLOW_ID,
  stepIndex: 1,
  filters: [{ property: "action", values: ["User dialed"] }],
  interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
  limit: 2,
} satisfies StepSourceDataQuery;

/** Runs a call that must fail and returns its error. */
export async function failureOf(call: () => Promise<unknown>): Promise<ReportingApiError> {
  try {
    await call();
  } catch (error) {
    return error as ReportingApiError;
  }
  throw new Error("expected the call to fail");
}

/** A `fetch` that answers every request with this status and body (and counts the requests). */
export function answering(
  status: number,
  body: string,
  headers: Record<string, string> = { "content-type": "application/json" },
) {
  let calls = 0;
  const fetch: ClientOptions["fetch"] = async () => {
    calls += 1;
    return new Response(body, { status, headers });
  };
  return { fetch, calls: () => calls };
}

/**
 * A timer of `ms` started now, to show that something waited at least `ms` by the order of events
 * rather than by reading a clock: Node fires timers in the order they fall due, and a wait of `ms`
 * started after this one falls due no earlier, so once that wait is over `rang()` is true, however
 * busy the machine.
 */
export function alarm(ms: number): { readonly rang: () => boolean } {
  let rang = false;
  setTimeout(() => {
    rang = true;
  }, ms).unref();
  return { rang: () => rang };
}
