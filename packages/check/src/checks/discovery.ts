// Discovery: one advanced query of the step over the interval, from which the window W of the other checks is chosen.
import { CheckRunError } from "../run-error";
import type { CheckContext, Window } from "./context";
import { isoOf, timeOf } from "./context";
import { type CheckRecorder, cutReason, type Row } from "./recorder";

/** The discovery check's id and title. */
export const DISCOVERY = {
  id: "discovery",
  title: "Discovery: an advanced query of the step over the interval, limit --sample",
} as const;

function errorText(body: unknown): string {
  if (typeof body === "object" && body !== null) {
    const { code, detail } = body as { code?: unknown; detail?: unknown };
    return [code, detail].filter((part) => typeof part === "string").join(": ");
  }
  return typeof body === "string" ? body.slice(0, 200) : "";
}

/**
 * Queries the step over the interval with `limit: sample` and picks W: the whole interval when fewer
 * rows came than the sample, else `[start, time of the latest sample row)`, so that every row of W is
 * known. Throws a {@link CheckRunError} when the run cannot be made (no answer, token refused, no such step).
 */
export async function discover(
  context: Pick<CheckContext, "interval" | "probe" | "target">,
  recorder: CheckRecorder,
  sample: number,
): Promise<Window | { missing: string }> {
  const { interval } = context;
  const exchange = await recorder.send(context.probe({ filters: [], interval, limit: sample }));
  const { answer } = exchange;
  if (!answer)
    throw new CheckRunError("unreachable", `no answer from the server: ${exchange.failure}`);
  const said = errorText(answer.body);
  if (answer.status === 401 || answer.status === 403)
    throw new CheckRunError(
      "refused",
      `the server refused the token (${answer.status}${said ? ` ${said}` : ""}): check --token, --token-type and that it may read organization ${context.target.organization}`,
    );
  if (answer.status === 404)
    throw new CheckRunError(
      "not-found",
      `the server answered 404${said ? ` (${said})` : ""} for the step: check --organization, --workflow and --step (a server that answers 404 for an interval without events contradicts the reading "empty-answers": try a wider --interval)`,
    );
  const rows = recorder.rowsOf(exchange);
  if (answer.cut !== undefined) return { missing: cutReason(exchange, "discovery's answer") };
  if (!rows) return { missing: `discovery got no rows (status ${answer.status})` };
  if (rows.length === 0)
    return {
      missing: `no rows of step ${context.target.step} in ${interval.start}/${interval.end}: pick an --interval with events`,
    };
  if (rows.length < sample) return { ...interval, rows, sampleRows: rows, fromSample: true };
  // The sample may have stopped amid the latest time: W ends there, so every row before it is known.
  const times = rows.map(timeOf).filter((time) => !Number.isNaN(time));
  if (times.length === 0) return { missing: "discovery's rows carry no readable timestamp" };
  const end = times.reduce((latest, time) => Math.max(latest, time));
  const sampleRows = rows.filter((row) => timeOf(row) < end);
  if (sampleRows.length === 0)
    return { missing: `every sample row has the same time ${isoOf(end)}: raise --sample` };
  const window = { start: interval.start, end: isoOf(end) };
  const whole = await recorder.send(context.probe({ filters: [], interval: window }));
  const windowRows: Row[] | undefined = recorder.rowsOf(whole);
  if (whole.answer?.cut !== undefined)
    return { missing: cutReason(whole, "the window's own answer") };
  if (!windowRows)
    return { missing: `the window's own query got no rows (status ${whole.request.status})` };
  return { ...window, rows: windowRows, sampleRows, fromSample: false };
}
