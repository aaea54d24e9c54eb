// Says in each replayed answer how much of it the recording covers (X-Stub-Recording-Coverage), and warns once of each window it does not.
import { type WorkflowCatalog, workflowPathParamsSchema } from "@giosg-reporting/contract";
import type { MiddlewareHandler } from "hono";
import {
  COVERAGE_HEADER,
  type Coverage,
  type CoveredQuery,
  type RecordingCoverage,
} from "../record/coverage";

/** The routes whose answers a recording covers. */
export type CoveredRoute = "rows" | "info" | "source_data";

/** What the route's parsed request asks of the recording (the step endpoint's and download's body and params). */
interface ParsedRows {
  readonly params: { organization_id: string; workflow_id: string; step_index?: number };
  readonly body: { interval: { start: string; end: string }; target?: string };
}

function queryOf(route: CoveredRoute, parsed: ParsedRows): CoveredQuery {
  const { params, body } = parsed;
  const from = Date.parse(body.interval.start);
  const to = Date.parse(body.interval.end);
  if (route === "source_data") return { outerGoalsOf: params.organization_id, from, to };
  return {
    workflowId: params.workflow_id,
    step: params.step_index ?? 0,
    goals: body.target === "triggered_goal",
    from,
    to,
  };
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
 * `partial` or `none` of what the query asks lies in recording.json's windows; for `info`, whether the
 * workflow's info was recorded), and warns through `warn` once per window not covered. Without a
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
    let uncovered: string;
    if (route === "info") {
      const params = workflowPathParamsSchema.safeParse(c.req.param());
      const id = params.success ? params.data.workflow_id : "";
      const workflow = catalog.workflows.find((known) => known.id === id);
      covered = workflow?.modifiedAt === undefined ? "none" : "complete";
      uncovered = `workflow ${id}'s info was not recorded: its metadata are placeholders`;
    } else {
      const parsed = (c.var as { body?: ParsedRows }).body;
      if (!parsed) return next();
      const query = queryOf(route, parsed);
      covered = coverage.of(query);
      uncovered = `${describeQuery(query)} ${covered === "none" ? "are not" : "are only partly"} in the recording: answered as if the upstream had no data outside its windows (recording.json)`;
    }
    if (covered !== "complete" && coverage.firstTime(uncovered))
      warn(`replay: ${c.req.method} ${new URL(c.req.url).pathname}: ${uncovered}`);
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
