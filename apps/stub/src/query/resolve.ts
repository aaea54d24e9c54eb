// What a query's URL names (organization, workflow, step), found in the catalog or answered 404/403.
import {
  errorBody,
  type Organization,
  type Workflow,
  type WorkflowCatalog,
  type WorkflowPathParams,
  type WorkflowStep,
} from "@giosg-reporting/contract";
import type { Query, QueryError } from "./outcome";

/** What a query's URL names, once found. */
export interface Resolved {
  readonly organization: Organization;
  readonly workflow: Workflow;
  readonly step: WorkflowStep;
}

/** What a workflow route's URL names, once found. */
export interface ResolvedWorkflow {
  readonly organization: Organization;
  readonly workflow: Workflow;
}

/**
 * Finds the organization, checks the caller may read it, then finds the workflow in it: 404 for what
 * does not exist, 403 for an organization the caller may not read (the order of the step endpoint).
 */
export function resolveWorkflow(
  catalog: WorkflowCatalog,
  params: WorkflowPathParams,
  organizations: Query["organizations"],
): ResolvedWorkflow | QueryError {
  const organization = catalog.organizations.find(({ id }) => id === params.organization_id);
  if (!organization) {
    return { status: 404, body: errorBody("organization_not_found") };
  }
  if (organizations !== "all" && !organizations.has(organization.id)) {
    return { status: 403, body: errorBody("no_organization_access") };
  }
  const workflow = catalog.workflows.find(
    ({ id, organizationId }) => id === params.workflow_id && organizationId === organization.id,
  );
  if (!workflow) return { status: 404, body: errorBody("workflow_not_found") };
  return { organization, workflow };
}

/**
 * Finds the organization, checks the caller may read it, then finds the workflow in it and the step
 * (1 up to the workflow's last step): 404 for what does not exist, 403 for an organization the caller
 * may not read.
 */
export function resolve(
  catalog: WorkflowCatalog,
  { params, organizations }: Query,
): Resolved | QueryError {
  const found = resolveWorkflow(catalog, params, organizations);
  if ("status" in found) return found;
  const { organization, workflow } = found;
  const last = workflow.steps.length - 1;
  const step = params.step_index <= last ? workflow.steps[params.step_index] : undefined;
  if (!step) {
    return { status: 404, body: errorBody("step_not_found", params.step_index, last) };
  }
  return { organization, workflow, step };
}
