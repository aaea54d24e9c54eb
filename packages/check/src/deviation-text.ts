// A deviation written out as indented lines of evidence, for the terminal and for JUnit alike (a server's words escaped: one line each).
import { printable } from "@giosg-reporting/client";
import type { CheckDeviation } from "./report";

function json(value: unknown, max: number): string {
  const text = JSON.stringify(value);
  return text === undefined
    ? String(value)
    : text.length > max
      ? `${text.slice(0, max - 1)}…`
      : text;
}

/** The lines of one deviation: what differs, what it contradicts, the request, and the evidence (JSON cut at `maxJson`). */
export function deviationLines(deviation: CheckDeviation, { maxJson = 2000 } = {}): string[] {
  const lines = [
    `${deviation.check}: ${printable(deviation.message)}${deviation.count && deviation.count > 1 ? ` (${deviation.count} rows)` : ""}`,
    `  contradicts: ${deviation.contradicts}`,
  ];
  const { request } = deviation;
  if (request)
    lines.push(
      `  request: ${request.method} ${request.path} ${json(request.payload, maxJson)}${request.status === undefined ? "" : ` → ${request.status}`}${request.rows === undefined ? "" : `, ${request.rows} rows`}${request.cut === undefined ? "" : `, cut: ${request.cut}`}${request.attempts > 1 ? ` (${request.attempts} attempts)` : ""}`,
    );
  if (deviation.at !== undefined) lines.push(`  at: ${deviation.at}`);
  if (deviation.expected !== undefined)
    lines.push(`  expected: ${json(deviation.expected, maxJson)}`);
  if (deviation.actual !== undefined) lines.push(`  actual: ${json(deviation.actual, maxJson)}`);
  return lines;
}
