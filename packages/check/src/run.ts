// One conformance run: discovery, then every check, each answer audited; the report comes back redacted.
import { name, version } from "../package.json";
import { CHECKS } from "./checks";
import type { CheckContext, CheckDefinition } from "./checks/context";
import { DISCOVERY, discover } from "./checks/discovery";
import { CheckRecorder } from "./checks/recorder";
import { type CheckOptions, intervalOfInfo, resolveCheckOptions } from "./options";
import { Prober } from "./prober";
import { redactDeep, redactor } from "./redact";
import type { CheckResult, ConformanceReport } from "./report";
import { CheckRunError } from "./run-error";

/** The tool's name and version, as reports give them. */
export const TOOL = { name, version } as const;

function resultOf(
  check: Pick<CheckDefinition, "id" | "title" | "reading">,
  recorder: CheckRecorder,
  skip: string | undefined,
): CheckResult {
  const status =
    recorder.deviations.length > 0 ? "deviation" : skip !== undefined ? "skipped" : "pass";
  return {
    id: check.id,
    title: check.title,
    ...(check.reading ? { reading: check.reading } : {}),
    status,
    ...(skip !== undefined && status === "skipped" ? { reason: skip } : {}),
    requests: recorder.requests,
    deviations: recorder.deviations,
  };
}

/**
 * The CLI's exit code for a report: 1 when any check deviates; 3 when none does but some were skipped
 * (no verdict on those), unless `allowSkips`; else 0.
 */
export function exitCodeOf(report: ConformanceReport, { allowSkips = false } = {}): 0 | 1 | 3 {
  if (report.summary.deviation > 0) return 1;
  if (!report.summary.complete && !allowSkips) return 3;
  return 0;
}

/**
 * Runs the conformance check of a server against the contract and resolves its report (the token
 * redacted from every string). Rejects with a {@link CheckRunError} when the run cannot be made: an
 * option at fault, no answer from the server, the token refused, or no such step.
 */
export async function runConformanceCheck(options: CheckOptions): Promise<ConformanceReport> {
  const redact = redactor([options.token]);
  try {
    return redactDeep(await run(options), redact);
  } catch (error) {
    if (error instanceof CheckRunError)
      throw new CheckRunError(error.kind, redact(error.message), error.option);
    throw new Error(redact(error instanceof Error ? error.message : String(error)));
  }
}

async function run(options: CheckOptions): Promise<ConformanceReport> {
  const resolved = resolveCheckOptions(options);
  const startedAt = new Date().toISOString();
  const prober = new Prober(resolved);
  const target = {
    organization: resolved.organization,
    workflow: resolved.workflow,
    step: resolved.step,
  };
  const probe: CheckContext["probe"] = (body, params = {}, token) => ({
    params: {
      organization_id: target.organization,
      workflow_id: target.workflow,
      step_index: target.step,
      ...params,
    },
    body,
    ...(token === undefined ? {} : { token }),
  });
  // Without --interval, the workflow's own dates: a run that forgot it still finds events.
  const fromInfo = resolved.intervalGiven
    ? undefined
    : intervalOfInfo(await prober.workflowInfo(target.organization, target.workflow), resolved.now);
  const interval = fromInfo ?? resolved.interval;
  const intervalFrom = resolved.intervalGiven ? "option" : fromInfo ? "workflow-info" : "default";
  const discovery = new CheckRecorder(prober);
  const window = await discover({ interval, probe, target }, discovery, resolved.sample);
  const checks: CheckResult[] = [resultOf(DISCOVERY, discovery, discovery.skip)];
  const context: CheckContext = { target, interval, window, probe };
  for (const check of CHECKS) {
    const recorder = new CheckRecorder(prober);
    const outcome = await check.run(context, recorder);
    checks.push(resultOf(check, recorder, outcome?.skip ?? recorder.skip));
  }
  const count = (status: CheckResult["status"]) =>
    checks.filter((check) => check.status === status).length;
  return {
    tool: TOOL.name,
    version: TOOL.version,
    baseUrl: resolved.baseUrl,
    organization: resolved.organization,
    workflow: resolved.workflow,
    step: resolved.step,
    interval,
    intervalFrom,
    startedAt,
    checks,
    summary: {
      checks: checks.length,
      pass: count("pass"),
      deviation: count("deviation"),
      skipped: count("skipped"),
      requests: prober.attempts,
      conforms: count("deviation") === 0 && count("skipped") === 0,
      complete: count("skipped") === 0,
    },
  };
}
