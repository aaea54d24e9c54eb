#!/usr/bin/env node
// The consumer smoke test: packs every published package, installs the tarballs with plain npm into
// fresh projects outside the workspace, then uses them as a partner would (the README's quick start,
// ESM, CJS, TypeScript, every README snippet, both bins). Run it after a build: `pnpm smoke` (or
// `node scripts/consumer-smoke.mjs --node <binary>` to run the consumers on another Node.js). Prints
// one line per check and "smoke: N passed, N failed".
// Over 300 lines on purpose: one run whose partner projects share the packed tarballs and the stub it starts.
import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { quickstartBlock, withTarballs } from "./smoke/readme.mjs";
import { startCommand } from "./smoke/start-command.mjs";
import {
  checkDependencyRanges,
  checkEntryPoints,
  checkSourceMaps,
  listFiles,
} from "./smoke/tarballs.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { node: { type: "string" }, keep: { type: "boolean" } } });
const node = values.node ?? process.execPath;
/** The zod the consumer has before installing the kit: the lowest version the packages' peer range allows. */
const CONSUMER_ZOD = "3.25.76";

const catalog = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8");
const pinned = (name) =>
  new RegExp(`^\\s+"?${name.replace("/", "\\/")}"?: (\\S+)$`, "m").exec(catalog)?.[1];

/** The msw this Node installs: msw 3 from Node 22.12 (its minimum), msw 2 before. */
const [major, minor] = process.versions.node.split(".").map(Number);
const mswVersion =
  major > 22 || (major === 22 && minor >= 12)
    ? /^\s+msw3:\n\s+msw: (\S+)$/m.exec(catalog)?.[1]
    : pinned("msw");

const work = mkdtempSync(join(tmpdir(), "giosg-consumer-"));
const tarballs = join(work, "tarballs");
const project = join(work, "my-project");
mkdirSync(project);
// The consumers' environment: no npm_config_* that pnpm set for the workspace (npm warns about them).
const env = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)),
  ),
  PATH: `${dirname(node)}:${process.env.PATH}`,
  npm_config_update_notifier: "false",
  npm_config_audit: "false",
  npm_config_fund: "false",
};
const pnpm = process.env.npm_execpath;
if (!pnpm) throw new Error("run through pnpm (pnpm smoke), which tells where pnpm is");

let passed = 0;
let failed = 0;
async function check(name, run) {
  const started = Date.now();
  try {
    const note = await run();
    passed += 1;
    console.log(`  ok   ${name}${note ? `: ${note}` : ""} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(
      `  FAIL ${name}\n${String(error?.stdout ?? "")}${String(error?.stderr ?? "")}${error?.message ?? error}`,
    );
  }
}
const run = (command, args, options = {}) =>
  execFileSync(command, args, { cwd: project, env, encoding: "utf8", stdio: "pipe", ...options });
const npm = (args, options) => run("npm", [...args, "--loglevel=error"], options);
const packed = () => readdirSync(tarballs).map((file) => join(tarballs, file));

const version = run(node, ["--version"]).trim();
console.log(`Consumer smoke test on Node ${version} in ${work}`);

await check(
  "the workspace's own bins work after its install (npx @giosg-reporting/stub, npx giosg-reporting-export, npx giosg-reporting-check)",
  () =>
    [
      ["@giosg-reporting/stub", "--version"],
      ["giosg-reporting-export", "--version"],
      ["giosg-reporting-check", "--version"],
    ]
      .map((args) => run("npx", ["--no-install", ...args], { cwd: root }).trim())
      .join(", "),
);

await check("Ctrl-C on npm start stops the stub: exit 0, no failure printed", async () => {
  const stub = await startCommand("npm", ["start", "--", "--port", "0", "--quiet"], {
    cwd: root,
    env,
  });
  const { code, signal, output } = await stub.stop("SIGINT");
  if (code !== 0 || /ERR_|ELIFECYCLE|failed/i.test(output))
    throw new Error(`exit ${code ?? signal}:\n${output}`);
});

await check("pnpm start -- --port 0 (pnpm passes the `--` on) starts the stub too", async () => {
  const stub = await startCommand(
    process.execPath,
    [pnpm, "start", "--", "--port", "0", "--quiet"],
    { cwd: root, env },
  );
  const health = await fetch(`${stub.url}/healthz`);
  const { code, signal, output } = await stub.stop("SIGINT");
  if (health.status !== 200 || code !== 0)
    throw new Error(`/healthz ${health.status}, exit ${code ?? signal}:\n${output}`);
});

await check("pack every package (npm run pack:all's script)", () => {
  run(process.execPath, [join(root, "scripts", "pack.mjs"), "--out", tarballs], { cwd: root });
  for (const file of packed()) {
    checkDependencyRanges(file);
    checkEntryPoints(file);
  }
  return `${packed().length} tarballs`;
});

await check("a package packed before it was built is built first (prepack)", () => {
  const folder = join(root, "packages", "fixtures");
  rmSync(join(folder, "dist"), { recursive: true, force: true });
  const destination = join(work, "unbuilt");
  run(process.execPath, [pnpm, "pack", "--pack-destination", destination], { cwd: folder });
  const [file] = readdirSync(destination);
  const files = listFiles(join(destination, file));
  for (const wanted of [
    "dist/index.js",
    "dist/index.cjs",
    "dist/cli.js",
    "bin/giosg-reporting-fixtures.js",
  ])
    if (!files.includes(wanted)) throw new Error(`${file} lacks ${wanted}`);
  return `${files.length} files`;
});

await check(
  "every source map resolves to a source shipped in its tarball",
  () => `${packed().reduce((maps, file) => maps + checkSourceMaps(file), 0)} maps`,
);

/** The quick start's output as the README shows it, lines trimmed. */
const lines = (text) =>
  text
    .trim()
    .split("\n")
    .map((line) => line.trimEnd());

/** The zod versions in a project's tree (`npm ls zod --all`). */
function zodVersions(cwd) {
  const tree = JSON.parse(run("npm", ["ls", "zod", "--all", "--json"], { cwd }));
  const versions = new Set();
  const walk = (dependencies = {}) => {
    for (const [name, info] of Object.entries(dependencies)) {
      if (name === "zod") versions.add(info.version);
      walk(info.dependencies);
    }
  };
  walk(tree.dependencies);
  return [...versions];
}

/** What a partner's quick-start project type-checks with: strict, exactOptionalPropertyTypes, every library's types checked. */
const QUICKSTART_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    skipLibCheck: false,
    types: ["node"],
  },
  include: ["quickstart.mts"],
};

// Three partners: one with no zod (npm installs the peer), one on zod 3.25.76 (the lowest the peer range
// allows), one on zod 4 (npm's latest). Each makes its project with the README's commands, runs the
// quick start unmodified, type-checks it strictly and keeps a single zod.
for (const [partner, zod] of [
  ["no zod of its own", undefined],
  ["zod 3.25.76", "3.25.76"],
  ["zod 4 (npm's latest)", "latest"],
]) {
  await check(
    `a project with ${partner}: the README's quick start runs unmodified, type-checks strictly, one zod`,
    () => {
      const parent = join(work, `quickstart-${zod ?? "none"}`);
      const quickstart = join(parent, "giosg-quickstart");
      mkdirSync(quickstart, { recursive: true });
      if (zod) {
        run("npm", ["init", "-y"], { cwd: quickstart });
        npm(["install", `zod@${zod}`], { cwd: quickstart });
      }
      const commands = withTarballs(quickstartBlock(root, "commands"), packed()).replace(
        /^mkdir giosg-quickstart\b/m,
        "mkdir -p giosg-quickstart",
      );
      run("sh", ["-ec", commands], { cwd: parent });
      writeFileSync(join(quickstart, "quickstart.mts"), quickstartBlock(root, "code"));
      const output = run("npx", ["tsx", "quickstart.mts"], { cwd: quickstart });
      const expected = lines(quickstartBlock(root, "output"));
      if (lines(output).join("\n") !== expected.join("\n"))
        throw new Error(`printed:\n${output}\nthe README shows:\n${expected.join("\n")}`);
      npm(
        [
          "install",
          "--save-dev",
          `typescript@${pinned("typescript")}`,
          `@types/node@${pinned("@types/node")}`,
        ],
        { cwd: quickstart },
      );
      writeFileSync(
        join(quickstart, "tsconfig.json"),
        JSON.stringify(QUICKSTART_TSCONFIG, null, 2),
      );
      run(node, ["node_modules/typescript/bin/tsc", "-p", "."], { cwd: quickstart });
      const versions = zodVersions(quickstart);
      // The zod the project asked for; npm's latest (zod 4) where it asked for none or for the latest.
      const isAskedFor = (version) =>
        zod === undefined || zod === "latest" ? /^4\./.test(version) : version === zod;
      if (versions.length !== 1 || !isAskedFor(versions[0]))
        throw new Error(`zod versions installed: ${versions.join(", ")}`);
      return `zod ${versions[0]}`;
    },
  );
}

await check(
  `install beside zod ${CONSUMER_ZOD}: one zod, and no install script in the tree`,
  () => {
    run("npm", ["init", "-y"]);
    npm(["install", `zod@${CONSUMER_ZOD}`]);
    npm(["install", ...packed()]);
    const versions = zodVersions(project);
    if (versions.length !== 1 || versions[0] !== CONSUMER_ZOD)
      throw new Error(`zod versions installed: ${versions.join(", ")}`);
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8"));
    const scripted = Object.entries(lock.packages)
      .filter(([path, info]) => info.hasInstallScript || path.includes("@scarf/"))
      .map(([path]) => path);
    if (scripted.length > 0)
      throw new Error(`install scripts or telemetry in: ${scripted.join(", ")}`);
    return `${Object.keys(lock.packages).length - 1} packages`;
  },
);

await check("install the tools of a TypeScript consumer", () => {
  for (const file of [
    "esm.mjs",
    "cjs.cjs",
    "msw.mjs",
    "msw-client.mjs",
    "consumer.ts",
    "tsconfig.json",
    "stack.cjs",
  ])
    copyFileSync(join(root, "scripts", "consumer", file), join(project, file));
  npm([
    "install",
    "--save-dev",
    `typescript@${pinned("typescript")}`,
    `@types/node@${pinned("@types/node")}`,
    // ts-rest, as a partner on zod 3 who calls the contract with it (the contract README's example)
    // installs it: no package of the kit depends on it.
    `@ts-rest/core@${pinned("@ts-rest/core")}`,
    // The test runner of the stub README's test snippets.
    `vitest@${pinned("vitest")}`,
    // The stub's optional peer, as a partner using its MSW handlers installs it (after the check
    // above: msw has an install script of its own, which only those who choose it get).
    `msw@${mswVersion}`,
  ]);
});

await check("an ESM script uses the client against the stub and the fixtures", () =>
  run(node, ["esm.mjs"]).trim(),
);
await check("a CommonJS script does the same through require()", () =>
  run(node, ["cjs.cjs"]).trim(),
);
await check(
  `the stub's MSW handlers answer plain fetch in process (msw ${mswVersion}, msw/node)`,
  () => run(node, ["msw.mjs"]).trim(),
);
await check(
  `the client through the stub's MSW handlers: made before listen(), a 503 retried, a break, a cancelled download (msw ${mswVersion})`,
  () => run(node, ["msw-client.mjs"]).trim(),
);
await check("every README snippet and a TypeScript consumer type-check (strict, NodeNext)", () => {
  run(process.execPath, [
    join(root, "scripts", "readme-snippets.mjs"),
    "--out",
    join(project, "snippets"),
  ]);
  run(node, ["node_modules/typescript/bin/tsc", "-p", "."]);
  return `${readdirSync(join(project, "snippets")).length} snippets`;
});
await check("a stack trace through the source maps names a file that is shipped", () => {
  const frame = run(node, ["--enable-source-maps", "stack.cjs"]).trim();
  const file = /\((\/[^:]+\.ts):\d+:\d+\)/.exec(frame)?.[1];
  if (!file || !existsSync(file)) throw new Error(`no shipped source in:\n${frame}`);
  return file.slice(project.length + 1);
});

await check(
  "npx giosg-reporting-stub --port 0 starts and answers the documentation's example",
  async () => {
    const stub = await startCommand(
      "npx",
      ["--no-install", "giosg-reporting-stub", "--port", "0", "--quiet"],
      { cwd: project, env },
    );
    try {
      const path =
        "/api/reporting/workflow/v1/orgs/e40bcb66-8c63-4aa7-8d81-68d8e8cef907/workflows/d3f3323f-9787-4abd-850d-9b9b3a5cc6f9/step/1";
      const body = {
        filters: [{ property: "action", values: ["User dialed"] }],
        interval: { start: "2022-11-03T00:00:00+00:00", end: "2022-11-04T00:00:00+00:00" },
        limit: "2",
        basic: true,
      };
      const response = await fetch(`${stub.url}${path}`, {
        method: "POST",
        headers: { authorization: "Token demo", "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (response.status !== 200 || answer.data.length !== 2)
        throw new Error(`${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
    } finally {
      await stub.stop();
    }
  },
);

await check(
  "giosg-reporting-check passes through the recorder (--record), and again against the replay (--data)",
  async () => {
    const checkArgs = (url) => [
      "--no-install",
      "giosg-reporting-check",
      "--base-url",
      url,
      "--organization",
      "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
      "--workflow",
      "3c298d6c-74ca-40b1-8432-5f2cb29fd630",
      "--step",
      "2",
      "--interval",
      "2022-11-01T00:00:00Z/2022-11-15T00:00:00Z",
      "--pace-ms",
      "0",
      "--quiet",
    ];
    const withToken = { ...env, GIOSG_TOKEN: "demo" };
    const upstream = await startCommand(
      "npx",
      ["--no-install", "giosg-reporting-stub", "--port", "0", "--quiet"],
      { cwd: project, env },
    );
    const recording = join(work, "recording");
    let through;
    try {
      // Through node itself, not npx, whose own exit on a signal would hide the recorder's.
      const recorder = await startCommand(
        node,
        [
          join(project, "node_modules", ".bin", "giosg-reporting-stub"),
          "--record",
          recording,
          "--upstream",
          upstream.url,
          "--port",
          "0",
          "--quiet",
        ],
        { cwd: project, env },
      );
      let stopped;
      try {
        through = run("npx", checkArgs(recorder.url), { env: withToken }).trim();
      } finally {
        stopped = await recorder.stop("SIGINT");
      }
      if (stopped.code !== 0)
        throw new Error(`the recorder exited ${stopped.code}:\n${stopped.output}`);
    } finally {
      await upstream.stop();
    }
    const replay = await startCommand(
      "npx",
      [
        "--no-install",
        "giosg-reporting-stub",
        "--data",
        join(recording, "events.ndjson"),
        "--workflows",
        join(recording, "workflows.json"),
        "--port",
        "0",
        "--quiet",
      ],
      { cwd: project, env },
    );
    try {
      const again = run("npx", checkArgs(replay.url), { env: withToken }).trim();
      return `${through} | replay: ${again}`;
    } finally {
      await replay.stop();
    }
  },
);

await check(
  "npx giosg-reporting-export writes a week of step 1 into NDJSON files (no pg installed), a rerun skips them",
  async () => {
    if (existsSync(join(project, "node_modules", "pg")))
      throw new Error("pg is installed in the partner project: the file-only path is not shown");
    const stub = await startCommand(
      "npx",
      ["--no-install", "giosg-reporting-stub", "--port", "0", "--quiet"],
      { cwd: project, env },
    );
    const workflow = "d3f3323f-9787-4abd-850d-9b9b3a5cc6f9";
    const exportArgs = [
      "--no-install",
      "giosg-reporting-export",
      "--base-url",
      stub.url,
      "--organization",
      "e40bcb66-8c63-4aa7-8d81-68d8e8cef907",
      "--workflow",
      workflow,
      "--interval",
      "2022-11-01T00:00:00Z/2022-11-08T00:00:00Z",
      "--targets",
      "default,triggered_goal",
      "--out",
      join(work, "exports"),
    ];
    try {
      run("npx", exportArgs, { env: { ...env, GIOSG_TOKEN: "demo" } });
      const folder = join(work, "exports", workflow, "step-1", "default");
      const files = readdirSync(folder).filter((name) => name.endsWith(".ndjson"));
      if (files.length !== 7) throw new Error(`expected 7 daily files, got ${files.join(", ")}`);
      const rows = files
        .map((name) => readFileSync(join(folder, name), "utf8"))
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      if (rows.length === 0 || rows.some((row) => typeof row.timestamp !== "string"))
        throw new Error(`unexpected rows: ${JSON.stringify(rows.slice(0, 2))}`);
      const before = files.map((name) => readFileSync(join(folder, name), "utf8")).join("");
      run("npx", exportArgs, { env: { ...env, GIOSG_TOKEN: "demo" } });
      const after = files.map((name) => readFileSync(join(folder, name), "utf8")).join("");
      if (after !== before) throw new Error("the rerun changed the files");
      return `${rows.length} rows in 7 files`;
    } finally {
      await stub.stop();
    }
  },
);

await check("giosg-reporting-fixtures writes NDJSON that the contract accepts", () => {
  const ndjson = run("npx", [
    "--no-install",
    "giosg-reporting-fixtures",
    "--count",
    "500",
    "--seed",
    "7",
  ]);
  writeFileSync(join(project, "events.ndjson"), ndjson);
  run(node, [
    "-e",
    `const { advancedRowSchema } = require("@giosg-reporting/contract");
     const lines = require("node:fs").readFileSync("events.ndjson", "utf8").trimEnd().split("\\n");
     if (lines.length !== 500) throw new Error("expected 500 lines, got " + lines.length);
     for (const line of lines) advancedRowSchema.strict().parse(JSON.parse(line));`,
  ]);
});

if (!values.keep) rmSync(work, { recursive: true, force: true });
console.log(`smoke (Node ${version}): ${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
