// The client-browser page over HTTP: the client with its defaults but the base URL, calling a stub in Node through CORS; and plain fetch reading the headers CORS exposes.
import { createClient } from "@giosg-reporting/client";
import { downloadRequestExample } from "@giosg-reporting/contract";
import { basicQuery, calls, examplePath, outcome } from "./shared.js";

let base;
let client;

/** A POST of `body` to `path` over plain fetch: its status, and the headers this page may read. */
async function plainFetch(path, body) {
  const answer = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: "Token demo", "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  await answer.arrayBuffer();
  return {
    status: answer.status,
    contentDisposition: answer.headers.get("content-disposition"),
    retryAfter: answer.headers.get("retry-after"),
  };
}

window.giosg = {
  use(baseUrl) {
    base = baseUrl;
    client = createClient({ token: "demo", baseUrl });
  },
  rows: () => outcome(calls(client).rows),
  stream: () => outcome(calls(client).stream),
  batches: () => outcome(calls(client).batches),
  csv: () => outcome(calls(client).csv),
  throttled: () => outcome(() => client.getStepSourceData(basicQuery)),
  downloadHeaders: () =>
    outcome(() => plainFetch(`${examplePath}/download/`, downloadRequestExample.body)),
  /** The documented example over plain fetch: the headers this page may read. */
  examplePlain: () =>
    outcome(() =>
      plainFetch(examplePath, {
        filters: basicQuery.filters,
        interval: basicQuery.interval,
        limit: basicQuery.limit,
        basic: true,
      }),
    ),
};
