// Reads the command line into the run's options; a usage error names the flag at fault.
import { parseArgs } from "node:util";
import type { CheckOptions } from "../options";
import { CheckRunError } from "../run-error";

/** What the command line asks for: a run (with its outputs), the help, or the version. */
export type CommandLine =
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | {
      readonly kind: "run";
      readonly options: CheckOptions;
      readonly report?: string;
      readonly junit?: string;
      readonly quiet: boolean;
      /** `--allow-skips`: exit 0 when no check deviates though some were skipped. */
      readonly allowSkips: boolean;
    };

const OPTIONS = {
  "base-url": { type: "string" },
  token: { type: "string" },
  "token-type": { type: "string" },
  organization: { type: "string" },
  workflow: { type: "string" },
  step: { type: "string" },
  interval: { type: "string" },
  "pace-ms": { type: "string" },
  sample: { type: "string" },
  "max-answer-bytes": { type: "string" },
  "max-answer-rows": { type: "string" },
  report: { type: "string" },
  junit: { type: "string" },
  quiet: { type: "boolean" },
  "allow-skips": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

const usage = (flag: string, message: string) =>
  new CheckRunError("usage", `${flag}: ${message}`, flag);

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw usage(flag, `must be a whole number, got "${text}"`);
  return Number(text);
}

/** Parses `argv` (without node and the script) with `env` for `GIOSG_TOKEN`. */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CommandLine {
  // Lenient tokens, then every one checked here, so that each message names its flag.
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | true> = {};
  // After `--` (which pnpm passes on from `pnpm exec … -- …`) every flag is taken for an argument.
  let ended = false;
  for (const token of tokens) {
    if (token.kind === "option-terminator") {
      ended = true;
      continue;
    }
    // The value itself is not repeated: it may be a token pasted in the wrong place.
    if (token.kind === "positional")
      throw ended
        ? usage("--", "ends the options, so the arguments after it are not read: leave out the --")
        : usage(
            `argument ${token.index + 1}`,
            "unexpected: every value follows its option's flag, such as --token <token>",
          );
    const spec = Object.hasOwn(OPTIONS, token.name)
      ? OPTIONS[token.name as keyof typeof OPTIONS]
      : undefined;
    if (!spec) throw usage(token.rawName, "unknown option");
    if (spec.type === "boolean") {
      if (token.value !== undefined)
        throw usage(token.rawName, `takes no value, got "${token.value}"`);
      values[token.name] = true;
      continue;
    }
    const { value } = token;
    if (value === undefined || (!token.inlineValue && value.startsWith("--")))
      throw usage(token.rawName, `needs a value, as in ${token.rawName} <value>`);
    values[token.name] = value;
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const text = (name: keyof typeof OPTIONS) => {
    const value = values[name];
    return typeof value === "string" ? value : undefined;
  };
  const tokenType = text("token-type");
  if (tokenType !== undefined && tokenType !== "Token" && tokenType !== "Bearer")
    throw usage("--token-type", `must be Token or Bearer, got "${tokenType}"`);
  if (text("base-url") === undefined)
    throw usage("--base-url", "is required, such as https://api.giosg.com");
  if (text("organization") === undefined)
    throw usage("--organization", "is required (the organization's UUID)");
  if (text("workflow") === undefined)
    throw usage("--workflow", "is required (the workflow's UUID)");
  const token = text("token") ?? env.GIOSG_TOKEN;
  if (!token) throw usage("--token", "is required (or set GIOSG_TOKEN, which keeps it out of ps)");
  const step = wholeNumber("--step", text("step"));
  const paceMs = wholeNumber("--pace-ms", text("pace-ms"));
  const sample = wholeNumber("--sample", text("sample"));
  const maxAnswerBytes = wholeNumber("--max-answer-bytes", text("max-answer-bytes"));
  const maxAnswerRows = wholeNumber("--max-answer-rows", text("max-answer-rows"));
  const interval = text("interval");
  const report = text("report");
  const junit = text("junit");
  return {
    kind: "run",
    options: {
      baseUrl: text("base-url") as string,
      token,
      organization: text("organization") as string,
      workflow: text("workflow") as string,
      ...(tokenType === undefined ? {} : { tokenType }),
      ...(step === undefined ? {} : { step }),
      ...(interval === undefined ? {} : { interval }),
      ...(paceMs === undefined ? {} : { paceMs }),
      ...(sample === undefined ? {} : { sample }),
      ...(maxAnswerBytes === undefined ? {} : { maxAnswerBytes }),
      ...(maxAnswerRows === undefined ? {} : { maxAnswerRows }),
    },
    ...(report === undefined ? {} : { report }),
    ...(junit === undefined ? {} : { junit }),
    quiet: values.quiet === true,
    allowSkips: values["allow-skips"] === true,
  };
}
