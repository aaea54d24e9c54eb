// The organizations and workflows behind recorded rows: what the replay's --workflows file holds.
import { createHash } from "node:crypto";
import {
  ACTION_ID_COLUMN,
  type AdvancedRow,
  type InfoType,
  infoTypeOf,
  isGoalEvent,
  STEP_NAME_COLUMN,
  stepIndexOf,
  WORKFLOW_COLUMN,
  type Workflow,
  type WorkflowCatalog,
  type WorkflowInfo,
  type WorkflowType,
  workflowCatalogSchema,
} from "@giosg-reporting/contract";
import { WORKFLOW_BLUEPRINTS } from "@giosg-reporting/fixtures";

/** The workflow type whose step events carry each `category`, as the fixtures write them. */
const TYPE_OF_CATEGORY = new Map<string, WorkflowType>(
  Object.values(WORKFLOW_BLUEPRINTS).map(({ category, type }) => [category, type]),
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A stable UUID for a name within a workflow (a goal's id, which rows do not carry). */
function nameUuid(...parts: string[]): string {
  const hex = createHash("sha1").update(parts.join("|")).digest("hex");
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The type of a workflow whose step events look like `row`, when nothing better is known. */
function typeOf(row: AdvancedRow): WorkflowType {
  const known = TYPE_OF_CATEGORY.get(row.category);
  if (known) return known;
  return /^https?:\/\//.test(row[ACTION_ID_COLUMN] ?? "") ? "web-navigation" : "user-generated";
}

/**
 * The largest step index a recording catalogues. The catalogue lists a workflow's steps 0 to its last
 * one, so a row's `dim5` or a request's `step_index` beyond this (up to 2^53 - 1, or 400 nines) would
 * otherwise make every save build millions of steps, or fail: such a row is recorded but its step is
 * not catalogued, and such a request is relayed but not recorded.
 */
export const MAX_RECORDED_STEP = 1000;

/** Whether a step index is one a recording catalogues: a whole number from 0 to {@link MAX_RECORDED_STEP}. */
export const isRecordedStep = (index: number): boolean =>
  Number.isSafeInteger(index) && index >= 0 && index <= MAX_RECORDED_STEP;

interface SeenStep {
  name?: string;
  readonly actions: Map<string, string>;
}

/** What `info` told of a workflow, kept as the catalogue writes it. */
type InfoFields = Pick<
  Workflow,
  "description" | "isPublished" | "modifiedAt" | "startDate" | "endDate"
>;

/** An instant as the catalogue writes it (milliseconds, UTC), or null. */
const instantOf = (text: string | null): string | null =>
  text === null ? null : new Date(Date.parse(text)).toISOString();

interface SeenWorkflow {
  readonly organizationId: string;
  name?: string;
  type?: WorkflowType;
  /** The type `info` named, which the catalogue's type must agree with. */
  infoType?: InfoType;
  info?: InfoFields;
  lastStep: number;
  readonly steps: Map<number, SeenStep>;
  /** By name: the value, and the id the catalogue read gave (else one is made from the name). */
  readonly goals: Map<string, { readonly id?: string; readonly value: number }>;
}

interface SeenOrganization {
  name?: string;
  website?: string;
  readonly partners: Set<string>;
}

/**
 * Collects the organizations, workflows, steps, actions and goals that recorded rows show (and the
 * steps the upstream answered), over an existing catalogue whose entries it keeps as written.
 */
export class RecordedCatalog {
  readonly #organizations = new Map<string, SeenOrganization>();
  readonly #workflows = new Map<string, SeenWorkflow>();

  constructor(base?: WorkflowCatalog) {
    for (const { id, name, website, partnerOrganizationIds } of base?.organizations ?? [])
      this.#organizations.set(id, { name, website, partners: new Set(partnerOrganizationIds) });
    for (const workflow of base?.workflows ?? []) {
      const seen = this.#workflow(workflow.organizationId, workflow.id);
      seen.name = workflow.name;
      seen.type = workflow.type;
      const { description, isPublished, modifiedAt, startDate, endDate } = workflow;
      seen.info = { description, isPublished, modifiedAt, startDate, endDate };
      for (const step of workflow.steps) {
        const known = this.#step(seen, step.index);
        known.name = step.name;
        for (const { id, title } of step.actions) known.actions.set(id, title);
      }
      for (const { id, name, value } of workflow.goals) seen.goals.set(name, { id, value });
    }
  }

  #organization(id: string): SeenOrganization {
    let seen = this.#organizations.get(id);
    if (!seen) {
      seen = { partners: new Set() };
      this.#organizations.set(id, seen);
    }
    return seen;
  }

  #workflow(organizationId: string, id: string): SeenWorkflow {
    this.#organization(organizationId);
    let seen = this.#workflows.get(id);
    if (!seen) {
      seen = { organizationId, lastStep: 1, steps: new Map(), goals: new Map() };
      this.#workflows.set(id, seen);
    }
    return seen;
  }

  #step(workflow: SeenWorkflow, index: number): SeenStep {
    let step = workflow.steps.get(index);
    if (!step) {
      step = { actions: new Map() };
      workflow.steps.set(index, step);
    }
    workflow.lastStep = Math.max(workflow.lastStep, index);
    return step;
  }

  /**
   * Notes that the upstream answered a query for this step: the workflow has at least that many steps.
   * A step beyond {@link MAX_RECORDED_STEP} is not catalogued; whether it was.
   */
  noteStep(organizationId: string, workflowId: string, step: number): boolean {
    if (!isRecordedStep(step)) return false;
    const workflow = this.#workflow(organizationId, workflowId);
    workflow.lastStep = Math.max(workflow.lastStep, step);
    return true;
  }

  /** Notes that the upstream answered this workflow's `source_data`: it is an interaction workflow. */
  noteInteraction(organizationId: string, workflowId: string): void {
    this.#workflow(organizationId, workflowId).infoType = "interaction";
  }

  /** Notes what the upstream's `info` answered: the workflow's name, type, description, state and dates. */
  noteInfo(info: WorkflowInfo): void {
    const workflow = this.#workflow(info.org_id, info.id);
    if (info.name !== "") workflow.name = info.name;
    workflow.infoType = info.type;
    workflow.info = {
      description: info.description,
      isPublished: info.is_published,
      modifiedAt: instantOf(info.modified_at) ?? undefined,
      startDate: instantOf(info.start_date),
      endDate: instantOf(info.end_date),
    };
  }

  /**
   * Notes what a recorded row shows: its organization, partners, workflow, step, action or goal. A
   * row whose step is beyond {@link MAX_RECORDED_STEP} is not catalogued: false then.
   */
  noteRow(row: AdvancedRow): boolean {
    const workflowId = row[WORKFLOW_COLUMN];
    const index = stepIndexOf(row);
    if (!UUID.test(workflowId) || index === undefined) return true;
    if (!isRecordedStep(index)) return false;
    const organization = this.#organization(row.organization_id);
    if (organization.name === undefined && row.organization_name !== "")
      organization.name = row.organization_name;
    for (const partner of row.partner_organization_ids)
      if (UUID.test(partner)) organization.partners.add(partner);
    const workflow = this.#workflow(row.organization_id, workflowId);
    if (isGoalEvent(row)) {
      if (row.value > 0 && row.action !== "" && !workflow.goals.has(row.action))
        workflow.goals.set(row.action, { value: row.value });
      this.#step(workflow, index);
      return true;
    }
    workflow.type ??= typeOf(row);
    const step = this.#step(workflow, index);
    const name = row[STEP_NAME_COLUMN];
    if (step.name === undefined && name) step.name = name;
    const id = row[ACTION_ID_COLUMN] ?? row.action;
    if (id !== "" && row.action !== "" && !step.actions.has(id)) step.actions.set(id, row.action);
    return true;
  }

  /** The catalogue: every organization and workflow seen, steps 0 to the last one seen, checked against the contract. */
  catalog(): WorkflowCatalog {
    const organizations = [...this.#organizations].map(([id, seen]) => ({
      id,
      name: seen.name ?? `Organization ${id.slice(0, 8)}`,
      website: seen.website ?? "https://recorded.invalid/",
      partnerOrganizationIds: [...seen.partners].filter((partner) => partner !== id),
    }));
    const workflows = [...this.#workflows].map(([id, seen]) => ({
      id,
      organizationId: seen.organizationId,
      type: typeAgreeing(seen.type, seen.infoType),
      name: seen.name ?? `Workflow ${id.slice(0, 8)}`,
      ...seen.info,
      steps: Array.from({ length: seen.lastStep + 1 }, (_, index) => {
        const step = seen.steps.get(index);
        const name = step?.name ?? (index === 0 ? "Source" : `Step ${index}`);
        const actions = [...(step?.actions ?? [])].map(([actionId, title]) => ({
          id: actionId,
          title,
        }));
        return {
          index,
          name,
          actions: actions.length > 0 ? actions : [{ id: `step-${index}`, title: name }],
        };
      }),
      goals: [...seen.goals].map(([name, goal]) => ({
        id: goal.id ?? nameUuid(id, name),
        name,
        value: goal.value,
      })),
    }));
    return workflowCatalogSchema.parse({ organizations, workflows });
  }
}

/** The catalogue's type: the one seen in rows unless `info` (or `source_data`) named another. */
function typeAgreeing(seen: WorkflowType | undefined, info: InfoType | undefined): WorkflowType {
  if (info === undefined) return seen ?? "user-generated";
  if (seen !== undefined && infoTypeOf(seen) === info) return seen;
  return info === "giosg-default" ? "web-navigation" : info;
}
