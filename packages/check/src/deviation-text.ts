// A deviation written out as indented lines of evidence, for the terminal and for JUnit alike.
import type { CheckDeviation } from "./report";

function json(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 400 ? `${text.slice(0, 397)}…` : text;
}

/** The lines of one deviation: what differs, what it contradicts, the request, and the evidence. */
export function deviationLines(deviation: CheckDeviation): string[] {
  const lines = [
    `${deviation.check}: ${deviation.message}${deviation.count && deviation.count > 1 ? ` (${deviation.count} times)` : ""}`,
    `  contradicts: ${deviation.contradicts}`,
  ];
  const { request } = deviation;
  if (request)
    lines.push(
      `  request: ${request.method} ${request.path} ${json(request.payload)}${request.status === undefined ? "" : ` → ${request.status}`}${request.rows === undefined ? "" : `, ${request.rows} rows`}${request.attempts > 1 ? ` (${request.attempts} attempts)` : ""}`,
    );
  if (deviation.at !== undefined) lines.push(`  at: ${deviation.at}`);
  if (deviation.expected !== undefined) lines.push(`  expected: ${json(deviation.expected)}`);
  if (deviation.actual !== undefined) lines.push(`  actual: ${json(deviation.actual)}`);
  return lines;
}
