import {
  errorBody,
  type Organization,
  type Workflow,
  type WorkflowCatalog,
  type WorkflowStep,
} from "@giosg-reporting/contract";
import type { Query, QueryError } from "./outcome";

/** What a query's URL names, once found. */
export interface Resolved {
  readonly organization: Organization;
  readonly workflow: Workflow;
  readonly step: WorkflowStep;
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
  const last = workflow.steps.length - 1;
  const step = params.step_index <= last ? workflow.steps[params.step_index] : undefined;
  if (!step) {
    return { status: 404, body: errorBody("step_not_found", params.step_index, last) };
  }
  return { organization, workflow, step };
}
