#!/usr/bin/env node
// The client in a browser as a partner's Vite app uses it: packs the packages, installs the tarballs
// with plain npm beside Vite and msw in a fresh project, builds two pages (scripts/client-browser/)
// with `vite build`, serves them on 127.0.0.1 and drives them in headless Chromium. The client keeps
// its defaults (no `fetch` option): through msw's worker and the stub's MSW handlers against
// https://api.giosg.com, then over HTTP against the stub in Node through CORS, and from a page on an
// origin the stub does not allow. Prints one line per check, the client's bundle sizes and what
// building the stub's dataset costs in the page. Run after a build, through pnpm:
// `pnpm test:browser [--chromium <path>]`, or alone: `node scripts/client-browser.mjs [--keep]`.
// Over 300 lines on purpose: one run (pack, install, build, serve, drive Chromium) whose steps share its folders.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { checklist, chromiumPath, launchChromium } from "./chromium.mjs";

/** The Vite a partner's app would have: the newest, which runs on Node 20.19 and later. */
const VITE = "8.4.1";
/** How long a call in a page may take before the run gives up on it (a bound on a hang, never a check). */
const STUCK_MS = 60_000;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const { values } = parseArgs({
  options: { chromium: { type: "string" }, keep: { type: "boolean" } },
});
const executablePath = chromiumPath("client-browser", values.chromium);
const { check, done } = checklist("client-browser");

const catalog = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
const MSW = /^\s+msw: (\S+)$/m.exec(catalog)?.[1];
// esbuild as tsup (a development dependency of every package) brings it, for the bundle sizes.
const esbuild = createRequire(createRequire(import.meta.url).resolve("tsup"))("esbuild");

const work = mkdtempSync(join(tmpdir(), "giosg-client-browser-"));
const tarballs = join(work, "tarballs");
const project = join(work, "app");
mkdirSync(join(project, "src"), { recursive: true });
mkdirSync(join(project, "public"));
// The project's tools run without the workspace's npm_config_* (npm warns about pnpm's).
const env = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)),
  ),
  npm_config_update_notifier: "false",
  npm_config_audit: "false",
  npm_config_fund: "false",
};
const run = (command, args, cwd = project) =>
  execFileSync(command, args, { cwd, env, encoding: "utf8", stdio: "pipe" });
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/** What to close at the end: the page server, the stub. */
const closers = [];
let browser;
try {
  console.log(`The client in Chromium, from its tarballs in a Vite ${VITE} app (${project}):`);
  // 1. The project: the packed packages, Vite and msw, installed as a partner would.
  run(process.execPath, [join(here, "pack.mjs"), "--out", tarballs], root);
  writeFileSync(
    join(project, "package.json"),
    `${JSON.stringify({ name: "client-browser", private: true, type: "module" }, null, 2)}\n`,
  );
  run("npm", [
    "install",
    "--loglevel=error",
    ...readdirSync(tarballs).map((file) => join(tarballs, file)),
    `vite@${VITE}`,
    `msw@${MSW}`,
  ]);
  const fromProject = createRequire(join(project, "package.json"));

  // 2. The pages, built by Vite: index.html through msw's worker, http.html over HTTP.
  for (const file of ["shared.js", "msw-page.js", "http-page.js"])
    copyFileSync(join(here, "client-browser", file), join(project, "src", file));
  const html = (entry) =>
    `<!doctype html><meta charset="utf-8"><title>${entry}</title><script type="module" src="/src/${entry}"></script>\n`;
  writeFileSync(join(project, "index.html"), html("msw-page.js"));
  writeFileSync(join(project, "http.html"), html("http-page.js"));
  writeFileSync(
    join(project, "vite.config.js"),
    `export default { build: { rollupOptions: { input: { main: "index.html", http: "http.html" } } } };\n`,
  );
  // msw's worker, served from the page's origin as a service worker must be (`npx msw init public`).
  copyFileSync(
    join(dirname(fromProject.resolve("msw/package.json")), "lib", "mockServiceWorker.js"),
    join(project, "public", "mockServiceWorker.js"),
  );
  run(process.execPath, [
    join(project, "node_modules", "vite", "bin", "vite.js"),
    "build",
    "--logLevel",
    "warn",
  ]);
  check(`vite build of the two pages (Vite ${VITE}, msw ${MSW}, the tarballs)`, true);

  // 3. The client's size in a page, as a bundler makes it (minified, gzipped).
  for (const [what, contents] of [
    [
      "createClient + getStepSourceData",
      'import { createClient } from "@giosg-reporting/client";\nexport const call = (query) => createClient({ token: "demo" }).getStepSourceData(query);',
    ],
    [
      "toCsv + isReportingApiError alone",
      'export { toCsv, isReportingApiError } from "@giosg-reporting/client";',
    ],
  ]) {
    const result = await esbuild.build({
      stdin: { contents, resolveDir: project, loader: "js" },
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const bytes = result.outputFiles[0].contents;
    console.log(
      `  size of the client for browsers, ${what}: ${kB(bytes.length)} minified, ${kB(gzipSync(bytes).length)} gzipped`,
    );
  }

  // 4. The built pages on 127.0.0.1, and the stub in Node allowing that origin only.
  const dist = join(project, "dist");
  const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
  const site = createServer((request, response) => {
    const path = new URL(request.url, "http://127.0.0.1").pathname;
    const file = normalize(join(dist, path === "/" ? "index.html" : path));
    let body;
    try {
      body = file.startsWith(dist) ? readFileSync(file) : undefined;
    } catch {}
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-store",
      })
      .end(body);
  });
  closers.push(() => new Promise((resolve) => site.close(resolve)));
  await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
  const { port } = site.address();
  const origin = `http://127.0.0.1:${port}`;
  const otherOrigin = `http://localhost:${port}`;
  const stubLog = [];
  const { startStub } = fromProject("@giosg-reporting/stub");
  const stub = await startStub({ corsOrigins: [origin], log: (line) => stubLog.push(line) });
  closers.push(() => stub.close());

  // What the pages must see: the same calls in Node, on the stub in process, from the same tarballs.
  const { createClient } = fromProject("@giosg-reporting/client");
  const shared = await import(pathToFileURL(join(project, "src", "shared.js")).href);
  const inNode = shared.calls(
    createClient({ token: "demo", fetch: stub.fetch, baseUrl: "http://stub" }),
  );
  const expected = {};
  for (const name of ["rows", "stream", "batches", "info", "sourceData", "csv"])
    expected[name] = JSON.stringify(await inNode[name]());
  const same = (name, result) =>
    result.value !== undefined && JSON.stringify(result.value) === expected[name];
  /** Batches with their NDJSON as in Node, the same rows as the stream, the lines read back as those rows. */
  const sameBatches = (result) =>
    same("batches", result) &&
    result.value.linesAreRows === true &&
    result.value.sha256 === JSON.parse(expected.stream).sha256;
  /** A failed check's detail: the error, or the start of what came. */
  const shown = (result) => JSON.stringify(result.error ?? result.value ?? result).slice(0, 400);

  browser = await launchChromium(executablePath);
  /** A fresh context (no service worker of another) and page at `url`, its page errors and responses kept. */
  const open = async (url) => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const errors = [];
    const answers = [];
    const leaks = [];
    tab.on("pageerror", (error) => errors.push(error.message));
    tab.on("response", (response) => answers.push(response));
    // Nothing leaves this machine: a request to any other host is refused and counted.
    await context.route(
      (target) => !/^(127\.0\.0\.1|localhost)$/.test(target.hostname),
      (route) => {
        leaks.push(route.request().url());
        return route.abort();
      },
    );
    await tab.goto(url);
    await tab.waitForFunction(() => window.giosg !== undefined, undefined, { timeout: 60_000 });
    /** `window.giosg[name](...args)` in the page; a call that never ends is cut after a minute, not waited on forever. */
    const call = (name, ...args) => {
      let timer;
      const stuck = new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${name}: no result in ${STUCK_MS} ms`)),
          STUCK_MS,
        );
      });
      const result = tab.evaluate(([name, args]) => window.giosg[name](...args), [name, args]);
      return Promise.race([result, stuck]).finally(() => clearTimeout(timer));
    };
    return { context, tab, errors, answers, leaks, call };
  };

  // 5a. Through msw's worker: createClient({ token: "demo" }) against https://api.giosg.com.
  {
    const page = await open(`${origin}/`);
    console.log(`Through msw's worker, page at ${origin}:`);
    const setup = await page.call("setup");
    console.log(
      `  the stub's dataset in the page, createStubHandlers() to its first answer: default ${setup.full.ms} ms (${setup.full.events.toLocaleString("en")} events); November 2022 only ${setup.month.ms} ms (${setup.month.events.toLocaleString("en")} events); worker start ${setup.workerMs} ms`,
    );
    const rows = await page.call("rows");
    check(
      "getStepSourceData: the documented basic example's rows, as in Node",
      same("rows", rows) && rows.value.data.length === 2,
      shown(rows),
    );
    const stream = await page.call("stream");
    check(
      `iterateStepSourceData: every advanced row of the step, as in Node (${JSON.parse(expected.stream).rows} rows)`,
      same("stream", stream),
      shown(stream),
    );
    const info = await page.call("info");
    check("getWorkflowInfo: the documented workflow, as in Node", same("info", info), shown(info));
    const sourceData = await page.call("sourceData");
    check(
      "getSourceData: the documented outer goal events, as in Node",
      same("sourceData", sourceData),
      shown(sourceData),
    );
    const csv = await page.call("csv");
    check(
      `downloadStepSourceData as CSV: ${JSON.parse(expected.csv).fileName}, the same bytes as in Node`,
      same("csv", csv),
      shown(csv),
    );
    const wrong = await page.call("wrongToken");
    check(
      "a wrong token: a typed api error, 401 authentication_failed, not retried",
      wrong.error?.kind === "api" &&
        wrong.error.status === 401 &&
        wrong.error.code === "authentication_failed" &&
        wrong.error.attempts === 1,
      shown(wrong),
    );
    const journal = await page.call("journal");
    const wanted = [
      ["POST", 1, null, "demo", 200, 2],
      ["POST", 1, null, "demo", 200, JSON.parse(expected.stream).rows],
      ["GET", null, null, "demo", 200, null],
      ["POST", null, null, "demo", 200, JSON.parse(expected.sourceData).data.length],
      ["POST", 1, "csv", "demo", 200, 2],
      ["POST", 1, null, null, 401, null],
    ];
    const seen = journal.map((entry) => [
      entry.method,
      entry.step,
      entry.format,
      entry.token,
      entry.status,
      entry.rows,
    ]);
    check(
      "the journal (stub.requests) shows those six calls in order: method, step, format, token, status, rows",
      JSON.stringify(seen) === JSON.stringify(wanted),
      JSON.stringify(seen),
    );
    const batches = await page.call("batches");
    check(
      "streamStepSourceDataBatches: the same rows a batch at a time, their NDJSON lines those rows, as in Node",
      sameBatches(batches),
      shown(batches),
    );
    const waiting = await page.call("abortWaiting");
    check(
      "an AbortController aborting while the worker holds the answer: a typed aborted error",
      waiting.error?.kind === "aborted",
      shown(waiting),
    );
    const streaming = await page.call("abortStreaming");
    // The rows of the chunk already read still come after the abort; the next read throws.
    check(
      `an AbortController aborting a stream after its first row: a typed aborted error (after ${streaming.seen} rows in all)`,
      streaming.seen >= 1 && streaming.error?.kind === "aborted",
      JSON.stringify(streaming),
    );
    const retried = await page.call("retried503");
    check(
      "a 503 (stub.scenario.fail(503, 1)) is retried: the rows come, the journal shows 503 then 200",
      same("rows", retried) && JSON.stringify(retried.statuses) === "[503,200]",
      JSON.stringify(retried).slice(0, 400),
    );
    const api = page.answers.filter((response) =>
      response.url().startsWith("https://api.giosg.com/"),
    );
    check(
      `every answer from https://api.giosg.com came from the service worker (${api.length} answers)`,
      api.length >= 10 && api.every((response) => response.fromServiceWorker()),
      JSON.stringify(api.map((response) => [response.url(), response.fromServiceWorker()])).slice(
        0,
        400,
      ),
    );
    check("no request left this machine", page.leaks.length === 0, page.leaks.join(" "));
    check("no page error", page.errors.length === 0, page.errors.join(" | "));
    await page.context.close();
  }

  // 5b. Over HTTP: createClient({ token: "demo", baseUrl: <the stub> }) from an origin the stub allows.
  {
    const page = await open(`${origin}/http.html`);
    await page.call("use", stub.url);
    console.log(`Over HTTP through CORS, page at ${origin}, the stub at ${stub.url}:`);
    const rows = await page.call("rows");
    check(
      "getStepSourceData: the documented basic example's rows, as in Node",
      same("rows", rows),
      shown(rows),
    );
    const stream = await page.call("stream");
    check(
      "iterateStepSourceData: every advanced row of the step streamed, as in Node",
      same("stream", stream),
      shown(stream),
    );
    const batches = await page.call("batches");
    check(
      "streamStepSourceDataBatches: the same rows a batch at a time, their NDJSON lines those rows, as in Node",
      sameBatches(batches),
      shown(batches),
    );
    const csv = await page.call("csv");
    check(
      "downloadStepSourceData as CSV: its file name and bytes, as in Node",
      same("csv", csv),
      shown(csv),
    );
    const headers = await page.call("downloadHeaders");
    check(
      "the page reads a download's Content-Disposition (exposed by CORS)",
      headers.value?.contentDisposition ===
        `attachment; filename="${JSON.parse(expected.csv).fileName}"`,
      shown(headers),
    );
    stub.scenario.fail(429, 1, 40);
    const throttled = await page.call("throttled");
    check(
      "a 429 with Retry-After: 40 beyond maxDelayMs: the client read it, so it ends at once saying so (attempts 1)",
      throttled.error?.kind === "api" &&
        throttled.error.status === 429 &&
        throttled.error.attempts === 1 &&
        /retry after 40 s/.test(throttled.error.message),
      shown(throttled),
    );
    stub.scenario.fail(429, 1, 40);
    const retryAfter = await page.call("examplePlain");
    check(
      "the page reads a 429's Retry-After (exposed by CORS)",
      retryAfter.value?.status === 429 && retryAfter.value.retryAfter === "40",
      shown(retryAfter),
    );
    check("no page error", page.errors.length === 0, page.errors.join(" | "));
    await page.context.close();
  }

  // 5c. The same page on an origin the stub does not allow: the browser hides the answer.
  {
    const page = await open(`${otherOrigin}/http.html`);
    await page.call("use", stub.url);
    console.log(
      `From an origin the stub does not allow, page at ${otherOrigin} (allowed: ${origin}):`,
    );
    const refused = await page.call("rows");
    check(
      "the client's error is not retried (attempts 1) and says CORS may be the cause",
      refused.error !== undefined &&
        refused.error.attempts === 1 &&
        /\bCORS\b/.test(refused.error.message),
      shown(refused),
    );
    // The browser's own refusal, whatever the client does: the preflight of a plain fetch.
    const plain = await page.call("examplePlain");
    check(
      "plain fetch from that page fails too (the browser refuses the answer: a TypeError)",
      plain.error?.name === "TypeError",
      shown(plain),
    );
    const named = stubLog.filter((line) => line.startsWith("CORS: refused origin"));
    check(
      "the stub's log names the refused origin once (for both calls), with the origin allowed",
      JSON.stringify(named) ===
        JSON.stringify([`CORS: refused origin ${otherOrigin} (allowed: ${origin})`]),
      JSON.stringify(named),
    );
    check("no page error", page.errors.length === 0, page.errors.join(" | "));
    await page.context.close();
  }
} catch (error) {
  check(
    "the run went through",
    false,
    `${error?.stdout ?? ""}${error?.stderr ?? ""}${error?.stack ?? error}`,
  );
} finally {
  await browser?.close();
  for (const close of closers) await close();
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
done();
