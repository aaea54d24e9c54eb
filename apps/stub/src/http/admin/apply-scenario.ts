// The scenario in force applied to an API request, as a middleware: latency, then a drop, a failure or a faulty body.
import type { HttpBindings } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";
import { tokenIn } from "../security/auth";
import type { TokenGrant } from "../security/tokens";
import { handedOver } from "../transport/handover";
import { withBodyFault } from "./body-faults";
import { type JournalBody, type JournalingVariables, readBodyForJournal } from "./journaling";
import type { Scenario } from "./scenario-state";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drops the client's connection, or (in process, with no socket) answers a body that fails to read. */
function dropConnection(bindings: Partial<HttpBindings> | undefined): Response {
  const socket = bindings?.incoming?.socket;
  if (socket) {
    socket.destroy();
    return new Response(null, { status: 204 }); // never sent: the socket is gone
  }
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.error(new Error("connection dropped by the stub's scenario"));
      },
    }),
  );
}

/**
 * Applies `scenario` to each request before anything else answers it (a failure stands for a gateway
 * in front of the API): its token's own scenario first when it names one of `tokens` (keyed by the
 * token) that has one, then the unscoped one. With `journalBody`, a request about to be dropped has
 * its body read first, for the journal.
 */
export function applyScenario(
  scenario: Scenario,
  tokens: ReadonlyMap<string, TokenGrant>,
  journalBody?: JournalBody<NonNullable<JournalingVariables["body"]>>,
): MiddlewareHandler<{
  Bindings: Partial<HttpBindings>;
  Variables: JournalingVariables;
}> {
  const applied: MiddlewareHandler<{
    Bindings: Partial<HttpBindings>;
    Variables: JournalingVariables;
  }> = async (c, next) => {
    // The header is read only while some token has a scenario of its own.
    const token = scenario.scoped ? tokenIn(c.req.header("authorization")) : undefined;
    const step = scenario.next(token === undefined ? undefined : tokens.get(token)?.name);
    if (step.latencyMs > 0) await sleep(step.latencyMs);
    if (step.kind === "drop") {
      await readBodyForJournal(c, journalBody);
      c.set("answerCut", "dropped");
      return dropConnection(c.env);
    }
    if (step.kind === "fail") return step.response;
    await next();
    if (step.bodyFault) {
      if (step.bodyFault.kind !== "slow") c.set("answerCut", "cut");
      const socket = c.env?.incoming?.socket;
      c.res = withBodyFault(c.res, step.bodyFault, socket ? () => socket.destroy() : undefined);
      // Hono carries the replaced answer's headers over: a faulty body has no known length.
      c.res.headers.delete("content-length");
    }
    return undefined;
  };
  // Nothing to apply (the usual case): straight on, with no step made and nothing awaited here. A
  // request the step route's fast path gave back came while the scenario was inert: none applies to it.
  return (c, next) =>
    scenario.inert || handedOver(c.env?.incoming) !== undefined ? next() : applied(c, next);
}
