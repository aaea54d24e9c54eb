// The generators partners use, with the settings the contract README tells them (offset date-times,
// downloads as bytes), writing into generated/ (gitignored) from the document under test.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@hey-api/openapi-ts";
import { generate } from "orval";

/** The folder of the generated clients: `generated/` of this package. */
export const GENERATED = fileURLToPath(new URL("../generated/", import.meta.url));

/** This package's folder: orval reads its package.json (and the catalog) to pick zod 4's syntax. */
const PACKAGE = fileURLToPath(new URL("..", import.meta.url));

/**
 * A generator run with the README's settings (every output), or its defaults (the zod schemas only: to
 * show what the settings change).
 */
export type Settings = "readme" | "defaults";

/**
 * hey-api's fetch client, SDK and zod schemas, the SDK validating requests and answers with them. The
 * README's setting: `dates: { offset: true }`, so that `+00:00` date-times (the documentation's own
 * example) pass the generated `z.iso.datetime()`.
 */
export async function generateHeyApi(document: string, output: string, settings: Settings) {
  await createClient({
    input: document,
    output: { path: output },
    logs: { level: "silent" },
    plugins:
      settings === "readme"
        ? [
            "@hey-api/client-fetch",
            { name: "zod", dates: { offset: true } },
            { name: "@hey-api/sdk", validator: true },
          ]
        : ["zod"],
  });
}

/**
 * orval's fetch client with its MSW mocks (one file), and its zod schemas (another). The README's
 * setting: `override.zod.dateTimeOptions: { offset: true }`, orval's way to the same date-times.
 */
export async function generateOrval(document: string, output: string, settings: Settings) {
  const input = { target: document };
  if (settings === "readme")
    await generate(
      {
        input,
        output: {
          target: `${output}/endpoints.ts`,
          client: "fetch",
          mode: "single",
          mock: { type: "msw", delay: false },
        },
      },
      PACKAGE,
    );
  await generate(
    {
      input,
      output: {
        target: `${output}/zod.ts`,
        client: "zod",
        mode: "single",
        ...(settings === "readme" && {
          override: { zod: { dateTimeOptions: { offset: true } } },
        }),
      },
    },
    PACKAGE,
  );
}

/** The files under a folder, as paths relative to it. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)));
}

/**
 * Runs a generator into a new temporary folder beside `output`, then moves each changed file into
 * `output` and removes the files it no longer writes. turbo may run the typecheck and test scripts at
 * once, each generating first: a reader never sees a half-written file, and an unchanged one is left alone.
 */
export async function generateInPlace(
  output: string,
  generator: (folder: string) => Promise<void>,
): Promise<void> {
  mkdirSync(dirname(output), { recursive: true });
  const partial = mkdtempSync(`${output}.partial-`);
  try {
    await generator(partial);
    const written = filesUnder(partial);
    for (const file of written) {
      const target = join(output, file);
      const text = readFileSync(join(partial, file), "utf8");
      if (existsSync(target) && readFileSync(target, "utf8") === text) continue;
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(partial, file), target);
    }
    for (const file of filesUnder(output))
      if (!written.includes(file)) rmSync(join(output, file), { force: true });
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
}
