// The `info` answer: what a workflow is, as the contract writes it from the catalogue.
import {
  type WorkflowCatalog,
  type WorkflowInfo,
  type WorkflowPathParams,
  workflowInfoOf,
} from "@giosg-reporting/contract";
import type { Query, QueryError } from "./outcome";
import { resolveWorkflow } from "./resolve";

/** Answers `info`: 404/403 for what the URL names (as the step endpoint), else the workflow's info. */
export function workflowInfo(
  catalog: WorkflowCatalog,
  params: WorkflowPathParams,
  organizations: Query["organizations"],
): { readonly status: 200; readonly body: WorkflowInfo } | QueryError {
  const resolved = resolveWorkflow(catalog, params, organizations);
  if ("status" in resolved) return resolved;
  return { status: 200, body: workflowInfoOf(resolved.workflow) };
}
