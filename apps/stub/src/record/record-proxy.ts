// The recorder's HTTP face: every route of the contract forwarded to one upstream, its answers audited, relayed and recorded.
import {
  AnswerAudit,
  type AuditedQuery,
  advancedRowSchema,
  compileCheck,
  contract,
  errorBody,
  pathParamsSchema,
  stepDownloadRequestSchema,
  workflowInfoSchema,
  workflowPathParamsSchema,
} from "@giosg-reporting/contract";
import type { HttpBindings } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorResponse, jsonResponse } from "../http/bodies/json-response";
import { downloadDeviations, schemaDeviations } from "./answer-deviations";
import { isRecordedStep, MAX_RECORDED_STEP } from "./recorded-catalog";
import type { Recording } from "./recording";
import { relayBytes } from "./relay-bytes";
import { relayRows } from "./relay-rows";
import { jsonOf, sourceDataQueryOf, stepQueryOf } from "./rows-query";
import { describeDeviation, forwarder, parsedBody, passedHeaders, readBounded } from "./upstream";

/** The path parameters the audit takes (a workflow route's have no step). */
type AuditedParams = AuditedQuery["params"];

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
  /**
   * The longest the upstream may be silent, in milliseconds (default 60,000; 0: no bound): before its
   * answer's headers (the caller then gets a 504 `upstream_timeout`) and between two chunks of its
   * body (the caller's answer is then cut, as when the upstream breaks off).
   */
  readonly upstreamTimeoutMs?: number;
}

/** The client's compiled check of an advanced row: the audit's zod parse runs only for rows it fails. */
const isAdvancedRow = compileCheck(advancedRowSchema);

/** Headers of the upstream's answer that the caller gets as they are. */
const PASSED_HEADERS = ["content-type", "retry-after", "allow"] as const;

/** Headers of a download's answer that the caller gets as they are: the file's type and name too. */
const DOWNLOAD_HEADERS = [...PASSED_HEADERS, "content-disposition"] as const;

/** The path with its trailing slash toggled: the spelling the API does not have. */
const otherSpelling = (path: string) => (path.endsWith("/") ? path.slice(0, -1) : `${path}/`);

/** Cuts the caller's connection (when served on a socket); whether there was one to cut. */
const breakOff = (c: Context) => () => {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  outgoing?.destroy();
  return outgoing !== undefined;
};

/**
 * The recorder: each request of a route of the contract goes to the upstream with the caller's own
 * `Authorization` (and nothing else of theirs), redirects refused; its answer is audited against its
 * route's schema (deviations logged) and relayed. The step endpoint's and `source_data`'s advanced
 * rows are recorded (a basic query is asked for advanced rows and answered with their basic
 * projection), `info/` into the workflows file; a download's bytes are relayed unread.
 */
export function recordingProxy(options: RecordingProxyOptions): Hono {
  const upstream = new URL(options.upstream);
  const log = options.log ?? (() => {});
  const { forward, failed } = forwarder({
    upstream,
    send: options.fetch ?? globalThis.fetch,
    log,
    ...(options.upstreamTimeoutMs === undefined ? {} : { timeoutMs: options.upstreamTimeoutMs }),
  });
  /** The answer's first bytes, read to audit them, or the recorder's own answer when they broke off. */
  const readAudited = async (c: Context, method: string, answer: Response) => {
    try {
      return await readBounded(answer);
    } catch (error) {
      return { failed: failed(c, method, error, answer.status) };
    }
  };
  const maxSize = options.maxBodyBytes ?? 1024 * 1024;
  const app = new Hono();

  app.get("/healthz", () => jsonResponse(200, { status: "ok" }));
  const limited = bodyLimit({
    maxSize,
    onError: () => errorResponse(413, errorBody("payload_too_large", maxSize)),
  });
  /** A route of rows (the step endpoint, `source_data`): forwarded, audited, relayed and recorded. */
  const rowsRoute = (queryOf: typeof stepQueryOf) => async (c: Context) => {
    const text = await c.req.text();
    const query = queryOf(c.req.param(), text);
    const sent = query?.basic ? JSON.stringify({ ...query.json, basic: false }) : text;
    const path = new URL(c.req.url).pathname;
    const forwarded = await forward(c, "POST", sent);
    if ("refused" in forwarded) return forwarded.refused;
    const { answer } = forwarded;
    // The upstream was asked for advanced rows: its answer is audited as such.
    const audit = new AnswerAudit(
      query?.audited ?? { params: { organization_id: "", workflow_id: "" }, body: {} },
      { fastCheck: (row) => isAdvancedRow(row) },
    );
    audit.head(answer.status, answer.headers.get("content-type"));
    const passed = passedHeaders(answer, PASSED_HEADERS);
    const report = (line: string) => {
      log(line);
      for (const deviation of audit.finish()) log(describeDeviation(deviation));
    };

    if (answer.status !== 200 || !answer.body || !query) {
      const read = await readAudited(c, "POST", answer);
      if ("failed" in read) return read.failed;
      if (!read.whole) {
        report(`POST ${path} ${answer.status} (not recorded, too large to audit)`);
        return new Response(read.body, { status: answer.status, headers: passed });
      }
      if (answer.status !== 200) audit.errorBody(answer.status, parsedBody(read.bytes));
      report(`POST ${path} ${answer.status} (not recorded)`);
      return new Response(read.bytes, { status: answer.status, headers: passed });
    }

    // A step beyond the bound is relayed, neither catalogued nor recorded (a replay could not serve it).
    const beyond = query.view.outerGoalsOf === undefined && !isRecordedStep(query.view.step);
    if (!beyond) query.note(options.recording.catalog);
    const recording = beyond ? undefined : options.recording.begin(query.view);
    if (query.basic) passed.set("content-type", "application/json");
    const body = relayRows({
      body: answer.body,
      basic: query.basic,
      audit,
      recording,
      breakOff: breakOff(c),
      onEnd: (complete, problem) => {
        const uncatalogued = recording?.uncatalogued ?? 0;
        const steps =
          uncatalogued > 0
            ? `; ${uncatalogued} of them name a step (dim5) beyond ${MAX_RECORDED_STEP}, the largest a recording catalogues: recorded, their step not catalogued`
            : "";
        const what = beyond
          ? `${audit.rows} rows, not recorded: step ${query.view.step} is beyond ${MAX_RECORDED_STEP}, the largest a recording catalogues`
          : recording
            ? `${audit.rows} rows${complete ? "" : ", cut short"}, ${recording.added} new to the recording${steps}${recording.stopped === undefined ? "" : `; ${recording.stopped}`}`
            : `${audit.rows} rows, not recorded: another request is recording the same rows`;
        report(`POST ${path} 200 (${what})${problem ? `: ${problem}` : ""}`);
      },
    });
    return new Response(body, { status: 200, headers: passed });
  };
  app.post(contract.getStepSourceData.path, limited, rowsRoute(stepQueryOf));
  app.post(contract.getSourceData.path, limited, rowsRoute(sourceDataQueryOf));
  app.post(contract.downloadStepSourceData.path, limited, async (c) => {
    const path = new URL(c.req.url).pathname;
    const text = await c.req.text();
    const forwarded = await forward(c, "POST", text);
    if ("refused" in forwarded) return forwarded.refused;
    const { answer } = forwarded;
    const params = pathParamsSchema.safeParse(c.req.param());
    const query = stepDownloadRequestSchema.safeParse(jsonOf(text));
    if (answer.status !== 200 || !answer.body) {
      const passed = passedHeaders(answer, PASSED_HEADERS);
      const audit = new AnswerAudit({ params: { ...c.req.param() } as AuditedParams, body: {} });
      audit.head(answer.status, answer.headers.get("content-type"));
      const read = await readAudited(c, "POST", answer);
      if ("failed" in read) return read.failed;
      if (read.whole && answer.status !== 200)
        audit.errorBody(answer.status, parsedBody(read.bytes));
      log(`POST ${path} ${answer.status} (not recorded)`);
      for (const deviation of audit.finish()) log(describeDeviation(deviation));
      return new Response(read.whole ? read.bytes : read.body, {
        status: answer.status,
        headers: passed,
      });
    }
    const deviations = downloadDeviations(answer, query.success ? query.data.format : undefined);
    if (params.success)
      options.recording.catalog.noteStep(
        params.data.organization_id,
        params.data.workflow_id,
        params.data.step_index,
      );
    const body = relayBytes({
      body: answer.body,
      breakOff: breakOff(c),
      onEnd: (bytes, complete, problem) => {
        const cut = complete ? "" : ", cut short";
        log(
          `POST ${path} 200 (${bytes} bytes relayed${cut}, not recorded: a replay writes the file from the step's recorded rows)${problem ? `: ${problem}` : ""}`,
        );
        for (const deviation of deviations) log(describeDeviation(deviation));
      },
    });
    return new Response(body, { status: 200, headers: passedHeaders(answer, DOWNLOAD_HEADERS) });
  });
  app.get(contract.getWorkflowInfo.path, async (c) => {
    const path = new URL(c.req.url).pathname;
    const forwarded = await forward(c, "GET");
    if ("refused" in forwarded) return forwarded.refused;
    const { answer } = forwarded;
    const params = workflowPathParamsSchema.safeParse(c.req.param());
    const audit = new AnswerAudit({
      params: { ...c.req.param() } as AuditedParams,
      body: {},
    });
    audit.head(answer.status, answer.headers.get("content-type"));
    const passed = passedHeaders(answer, PASSED_HEADERS);
    const read = await readAudited(c, "GET", answer);
    if ("failed" in read) return read.failed;
    if (!read.whole) {
      log(`GET ${path} ${answer.status} (not recorded, too large to audit)`);
      return new Response(read.body, { status: answer.status, headers: passed });
    }
    const body = parsedBody(read.bytes);
    if (answer.status !== 200) audit.errorBody(answer.status, body);
    const deviations = audit.finish();
    let what = "not recorded";
    if (answer.status === 200) {
      const info = workflowInfoSchema.safeParse(body);
      if (!info.success) deviations.push(...schemaDeviations("info.body", info.error.issues));
      else if (
        params.success &&
        (info.data.id !== params.data.workflow_id ||
          info.data.org_id !== params.data.organization_id)
      )
        deviations.push({
          check: "info.id",
          message: "info names another workflow or organization than the path",
          expected: [params.data.workflow_id, params.data.organization_id],
          actual: [info.data.id, info.data.org_id],
        });
      else {
        options.recording.catalog.noteInfo(info.data);
        options.recording.save();
        what = "info recorded";
      }
    }
    log(`GET ${path} ${answer.status} (${what})`);
    for (const deviation of deviations) log(describeDeviation(deviation));
    return new Response(read.bytes, { status: answer.status, headers: passed });
  });
  for (const { path, method } of [
    contract.getStepSourceData,
    contract.downloadStepSourceData,
    contract.getWorkflowInfo,
    contract.getSourceData,
  ]) {
    app.all(path, (c) =>
      errorResponse(405, errorBody("method_not_allowed", c.req.method, method), {
        allow: method,
      }),
    );
    // The spelling the API does not have, named as the stub names it, and sent nowhere.
    app.all(otherSpelling(path), (c) => {
      const requested = new URL(c.req.url).pathname;
      return errorResponse(
        404,
        errorBody("wrong_trailing_slash", c.req.method, requested, otherSpelling(requested)),
      );
    });
  }
  app.notFound((c) =>
    errorResponse(404, errorBody("not_found", c.req.method, new URL(c.req.url).pathname)),
  );
  return app;
}
