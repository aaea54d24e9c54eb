// The step the tests check: the documentation's example workflow in the stub's dataset, over a month with goals.

/** The documentation's example organization. */
export const ORGANIZATION = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";
/** The documentation's example workflow (step 1: "User dialed" calls, and goal events). */
export const WORKFLOW = "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9";
/** A month of the stub's dataset: more rows than the default sample of 200, goal events among them. */
export const INTERVAL = "2022-11-01T00:00:00Z/2022-12-01T00:00:00Z";

/** The library options of a run against `baseUrl` with the stub's `demo` token, unpaced. */
export const runOptions = (baseUrl: string, token = "demo") => ({
  baseUrl,
  token,
  organization: ORGANIZATION,
  workflow: WORKFLOW,
  interval: INTERVAL,
  paceMs: 0,
});
