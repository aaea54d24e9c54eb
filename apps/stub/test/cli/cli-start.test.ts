// The built bin started: what it prints, the dataset and files it serves, its admin routes, CORS origins and seed.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  basicRequestExample,
  EXAMPLE_ORGANIZATION_ID,
  EXAMPLE_WORKFLOW_ID,
} from "@giosg-reporting/contract";
import { createDataset, DEFAULT_SEED, generateEvents } from "@giosg-reporting/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_ROUTES } from "../../src/http/admin/scenario";
import { cli, routeLine, startCli, stopClis } from "../helpers/cli-process";
import { apiHeaders, checkAnswer, stepPath } from "../helpers/harness";
import { eventually } from "../helpers/waiting";

afterEach(stopClis);

const example = stepPath(EXAMPLE_ORGANIZATION_ID, EXAMPLE_WORKFLOW_ID, 1);

describe("giosg-reporting-stub (the built bin)", () => {
  it("starts on the embedded dataset, prints its URL, tokens, docs and a curl, and answers the example", async () => {
    const { url, output } = await startCli();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const text of [
      "demo",
      "demo-no-subscription",
      "demo-no-access",
      "demo-no-reporting",
      `${url}/docs`,
      "curl -s -X POST",
      "Every organization and workflow id served: add --list to this command.",
      `data:    fixtures dataset, seed ${DEFAULT_SEED}, 240 sessions a day, from 2022-11-01 to 2023-05-01 (excluded)`,
    ]) {
      expect(output()).toContain(text);
    }
    const response = await fetch(`${url}${example}`, {
      method: "POST",
      headers: apiHeaders(),
      body: JSON.stringify(basicRequestExample.body),
    });
    const answer = await checkAnswer(response);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(2);
    // The child logs the request after answering it, through a pipe: the line may come later.
    await eventually(() =>
      expect(output()).toMatch(/POST \/api\/reporting\/workflow\/v1\/orgs\/\S+ 200 [\d.]+ ms/),
    );
  });

  it("--list prints the embedded dataset's organizations and workflows, and the time covered, then exits", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, "--list", "--seed", "7"]);
    const dataset = createDataset({ seed: 7 });
    expect(stdout).toContain(`data:    fixtures dataset, seed 7, 240 sessions a day`);
    expect(stdout).toContain(`covers:  ${dataset.start.replace(".000Z", "Z")} to `);
    for (const organization of dataset.organizations)
      expect(stdout).toContain(`organization ${organization.id}  ${organization.name}\n`);
    for (const workflow of dataset.workflows) {
      const line = stdout.split("\n").find((text) => text.includes(workflow.id)) ?? "";
      expect(line).toMatch(
        new RegExp(
          `^  workflow ${workflow.id} +${workflow.type} +steps 1-${workflow.steps.length - 1} +${workflow.name}$`,
        ),
      );
    }
  });

  it("--list with --data prints the files' workflows, each with the days its events span", async () => {
    const folder = mkdtempSync(join(tmpdir(), "stub-cli-list-"));
    const dataset = createDataset({ start: "2022-11-03T00:00:00Z", end: "2022-11-05T00:00:00Z" });
    const events = join(folder, "events.ndjson");
    const workflows = join(folder, "workflows.json");
    // A recording holds only what was asked: here the example workflow's events alone.
    const rows = generateEvents(dataset).filter(({ label }) => label === EXAMPLE_WORKFLOW_ID);
    writeFileSync(events, rows.map((row) => `${JSON.stringify(row)}\n`).join(""));
    writeFileSync(
      workflows,
      JSON.stringify({ organizations: dataset.organizations, workflows: dataset.workflows }),
    );
    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      "--list",
      "--data",
      events,
      "--workflows",
      workflows,
    ]);
    const times = rows.map(({ timestamp }) => Date.parse(timestamp));
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect(stdout).toContain(
      `covers:  first event ${iso(Math.min(...times))}, last ${iso(Math.max(...times))}\n`,
    );
    const line = (id: string) => stdout.split("\n").find((text) => text.includes(id)) ?? "";
    expect(line(EXAMPLE_WORKFLOW_ID)).toMatch(/ 2022-11-0[34] \.\. 2022-11-0[34] +\S/);
    const other = dataset.workflows.find(({ id }) => id !== EXAMPLE_WORKFLOW_ID);
    expect(line(other?.id ?? "")).toContain(" no events ");
  });

  it("serves --data with --workflows, and --tokens from a file", async () => {
    const folder = mkdtempSync(join(tmpdir(), "stub-cli-"));
    const dataset = createDataset({ start: "2022-11-03T00:00:00Z", end: "2022-11-04T00:00:00Z" });
    const events = join(folder, "events.ndjson");
    const workflows = join(folder, "workflows.json");
    const tokens = join(folder, "tokens.json");
    writeFileSync(
      events,
      generateEvents(dataset)
        .map((row) => `${JSON.stringify(row)}\n`)
        .join(""),
    );
    writeFileSync(
      workflows,
      JSON.stringify({ organizations: dataset.organizations, workflows: dataset.workflows }),
    );
    writeFileSync(
      tokens,
      JSON.stringify({
        tokens: [{ token: "partner-ci", organizations: [EXAMPLE_ORGANIZATION_ID] }],
      }),
    );
    const { url } = await startCli(
      "--data",
      events,
      "--workflows",
      workflows,
      "--tokens",
      tokens,
      "--quiet",
    );
    const ok = await fetch(`${url}${example}`, {
      method: "POST",
      headers: apiHeaders("partner-ci"),
      body: JSON.stringify(basicRequestExample.body),
    });
    const answer = await checkAnswer(ok);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toHaveLength(2);
    const demo = await fetch(`${url}${example}`, {
      method: "POST",
      headers: apiHeaders("demo"),
      body: "{}",
    });
    expect((await checkAnswer(demo)).status).toBe(401);
  });

  it("turns on the admin routes and latency", async () => {
    const { url } = await startCli("--admin", "--latency", "20", "--quiet");
    expect(await (await fetch(`${url}/__stub/scenario`)).json()).toEqual({
      latencyMs: 20,
      failure: null,
      drops: 0,
      bodyFault: null,
    });
  });

  it("lists the CORS origins in force, and names a refused page's origin once (on stderr when --quiet)", async () => {
    const allowed = "http://127.0.0.1:5173,https://app.example";
    const [logging, quiet, any, off] = await Promise.all([
      startCli("--cors", allowed),
      startCli("--cors", allowed, "--quiet"),
      startCli("--cors", "*", "--quiet"),
      startCli("--quiet"),
    ]);
    for (const { output } of [logging, quiet])
      expect(output()).toContain(
        "  cors:    http://127.0.0.1:5173, https://app.example (pages there may call the API, never /__stub/)\n",
      );
    expect(any.output()).toContain("  cors:    * (any origin) (pages there may call the API");
    expect(off.output()).not.toContain("cors:");
    const refused = (origin: string) =>
      `CORS: refused origin ${origin} (allowed: http://127.0.0.1:5173, https://app.example)`;
    const preflight = async (url: string, origin: string) => {
      const answer = await fetch(`${url}${example}`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
      expect(answer.headers.get("access-control-allow-origin")).toBe(null);
    };
    for (const { url } of [logging, quiet]) {
      await preflight(url, "http://localhost:5173");
      await preflight(url, "http://localhost:5173");
      await preflight(url, "https://evil.example");
    }
    // The child writes its lines through a pipe: they may come after the answers. The last origin's
    // line comes after any repeat of the first's.
    await eventually(() =>
      expect(logging.output()).toContain(`${refused("https://evil.example")}\n`),
    );
    await eventually(() =>
      expect(quiet.output()).toContain(
        `giosg-reporting-stub: ${refused("https://evil.example")}\n`,
      ),
    );
    for (const { output } of [logging, quiet])
      expect(output().split(refused("http://localhost:5173"))).toHaveLength(2);
    expect(logging.output()).not.toContain("giosg-reporting-stub: CORS");
    expect(quiet.output()).toContain(`giosg-reporting-stub: ${refused("http://localhost:5173")}\n`);
  });

  it("prints the seed and volume in force, negative seeds included, and every admin route", async () => {
    const [separate, inline] = await Promise.all([
      startCli("--seed", "-1", "--sessions-per-day", "60", "--admin", "--quiet"),
      startCli("--seed=-1", "--sessions-per-day=60", "--quiet"),
    ]);
    for (const { output } of [separate, inline])
      expect(output()).toContain("data:    fixtures dataset, seed -1, 60 sessions a day");
    for (const route of ADMIN_ROUTES) expect(separate.output()).toMatch(routeLine(route));
    expect(separate.output()).toContain(`admin:   ${separate.url}/__stub/`);
    expect(inline.output()).not.toContain("admin:");
    const answers = await Promise.all(
      [separate, inline].map(async ({ url }) => {
        const response = await fetch(`${url}${example}`, {
          method: "POST",
          headers: apiHeaders(),
          body: JSON.stringify({ ...basicRequestExample.body, limit: 5 }),
        });
        return (await checkAnswer(response)).text;
      }),
    );
    expect(answers[1]).toBe(answers[0]);
  });
});
