// What TypeScript tells a user of the client who gets a row type wrong: the contract's row names.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const testFolder = fileURLToPath(new URL(".", import.meta.url));
const snippetFile = `${testFolder}type-names.snippet.ts`;

/** Type-checks `source` as a file of this folder (never written to disk) and returns its diagnostics' texts. */
function diagnosticsOf(source: string): string[] {
  const configFile = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, `${testFolder}..`);
  const options = { ...parsed.options, noEmit: true, noUnusedLocals: false };
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

describe("the client's answers, used wrongly", () => {
  // The contract's types as a partner gets them: its built declarations.
  const messages = diagnosticsOf(`
    import type { AdvancedRow } from "@giosg-reporting/contract";
    import { createClient } from "../src/index";
    const client = createClient({ token: "t" });
    const query = {
      organizationId: "o", workflowId: "w", stepIndex: 1, filters: [],
      interval: { start: "a", end: "b" }, basic: true,
    } as const;
    export async function wrong() {
      const rows: AdvancedRow[] = (await client.getStepSourceData(query)).data;
      for await (const row of client.iterateStepSourceData(query)) {
        const advanced: AdvancedRow = row;
        return [rows, advanced];
      }
      return [];
    }
  `);

  it.each<[string, number, string[]]>([
    ["basic rows taken for advanced ones", 0, ["'BasicRow[]'", "'AdvancedRow[]'"]],
    ["a streamed basic row taken for an advanced one", 1, ["'BasicRow'", "'AdvancedRow'"]],
  ])("name the row types for %s", (_, index, names) => {
    expect(messages).toHaveLength(2);
    const message = messages[index] ?? "";
    for (const name of names) expect(message).toContain(name);
    expect(message).not.toMatch(/"Visitor ID": string|event_version: number/);
  });
});
