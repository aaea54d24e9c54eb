// The `info` route's answer: the path checked by the contract, then what the workflow is, as JSON.
import type { Handler } from "hono";
import type { EventSource } from "../../data/event-source";
import { workflowInfo } from "../../query/info";
import { contractError, invalidRequestBody, jsonResponse } from "../bodies/json-response";
import type { TokenAuthVariables } from "../security/token-auth";
import type { TokenGrant } from "../security/tokens";
import { readableOrganizations } from "./step-source-data";
import type { ValidationMemo } from "./validation-memo";

/**
 * Answers `GET …/info/` once {@link tokenAuth} passed: 400 for path parameters the contract refuses
 * (every failing one), 404/403 for what they name (as the step endpoint), else `workflowInfoOf`.
 */
export function answerWorkflowInfo(
  source: EventSource,
  tokens: readonly TokenGrant[],
  validation: ValidationMemo,
): Handler<{ Variables: TokenAuthVariables }> {
  const readable = readableOrganizations(tokens);
  return (c) => {
    const params = validation.workflowPathParams(c.req.param());
    if (!params.success) {
      return contractError({ status: 400, body: invalidRequestBody(params.error.issues) });
    }
    const outcome = workflowInfo(source.catalog, params.data, readable(c.var.grant));
    return outcome.status === 200 ? jsonResponse(200, outcome.body) : contractError(outcome);
  };
}
