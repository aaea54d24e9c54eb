// The tokens the stub accepts: their schema, the defaults, and the checks of a tokens file's text.
import { formatIssuePath } from "@giosg-reporting/contract";
import { type ZodIssue, z } from "zod/v3";
import { syntaxErrorOf } from "../../data/json/json-syntax-error";
import { elementLines } from "./json-element-lines";

const ONE_WORD = { message: "Must be one word without spaces" };

/** One API token the stub accepts, and what its user may do. */
export const tokenSchema = z
  .object({
    token: z.string().regex(/^\S+$/, ONE_WORD),
    name: z
      .string()
      .regex(/^\S+$/, ONE_WORD)
      .optional()
      .describe("What the stub's output calls the token (by default the token itself)."),
    secret: z
      .boolean()
      .default(false)
      .describe("Never show the token in the stub's output, only its name (which it then needs)."),
    organizations: z
      .union(
        [
          z.literal("all"),
          z.array(
            z
              .string()
              .uuid()
              .transform((id) => id.toLowerCase()),
          ),
        ],
        { errorMap: () => ({ message: 'Must be "all" or a list of organization ids (UUIDs)' }) },
      )
      .default("all")
      .describe('The organizations the user may read: "all" or a list of ids.'),
    subscription: z
      .boolean()
      .default(true)
      .describe("Whether the organization's subscription is active."),
    reporting: z.boolean().default(true).describe("Whether the user has the reporting permission."),
    description: z.string().optional(),
  })
  .strict();

/** One API token the stub accepts; `name` is what its output shows (the token itself unless named). */
export type TokenGrant = Omit<z.output<typeof tokenSchema>, "name"> & { readonly name: string };
/** One API token as configured. */
export type TokenConfig = z.input<typeof tokenSchema>;

/** What the stub's output calls a token: its name, else the token unless it is secret. */
const nameOf = (token: { token: string; name?: string | undefined; secret: boolean }) =>
  token.name ?? (token.secret ? undefined : token.token);

/**
 * A tokens file: `{ "tokens": [ … ] }`, each token once (else the last would silently win), each
 * name once (the output tells tokens apart by name), a name for each secret token.
 */
export const tokensFileSchema = z
  .object({ tokens: z.array(tokenSchema).min(1) })
  .strict()
  .superRefine(({ tokens }, context) => {
    const byToken = new Map<string, number>();
    const byName = new Map<string, number>();
    tokens.forEach((entry, index) => {
      const issue = (field: string, message: string) =>
        context.addIssue({ code: "custom", path: ["tokens", index, field], message });
      if (entry.secret && entry.name === undefined)
        issue("name", "a secret token needs a name, which the stub's output shows instead");
      const sameToken = byToken.get(entry.token);
      if (sameToken !== undefined) {
        issue("token", `repeats the token of tokens[${sameToken}]; each token may appear once`);
        return;
      }
      byToken.set(entry.token, index);
      const name = nameOf(entry);
      if (name === undefined) return;
      const sameName = byName.get(name);
      if (sameName === undefined) byName.set(name, index);
      else issue("name", `repeats the name of tokens[${sameName}]; each name may appear once`);
    });
  });

/** The default tokens: `demo` reads everything; one token for each cause of 403. */
export const DEFAULT_TOKENS: readonly TokenConfig[] = [
  { token: "demo", description: "full access to every organization" },
  { token: "demo-no-subscription", subscription: false, description: "403 no_active_subscription" },
  { token: "demo-no-access", organizations: [], description: "403 no_organization_access" },
  { token: "demo-no-reporting", reporting: false, description: "403 no_reporting_permission" },
];

/** Tokens that cannot be used; the message names the failing entry (and its line in a file). */
export class TokensError extends Error {
  override readonly name = "TokensError";
}

/** Where the tokens came from: a file's path, and the line of each entry when known. */
interface TokensOrigin {
  readonly path?: string | undefined;
  readonly lines?: readonly number[] | undefined;
}

/** An entry as a refusal names it: its index, and its name unless that would show a secret. */
function entryLabel(entry: unknown, index: number): string {
  const { token, name, secret } = (entry ?? {}) as Record<string, unknown>;
  const shown =
    typeof name === "string" ? name : secret === undefined || secret === false ? token : undefined;
  return typeof shown === "string" ? `tokens[${index}] "${shown}"` : `tokens[${index}]`;
}

/** One refusal per failing field: `file:line: tokens[2] "ci": organizations[0]: Invalid uuid`. */
function describeIssue(issue: ZodIssue, tokens: unknown, origin: TokensOrigin): string[] {
  const [first, index] = issue.path;
  const fields =
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => [...issue.path, key])
      : [issue.path];
  const message = (field: (string | number)[]) =>
    issue.code === "unrecognized_keys" ? `Unknown key "${field.at(-1)}"` : issue.message;
  if (first !== "tokens" || typeof index !== "number") {
    const where = origin.path === undefined ? "" : `${origin.path}: `;
    return fields.map((field) => `${where}${formatIssuePath(field)}: ${message(field)}`);
  }
  const line = origin.lines?.[index];
  const where =
    origin.path === undefined ? "" : `${origin.path}${line === undefined ? "" : `:${line}`}: `;
  const entry = entryLabel(Array.isArray(tokens) ? tokens[index] : undefined, index);
  return fields.map((field) => {
    const inside = field.slice(2);
    return `${where}${entry}: ${inside.length === 0 ? "" : `${formatIssuePath(inside)}: `}${message(field)}`;
  });
}

/** Checks a tokens file's content and fills in the defaults; throws a {@link TokensError}. */
function checkTokens(content: unknown, origin: TokensOrigin): TokenGrant[] {
  const result = tokensFileSchema.safeParse(content);
  if (!result.success) {
    const tokens = (content as { tokens?: unknown } | null)?.tokens;
    const failures = result.error.issues.flatMap((issue) => describeIssue(issue, tokens, origin));
    throw new TokensError(failures.join("\n"));
  }
  return result.data.tokens.map((entry) => ({ ...entry, name: nameOf(entry) ?? entry.token }));
}

/** Checks token configurations and fills in their defaults; `origin` names where they came from. */
export function parseTokens(tokens: readonly TokenConfig[], origin?: string): TokenGrant[] {
  return checkTokens({ tokens }, { path: origin });
}

/** Checks a tokens file's text (JSON `{ "tokens": [...] }`) read from `path`, which refusals name. */
export function parseTokensText(text: string, path: string): TokenGrant[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    // Where, by line and column, rather than V8's quote of the text around it: a token's value, maybe.
    throw new TokensError(`${path}: ${syntaxErrorOf(text, error, false)}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw new TokensError(`${path}: must be a JSON object {"tokens": [{"token": …}, …]}`);
  return checkTokens(json, { path, lines: elementLines(text, "tokens") });
}
