// Error answers a read-only token can provoke: 401, 400 naming step_index, 404, 406; each body audited too.
import type { ReadingId } from "@giosg-reporting/contract";
import type { Probe } from "../prober";
import type { CheckContext, CheckDefinition } from "./context";
import type { CheckRecorder } from "./recorder";

/** A token no server accepts. */
export const WRONG_TOKEN = "giosg-reporting-check-not-a-token";
/** A workflow id no organization has. */
export const UNKNOWN_WORKFLOW = "00000000-0000-4000-8000-000000000000";
/** An advanced column that `filters` does not support (not in the contract's FILTER_PROPERTIES). */
export const UNSUPPORTED_PROPERTY = "browser_version";

async function expectStatus(
  recorder: CheckRecorder,
  probe: Probe,
  status: number,
  reading: ReadingId | undefined,
  why: string,
) {
  const exchange = await recorder.send(probe);
  const answered = exchange.answer?.status;
  if (answered !== undefined && answered !== status)
    recorder.deviate(
      {
        check: "error.status",
        ...(reading ? { reading } : {}),
        message: `answered ${answered}, not ${status}, ${why}`,
        expected: status,
        actual: answered,
      },
      exchange,
    );
  return exchange;
}

const validBody = (context: CheckContext) => ({
  filters: [],
  interval: context.interval,
  limit: 1,
});

/** A wrong token is a 401. */
export const errorUnauthorized: CheckDefinition = {
  id: "error-401",
  title: "A wrong token is answered 401",
  async run(context, recorder) {
    await expectStatus(
      recorder,
      context.probe(validBody(context), {}, WRONG_TOKEN),
      401,
      undefined,
      'to a token the server cannot know ("401 if you are not authenticated")',
    );
    return undefined;
  },
};

/** `step_index` 0 is a 400 whose `errors` names `step_index`. */
export const errorStepIndex: CheckDefinition = {
  id: "error-400-step-index",
  title: "step_index 0 is answered 400, its errors naming step_index",
  reading: "url-attributes",
  async run(context, recorder) {
    const exchange = await expectStatus(
      recorder,
      context.probe(validBody(context), { step_index: 0 }),
      400,
      "url-attributes",
      "to step_index 0 (a positive integer is required)",
    );
    const body = exchange.answer?.body as { errors?: unknown } | undefined;
    if (exchange.answer?.status !== 400) return undefined;
    const paths = Array.isArray(body?.errors)
      ? body.errors.map((error) => (error as { path?: unknown } | null)?.path)
      : [];
    if (!paths.includes("step_index"))
      recorder.deviate(
        {
          check: "error.fields",
          reading: "url-attributes",
          message: "the 400's errors do not name step_index",
          at: "errors[].path",
          expected: "step_index",
          actual: paths,
        },
        exchange,
      );
    return undefined;
  },
};

/** An unknown workflow is a 404. */
export const errorUnknownWorkflow: CheckDefinition = {
  id: "error-404-workflow",
  title: "An unknown workflow is answered 404",
  reading: "errors",
  async run(context, recorder) {
    await expectStatus(
      recorder,
      context.probe(validBody(context), { workflow_id: UNKNOWN_WORKFLOW }),
      404,
      "errors",
      `to workflow ${UNKNOWN_WORKFLOW}, which no organization has`,
    );
    return undefined;
  },
};

/** A filter on an unsupported property is a 406. */
export const errorUnsupportedFilter: CheckDefinition = {
  id: "error-406-filter",
  title: `A filter on an unsupported property (${UNSUPPORTED_PROPERTY}) is answered 406`,
  reading: "filters",
  async run(context, recorder) {
    await expectStatus(
      recorder,
      context.probe({
        ...validBody(context),
        filters: [{ property: UNSUPPORTED_PROPERTY, values: ["0"] }],
      }),
      406,
      "filters",
      `to a filter on ${UNSUPPORTED_PROPERTY} ("406 if filtering with something that is not yet implemented")`,
    );
    return undefined;
  },
};
