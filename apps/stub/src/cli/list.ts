// `giosg-reporting-stub --list`: the organizations and workflows served, and the time their events cover, to find ids to query.
import type { EventSource } from "../data/event-source";
import { MemorySource } from "../data/memory/memory-source";

/** An instant as ISO 8601 UTC to the second. */
const instant = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
/** An instant's day, `YYYY-MM-DD` (UTC). */
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The time the source's events cover: the dataset's range, or the first and last event held. */
function coverage(source: EventSource): string {
  const { dataset } = source;
  if (dataset !== undefined)
    return `${instant(Date.parse(dataset.start))} to ${instant(Date.parse(dataset.end))} (excluded)`;
  const span = source instanceof MemorySource ? source.timeSpan() : undefined;
  return span === undefined
    ? "no events"
    : `first event ${instant(span.first)}, last ${instant(span.last)}`;
}

/**
 * What `--list` prints: `data` (the line the banner shows for the data served), the time covered, then
 * each organization and its workflows, one a line: id, type, the steps a query may name
 * (`step_index` 1 to the last), the days its events span (for recorded or other file data) and name.
 */
export function listing(source: EventSource, data: string): string {
  const { organizations, workflows } = source.catalog;
  const typeWidth = Math.max(4, ...workflows.map(({ type }) => type.length));
  const lines = [`data:    ${data}`, `covers:  ${coverage(source)}`, ""];
  const perWorkflow = source instanceof MemorySource && source.dataset === undefined;
  for (const organization of organizations) {
    lines.push(`organization ${organization.id}  ${organization.name}`);
    const own = workflows.filter(({ organizationId }) => organizationId === organization.id);
    if (own.length === 0) lines.push("  (no workflow)");
    for (const workflow of own) {
      const columns = [
        `  workflow ${workflow.id}`,
        workflow.type.padEnd(typeWidth),
        `steps 1-${workflow.steps.length - 1}`.padEnd(10),
      ];
      if (perWorkflow) {
        const span = source.timeSpan(workflow.id);
        const events = span === undefined ? "no events" : `${day(span.first)} .. ${day(span.last)}`;
        columns.push(events.padEnd(22));
      }
      lines.push([...columns, workflow.name].join("  "));
    }
    lines.push("");
  }
  lines.push(
    "Query a step: POST /api/reporting/workflow/v1/orgs/<organization>/workflows/<workflow>/step/<1..last>",
    "",
  );
  return lines.join("\n");
}
