// What TypeScript tells a user who gets a row type wrong: the row's name, not its 30 columns.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ADVANCED_COLUMN_NAMES } from "../src/index";

const testFolder = fileURLToPath(new URL(".", import.meta.url));
const snippetFile = `${testFolder}type-names.snippet.ts`;

function compilerOptions(): ts.CompilerOptions {
  const configFile = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, `${testFolder}..`);
  return { ...parsed.options, noEmit: true, noUnusedLocals: false };
}

/** Type-checks `source` as a file of this folder (never written to disk) and returns its diagnostics' texts. */
function diagnosticsOf(source: string): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) =>
    name === snippetFile
      ? ts.createSourceFile(name, source, language)
      : getSourceFile.call(host, name, language, ...rest);
  host.fileExists = (name) => name === snippetFile || fileExists.call(host, name);
  host.readFile = (name) => (name === snippetFile ? source : readFile.call(host, name));
  const program = ts.createProgram([snippetFile], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(snippetFile))
    .map(({ messageText }) => ts.flattenDiagnosticMessageText(messageText, "\n"));
}

/** How many advanced columns a message spells out as members of a type (`name: type`). */
function columnsSpelledIn(message: string): number {
  return ADVANCED_COLUMN_NAMES.filter((name) => new RegExp(`\\b${name}: `).test(message)).length;
}

describe("type errors name the row types", () => {
  // One compilation for every case: each line below is one wrong assignment.
  const messages = diagnosticsOf(`
    import { initClient } from "@ts-rest/core";
    import { contract, type AdvancedRow, type BasicRow, type BasicResponse, type StepSourceDataResponse } from "../src/index";
    declare const basicRow: BasicRow;
    declare const basicAnswer: BasicResponse;
    declare const answer: StepSourceDataResponse;
    export const fromBasic: AdvancedRow = basicRow;
    export const fromBasicRows: AdvancedRow[] = basicAnswer.data;
    export const partial: AdvancedRow = { timestamp: "2022-11-03T10:45:54.000Z" };
    export const notANumber: number = answer;
    export async function raw() {
      const api = initClient(contract, { baseUrl: "https://api.giosg.com" });
      const response = await api.getStepSourceData({
        params: { organization_id: "x", workflow_id: "y", step_index: 1 },
        body: { filters: [], interval: { start: "a", end: "b" } },
      });
      if (response.status === 200) {
        const rows: number = response.body.data;
        return rows;
      }
      return 0;
    }
  `);

  it("reports one error per wrong assignment", () => {
    expect(messages).toHaveLength(5);
  });

  it.each<[string, number, string[]]>([
    ["a basic row given for an advanced one", 0, ["'BasicRow'", "'AdvancedRow'"]],
    ["basic rows given for advanced ones", 1, ["'BasicRow[]'", "'AdvancedRow[]'"]],
    ["a row missing columns", 2, ["'AdvancedRow'"]],
    ["an answer used as a number", 3, ["AdvancedResponse", "BasicResponse"]],
    ["ts-rest's 200 rows used as a number", 4, ["AdvancedRow[]", "BasicRow[]"]],
  ])("%s", (_, index, names) => {
    const message = messages[index] ?? "";
    for (const name of names) expect(message).toContain(name);
    // An expanded row type would spell out its columns; the snippet's own literal spells one.
    expect(message).not.toMatch(/"Visitor ID": string/);
    expect(columnsSpelledIn(message)).toBeLessThanOrEqual(1);
  });
});
