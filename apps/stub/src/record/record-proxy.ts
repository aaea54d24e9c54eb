// The recorder's HTTP face: the endpoint forwarded to one upstream, its answers audited, relayed and recorded.
import {
  AnswerAudit,
  advancedRowSchema,
  compileCheck,
  contract,
  type Deviation,
  errorBody,
  pathParamsSchema,
  READINGS,
  stepSourceDataRequestSchema,
} from "@giosg-reporting/contract";
import type { HttpBindings } from "@hono/node-server";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorResponse, jsonResponse } from "../http/json-response";
import type { RecordedView, Recording } from "./recording";
import { relayRows } from "./relay-rows";

/** Options of {@link recordingProxy}. */
export interface RecordingProxyOptions {
  /** The API the requests go to, such as `https://api.giosg.com`: this origin only, never another. */
  readonly upstream: string;
  /** Where the rows seen are recorded. */
  readonly recording: Recording;
  /** Called with one line per request and per deviation found; the token is never in them. */
  readonly log?: (line: string) => void;
  /** The `fetch` that reaches the upstream (default the global one). */
  readonly fetch?: typeof globalThis.fetch;
  /** The largest request body accepted, in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
}

/** The client's compiled check of an advanced row: the audit's zod parse runs only for rows it fails. */
const isAdvancedRow = compileCheck(advancedRowSchema);

/** Headers of the upstream's answer that the caller gets as they are. */
const PASSED_HEADERS = ["content-type", "retry-after", "allow"] as const;
/** The most bytes of an error answer read to audit it; a larger one is relayed unread. */
const MAX_ERROR_BYTES = 1024 * 1024;

function describe(deviation: Deviation): string {
  const reading = deviation.reading ? ` (contradicts “${READINGS[deviation.reading].title}”)` : "";
  const count = deviation.count ? ` ×${deviation.count}` : "";
  return `  deviation ${deviation.check}${count}: ${deviation.message}${reading}`;
}

/** The query's view of its step, when the request is one the contract accepts. */
function viewOf(params: Record<string, string>, text: string) {
  const path = pathParamsSchema.safeParse(params);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const body = stepSourceDataRequestSchema.safeParse(json);
  if (!path.success || !body.success) return undefined;
  const { filters, step_data, interval, limit, target, basic } = body.data;
  const view: RecordedView = {
    workflowId: path.data.workflow_id,
    step: path.data.step_index,
    goals: target === "triggered_goal",
    from: Date.parse(interval.start),
    to: Date.parse(interval.end),
    whole: filters.length === 0 && step_data === undefined,
    limit: limit ?? Number.POSITIVE_INFINITY,
  };
  return { view, json: json as Record<string, unknown>, basic, path: path.data, body: body.data };
}

/**
 * The recorder: each request of the endpoint goes to the upstream with the caller's own
 * `Authorization` (and nothing else of theirs), redirects refused; its answer is audited against the
 * contract (deviations logged), relayed unchanged, and its advanced rows recorded. A basic query is
 * asked for advanced rows and answered with their basic projection.
 */
export function recordingProxy(options: RecordingProxyOptions): Hono {
  const upstream = new URL(options.upstream);
  const base = `${upstream.origin}${upstream.pathname.replace(/\/+$/, "")}`;
  const send = options.fetch ?? globalThis.fetch;
  const log = options.log ?? (() => {});
  const maxSize = options.maxBodyBytes ?? 1024 * 1024;
  const app = new Hono();

  app.get("/healthz", () => jsonResponse(200, { status: "ok" }));
  app.post(
    contract.getStepSourceData.path,
    bodyLimit({
      maxSize,
      onError: () => errorResponse(413, errorBody("payload_too_large", maxSize)),
    }),
    async (c) => {
      const text = await c.req.text();
      const query = viewOf(c.req.param(), text);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        accept: "application/json",
      };
      const authorization = c.req.header("authorization");
      if (authorization !== undefined) headers.authorization = authorization;
      const sent = query?.basic ? JSON.stringify({ ...query.json, basic: false }) : text;
      const path = new URL(c.req.url).pathname;
      let answer: Response;
      try {
        answer = await send(`${base}${path}`, {
          method: "POST",
          headers,
          body: sent,
          redirect: "manual",
          signal: c.req.raw.signal,
        });
      } catch (error) {
        const reason =
          (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        log(`POST ${path} 502: the upstream gave no answer (${reason})`);
        return errorResponse(502, errorBody("upstream_unreachable", upstream.origin, reason));
      }
      if (answer.status >= 300 && answer.status < 400) {
        await answer.body?.cancel();
        const location = answer.headers.get("location") ?? "(no location)";
        log(`POST ${path} 502: the upstream answered ${answer.status} (a redirect, not followed)`);
        return errorResponse(502, errorBody("upstream_redirect", answer.status, location));
      }
      // The upstream was asked for advanced rows: its answer is audited as such.
      const audit = new AnswerAudit(
        query
          ? { params: query.path, body: { ...query.body, basic: false } }
          : { params: { organization_id: "", workflow_id: "", step_index: 0 }, body: {} },
        { fastCheck: (row) => isAdvancedRow(row) },
      );
      audit.head(answer.status, answer.headers.get("content-type"));
      const passed = new Headers();
      for (const name of PASSED_HEADERS) {
        const value = answer.headers.get(name);
        if (value !== null) passed.set(name, value);
      }
      const report = (line: string) => {
        log(line);
        for (const deviation of audit.finish()) log(describe(deviation));
      };

      if (answer.status !== 200 || !answer.body || !query) {
        const bytes = new Uint8Array(await answer.arrayBuffer());
        if (answer.status !== 200 && bytes.length <= MAX_ERROR_BYTES) {
          const body = new TextDecoder().decode(bytes);
          let parsed: unknown = body;
          try {
            parsed = JSON.parse(body);
          } catch {}
          audit.errorBody(answer.status, parsed);
        }
        report(`POST ${path} ${answer.status} (not recorded)`);
        return new Response(bytes, { status: answer.status, headers: passed });
      }

      options.recording.catalog.noteStep(
        query.path.organization_id,
        query.view.workflowId,
        query.view.step,
      );
      const recording = options.recording.begin(query.view);
      if (query.basic) passed.set("content-type", "application/json");
      const body = relayRows({
        body: answer.body,
        basic: query.basic,
        audit,
        recording,
        breakOff: () => {
          const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
          outgoing?.destroy();
          return outgoing !== undefined;
        },
        onEnd: (complete, problem) => {
          const what = recording
            ? `${audit.rows} rows${complete ? "" : ", cut short"}, ${recording.added} new to the recording`
            : `${audit.rows} rows, not recorded: another request is recording the same step`;
          report(`POST ${path} 200 (${what})${problem ? `: ${problem}` : ""}`);
        },
      });
      return new Response(body, { status: 200, headers: passed });
    },
  );
  app.all(contract.getStepSourceData.path, (c) =>
    errorResponse(405, errorBody("method_not_allowed", c.req.method), { allow: "POST" }),
  );
  app.notFound((c) =>
    errorResponse(404, errorBody("not_found", c.req.method, new URL(c.req.url).pathname)),
  );
  return app;
}
