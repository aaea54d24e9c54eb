// Runs Spectral's command line (from node_modules, no network) on an OpenAPI document with a ruleset,
// and reads its findings.
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** One finding of Spectral: its rule, severity (0 error, 1 warning, 2 info, 3 hint) and where. */
export interface SpectralFinding {
  readonly code: string;
  readonly message: string;
  readonly severity: 0 | 1 | 2 | 3;
  readonly path: readonly string[];
}

/** Spectral's command line, as its package declares it. */
function spectralBin(): string {
  const manifest = require.resolve("@stoplight/spectral-cli/package.json");
  const { bin } = require(manifest) as { bin: { spectral: string } };
  return join(dirname(manifest), bin.spectral);
}

/** Spectral's findings on `document` with the ruleset file `ruleset` (its JSON output). */
export function spectralFindings(document: string, ruleset: string): Promise<SpectralFinding[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [spectralBin(), "lint", document, "--ruleset", ruleset, "--format", "json", "--quiet"],
      { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      // Spectral exits 1 when it finds an error: the findings are on stdout either way.
      (error, stdout, stderr) => {
        try {
          resolve(JSON.parse(stdout) as SpectralFinding[]);
        } catch {
          reject(new Error(`spectral gave no findings: ${error?.message ?? ""} ${stderr}`));
        }
      },
    );
  });
}
