// What a page's bundler keeps of the client (esbuild, for browsers, minified): only what the page calls.
import { createRequire } from "node:module";
import { join } from "node:path";
import { CATALOGUE_CODES, ERROR_STATUSES, exampleErrorBody } from "@giosg-reporting/contract";
import { describe, expect, it } from "vitest";

const here = join(import.meta.dirname, "..");
/** What this test uses of esbuild (tsup's, a development dependency here). */
interface Esbuild {
  build(options: object): Promise<{
    outputFiles?: { text: string }[];
    metafile: { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
  }>;
}
const esbuild = createRequire(createRequire(join(here, "package.json")).resolve("tsup"))(
  "esbuild",
) as Esbuild;

/** The bundle of `contents` as a page's bundler makes it from the built package. */
async function bundle(contents: string) {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: here, loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  // The modules that put bytes in the bundle (the metafile's inputs list every module read).
  const output = Object.values(result.metafile.outputs)[0];
  const inputs = Object.entries(output?.inputs ?? {})
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
  return { code: result.outputFiles?.[0]?.text ?? "", inputs };
}

/** The catalogue's detail texts (a server writes them, a client reads them), but those that are also a status's description. */
const descriptions = new Set<string>(
  Object.values(ERROR_STATUSES).map(({ description }) => description),
);
const serverTexts = CATALOGUE_CODES.map((code) => exampleErrorBody(code).detail).filter(
  (text) => !descriptions.has(text),
);

describe("the client in a page's bundle", () => {
  it("keeps no zod and no schema for the helpers alone (toCsv, isReportingApiError)", async () => {
    const { code, inputs } = await bundle(
      'import { toCsv, isReportingApiError } from "@giosg-reporting/client"; console.log(toCsv, isReportingApiError);',
    );
    expect(
      inputs.filter((input) => /zod|\/(columns|rows|request|error-catalogue)\.js$/.test(input)),
    ).toEqual([]);
    expect(code.length).toBeLessThan(8_000);
  });

  it("keeps no error text of the catalogue for getStepSourceData", async () => {
    const { code, inputs } = await bundle(
      'import { createClient } from "@giosg-reporting/client"; createClient({ token: "t" }).getStepSourceData({}).then(console.log);',
    );
    expect(inputs.some((input) => input.includes("zod"))).toBe(true);
    expect(inputs.filter((input) => input.includes("error-catalogue"))).toEqual([]);
    expect(serverTexts.length).toBeGreaterThan(20);
    expect(serverTexts.filter((text) => code.includes(text))).toEqual([]);
  });
});
