// Generates zod schemas and a client from an OpenAPI document with typed-openapi (`-r zod`, from
// node_modules: no network), as a partner would, and compiles them under `strict`.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const require = createRequire(import.meta.url);
const PACKAGE_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** typed-openapi's command line (`bin.js` beside its main module: its `exports` hide package.json). */
function typedOpenApiBin(): string {
  let folder = dirname(require.resolve("typed-openapi"));
  while (!existsSync(join(folder, "bin.js")) && dirname(folder) !== folder)
    folder = dirname(folder);
  return join(folder, "bin.js");
}

/**
 * Writes typed-openapi's zod output for `document` to `generated/typed-openapi/<name>.ts` (gitignored)
 * and returns its path. The output imports `zod`, whose root is zod 4 for a partner who installs it
 * today, as it is for this gate (its `zod` is the catalog's `zod4`).
 */
export async function generateZodClient(document: string, name: string): Promise<string> {
  const folder = join(PACKAGE_ROOT, "generated", "typed-openapi");
  const file = join(folder, `${name}.ts`);
  rmSync(file, { force: true });
  mkdirSync(folder, { recursive: true });
  // typed-openapi 2.2 joins `-o` to the working directory: a relative path, from the package root.
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      [typedOpenApiBin(), document, "-r", "zod", "-o", relative(PACKAGE_ROOT, file)],
      { cwd: PACKAGE_ROOT, timeout: 60_000 },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`typed-openapi failed: ${error.message} ${stderr}`)) : resolve(),
    );
  });
  return file;
}

/** The TypeScript errors of compiling `file` alone under `strict`, one line each (none: it compiles). */
export function strictCompileErrors(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const where = diagnostic.file
      ? `${relative(PACKAGE_ROOT, diagnostic.file.fileName)}(${
          diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1
        })`
      : "";
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n").split("\n")[0];
    return `${where} TS${diagnostic.code}: ${message}`;
  });
}
