#!/usr/bin/env node
// Opens the stub's /docs in headless Chromium (Debian's, driven by playwright-core) and checks that the
// API reference shows the endpoint, its parameters, every response code and the examples, that "Try it
// out" starts with the documented organization, workflow and step, and that no request leaves
// 127.0.0.1. Saves a screenshot (default docs/api-reference.png; CI keeps it as an artifact). Run after
// a build: `pnpm test:browser [--screenshot <file>] [--chromium <path>]`.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startStub } from "@giosg-reporting/stub";
import { checklist, chromiumPath, launchChromium } from "./chromium.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The documented ids and the declared statuses, from the contract the stub depends on.
const { EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, contract } = createRequire(
  fileURLToPath(import.meta.resolve("@giosg-reporting/stub")),
)("@giosg-reporting/contract");
const { values } = parseArgs({
  options: { screenshot: { type: "string" }, chromium: { type: "string" } },
});
const executablePath = chromiumPath("docs-browser", values.chromium);
const screenshot = resolve(root, values.screenshot ?? "docs/api-reference.png");

const { check, done } = checklist("browser");

const stub = await startStub({
  dataset: { start: "2022-11-01T00:00:00Z", end: "2022-11-08T00:00:00Z" },
});
const browser = await launchChromium(executablePath);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests = [];
  const problems = [];
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${stub.url}/docs`, { waitUntil: "networkidle" });
  await page.waitForSelector(".opblock-summary-path", { timeout: 30_000 });
  await page.waitForSelector(".responses-table", { timeout: 30_000 });
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator, whose innerText is what a reader sees
  const text = await page.locator("#swagger-ui").innerText();

  console.log(`API reference at ${stub.url}/docs:`);
  check(
    "shows the endpoint",
    text.includes(
      "/api/reporting/workflow/v1/orgs/{organization_id}/workflows/{workflow_id}/step/{step_index}",
    ),
  );
  check(
    "shows POST and the summary",
    text.includes("POST") && text.includes("Workflow step source data"),
  );
  for (const parameter of ["organization_id", "workflow_id", "step_index"])
    check(`shows the parameter ${parameter}`, text.includes(parameter));
  const codes = await page.locator(".responses-table .response-col_status").allInnerTexts();
  for (const status of Object.keys(contract.getStepSourceData.responses)) {
    check(
      `shows the response ${status}`,
      codes.some((code) => code.trim().startsWith(status)),
      codes.join(" "),
    );
  }
  check(
    "shows the request examples",
    text.includes("User dialed") && /Basic rows|basic/.test(text),
  );
  check(
    "shows the response examples",
    [
      "Call start",
      "no_active_subscription",
      "organization_not_found",
      "filter_not_implemented",
    ].every((example) => text.includes(example)),
  );
  check("shows both security schemes", text.includes("Authorize") || text.includes("TokenAuth"));
  check(
    "no console error or blocked resource (Content-Security-Policy)",
    problems.length === 0,
    problems.join(" | "),
  );
  const outside = requests.filter((url) => !new URL(url).hostname.startsWith("127.0.0.1"));
  check(
    `no request leaves 127.0.0.1 (${requests.length} requests)`,
    outside.length === 0,
    outside.join(", "),
  );

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot, fullPage: false });
  console.log(`Screenshot: ${screenshot}`);

  // "Try it out" starts from the parameters' examples: the documented organization, workflow and step.
  await page.locator(".try-out__btn").first().click();
  const documented = {
    organization_id: EXAMPLE_ORGANIZATION_ID,
    workflow_id: EXAMPLE_WORKFLOW_ID,
    step_index: "1",
  };
  for (const [name, expected] of Object.entries(documented)) {
    const input = page.locator(`tr[data-param-name="${name}"] input`).first();
    const value = await input
      .waitFor({ timeout: 10_000 })
      .then(() => input.inputValue())
      .catch((error) => `no input (${error.message.split("\n")[0]})`);
    check(`"Try it out" starts with the documented ${name}`, value === expected, `got "${value}"`);
  }
} finally {
  await browser.close();
  await stub.close();
}
done();
