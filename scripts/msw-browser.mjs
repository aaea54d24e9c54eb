#!/usr/bin/env node
// Runs the stub's MSW handlers in headless Chromium (Debian's, driven by playwright-core): a page served
// on 127.0.0.1 registers msw's service worker with `createStubHandlers()` from
// `@giosg-reporting/stub/msw` (its browser build), calls the documented example URL with plain
// `fetch`, and must get the two basic rows, a 401 for a wrong token and a 406 for an unsupported
// filter, and a streamed answer of every advanced row as the stub in Node sends it, answered by the worker. Prints the browser entry's size. Run after a build:
// `pnpm test:browser [--chromium <path>]`.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { createStub } from "@giosg-reporting/stub";
import { checklist, chromiumPath, launchChromium } from "./chromium.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stubDir = join(root, "apps", "stub");
const fromStub = createRequire(join(stubDir, "package.json"));
// The documented ids and request, from the contract the stub depends on.
const {
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
  advancedRequestExample,
  basicRequestExample,
  basicResponseExample,
} = fromStub("@giosg-reporting/contract");
// esbuild as tsup (a development dependency of every package) brings it: nothing more to install.
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsup"))("esbuild");
const { values } = parseArgs({ options: { chromium: { type: "string" } } });
const executablePath = chromiumPath("msw-browser", values.chromium);

const { check, done } = checklist("msw-browser");

/** A browser bundle of `contents` (resolved as from apps/stub, with the `browser` condition). */
async function bundle(contents, options = {}) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: stubDir, loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    logLevel: "silent",
    ...options,
  });
  return result.outputFiles[0].contents;
}

// What a partner's bundler makes of the browser entry (msw itself aside): its size, minified and gzipped.
const entry = await bundle('export * from "@giosg-reporting/stub/msw";', {
  minify: true,
  external: ["msw"],
});
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
console.log(
  `@giosg-reporting/stub/msw for browsers, with its dependencies but msw: ${kB(entry.length)} minified, ${kB(gzipSync(entry).length)} gzipped`,
);

const page = await bundle(`
  import { setupWorker } from "msw/browser";
  import { createStubHandlers } from "@giosg-reporting/stub/msw";
  const { handlers } = createStubHandlers();
  await setupWorker(...handlers).start({ quiet: true, onUnhandledRequest: "bypass" });
  window.stubReady = true;
`);
const files = {
  "/": [
    "text/html",
    '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
  ],
  "/page.js": ["text/javascript", page],
  // msw's worker, served from the page's origin as a service worker must be.
  "/mockServiceWorker.js": [
    "text/javascript",
    readFileSync(
      join(dirname(fromStub.resolve("msw/package.json")), "lib", "mockServiceWorker.js"),
    ),
  ],
};
const server = createServer((request, response) => {
  const file = files[new URL(request.url, "http://127.0.0.1").pathname];
  if (file === undefined) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-type": file[0], "cache-control": "no-store" }).end(file[1]);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchChromium(executablePath);
try {
  const tab = await browser.newPage();
  const problems = [];
  tab.on("pageerror", (error) => problems.push(error.message));
  const answeredBy = new Map();
  tab.on("response", (response) =>
    answeredBy.set(response.request(), response.fromServiceWorker()),
  );
  await tab.goto(origin);
  await tab.waitForFunction(() => window.stubReady === true, undefined, { timeout: 60_000 });

  const url = `https://api.giosg.com/api/reporting/workflow/v1/orgs/${EXAMPLE_ORGANIZATION_ID}/workflows/${EXAMPLE_WORKFLOW_ID}/step/1`;
  /** `fetch` in the page: the example URL with `body` and `token`. */
  const post = (token, body) =>
    tab.evaluate(
      async ([url, token, body]) => {
        const answer = await fetch(url, {
          method: "POST",
          headers: { authorization: `Token ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        return { status: answer.status, body: await answer.json() };
      },
      [url, token, body],
    );

  console.log(`MSW handlers in Chromium, page at ${origin}:`);
  const basic = await post("demo", basicRequestExample.body);
  check("the documented example answers 200", basic.status === 200, `got ${basic.status}`);
  check(
    "with the basic fields and the two documented rows",
    JSON.stringify(basic.body.fields) === JSON.stringify(basicResponseExample.fields) &&
      basic.body.data?.length === basicResponseExample.data.length,
    JSON.stringify(basic.body).slice(0, 300),
  );
  const unauthorized = await post("wrong", basicRequestExample.body);
  check(
    "a wrong token answers 401 authentication_failed",
    unauthorized.status === 401 && unauthorized.body.code === "authentication_failed",
    JSON.stringify(unauthorized),
  );
  const unsupported = await post("demo", {
    ...basicRequestExample.body,
    filters: [{ property: "colour", values: ["red"] }],
  });
  check(
    "an unsupported filter property answers 406",
    unsupported.status === 406,
    JSON.stringify(unsupported),
  );
  // A streamed answer (every advanced row of the step): the same rows as the stub's server sends.
  const everyRow = {
    ...advancedRequestExample.body,
    filters: [],
    interval: { start: "2022-11-01T00:00:00Z", end: "2023-05-01T00:00:00Z" },
    limit: undefined,
  };
  const streamed = await post("demo", everyRow);
  const inNode = await createStub()
    .fetch(url, {
      method: "POST",
      headers: { authorization: "Token demo", "content-type": "application/json" },
      body: JSON.stringify(everyRow),
    })
    .then((answer) => answer.json());
  check(
    `every advanced row streams as from the stub in Node (${inNode.data.length} rows)`,
    streamed.status === 200 && JSON.stringify(streamed.body) === JSON.stringify(inNode),
    `got ${streamed.status}, ${streamed.body.data?.length} rows`,
  );
  const apiAnswers = [...answeredBy].filter(([request]) => request.url().startsWith(url));
  check(
    `every API answer came from the service worker (${apiAnswers.length} answers)`,
    apiAnswers.length === 4 && apiAnswers.every(([, fromWorker]) => fromWorker),
    JSON.stringify(apiAnswers.map(([, fromWorker]) => fromWorker)),
  );
  check("no page error", problems.length === 0, problems.join(" | "));
} finally {
  await browser.close();
  server.close();
}
done();
