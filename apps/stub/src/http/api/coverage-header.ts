// Says in each replayed answer how much of it the recording covers (X-Stub-Recording-Coverage), and warns once of each window it does not.
import {
  usesStepData,
  type WorkflowCatalog,
  workflowPathParamsSchema,
} from "@giosg-reporting/contract";
import type { MiddlewareHandler } from "hono";
import {
  COVERAGE_HEADER,
  type Coverage,
  type CoveredQuery,
  type RecordingCoverage,
} from "../../record/coverage";

/** The routes whose answers a recording covers. */
export type CoveredRoute = "rows" | "info" | "source_data";

/** What the route's parsed request asks of the recording (the step endpoint's and download's body and params). */
interface ParsedRows {
  readonly params: { organization_id: string; workflow_id: string; step_index?: number };
  readonly body: {
    interval: { start: string; end: string };
    target?: string;
    step_data?: readonly unknown[] | undefined;
  };
}

/**
 * What the query reads of the recording: its step's events (or goals), and with `step_data` (where
 * the workflow's type uses it) the events of each earlier step from 1, which its funnel reads too.
 */
function queriesOf(
  route: CoveredRoute,
  parsed: ParsedRows,
  catalog: WorkflowCatalog,
): CoveredQuery[] {
  const { params, body } = parsed;
  const from = Date.parse(body.interval.start);
  const to = Date.parse(body.interval.end);
  if (route === "source_data") return [{ outerGoalsOf: params.organization_id, from, to }];
  const workflowId = params.workflow_id;
  const step = params.step_index ?? 0;
  const queries: CoveredQuery[] = [
    { workflowId, step, goals: body.target === "triggered_goal", from, to },
  ];
  const workflow = catalog.workflows.find(({ id }) => id === workflowId);
  if (body.step_data !== undefined && workflow !== undefined && usesStepData(workflow.type))
    for (let earlier = 1; earlier < step; earlier += 1)
      queries.push({ workflowId, step: earlier, goals: false, from, to });
  return queries;
}

/** The coverage of several parts of one answer: complete or none when all are, else partial. */
function combined(parts: readonly Coverage[]): Coverage {
  if (parts.every((part) => part === "complete")) return "complete";
  return parts.every((part) => part === "none") ? "none" : "partial";
}

function describeQuery(query: CoveredQuery): string {
  const when = `${new Date(query.from).toISOString()} to ${new Date(query.to).toISOString()}`;
  if ("outerGoalsOf" in query)
    return `organization ${query.outerGoalsOf}'s outer goal events from ${when}`;
  const what = query.goals ? "goal events" : "events";
  return `workflow ${query.workflowId} step ${query.step}'s ${what} from ${when}`;
}

/**
 * For a replay of a recording: sets {@link COVERAGE_HEADER} on the route's answers (`complete`,
 * `partial` or `none` of what the query reads lies in recording.json's windows, earlier steps of a
 * `step_data` funnel included; for `info`, whether the workflow's info was recorded), and warns
 * through `warn` once per window not covered. Without a
 * recording it does nothing. Runs after the request is parsed (`c.var.body`), so reads nothing itself.
 */
export function coverageHeader(
  coverage: RecordingCoverage | undefined,
  route: CoveredRoute,
  catalog: WorkflowCatalog,
  warn: (line: string) => void,
): MiddlewareHandler {
  if (!coverage) return (_, next) => next();
  return async (c, next) => {
    let covered: Coverage;
    const uncovered: string[] = [];
    if (route === "info") {
      const params = workflowPathParamsSchema.safeParse(c.req.param());
      const id = params.success ? params.data.workflow_id : "";
      const workflow = catalog.workflows.find((known) => known.id === id);
      covered = workflow?.modifiedAt === undefined ? "none" : "complete";
      if (covered === "none")
        uncovered.push(`workflow ${id}'s info was not recorded: its metadata are placeholders`);
    } else {
      const parsed = (c.var as { body?: ParsedRows }).body;
      if (!parsed) return next();
      const parts = queriesOf(route, parsed, catalog).map((query) => {
        const part = coverage.of(query);
        if (part !== "complete")
          uncovered.push(
            `${describeQuery(query)} ${part === "none" ? "are not" : "are only partly"} in the recording: answered as if the upstream had no data outside its windows (recording.json)`,
          );
        return part;
      });
      covered = combined(parts);
    }
    for (const line of uncovered)
      if (coverage.firstTime(line))
        warn(`replay: ${c.req.method} ${new URL(c.req.url).pathname}: ${line}`);
    await next();
    try {
      c.res.headers.set(COVERAGE_HEADER, covered);
    } catch {
      // An answer whose headers cannot change (a fetch's): copied with the header.
      const headers = new Headers(c.res.headers);
      headers.set(COVERAGE_HEADER, covered);
      c.res = new Response(c.res.body, { status: c.res.status, headers });
    }
  };
}
