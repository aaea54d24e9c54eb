import { readFileSync } from "node:fs";
import { toFieldErrors } from "@giosg-reporting/contract";
import { z } from "zod";

/** One API token the stub accepts, and what its user may do. */
export const tokenSchema = z
  .object({
    token: z.string().regex(/^\S+$/, { message: "Must be one word without spaces" }),
    organizations: z
      .union([
        z.literal("all"),
        z.array(
          z
            .string()
            .uuid()
            .transform((id) => id.toLowerCase()),
        ),
      ])
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

/** One API token the stub accepts. */
export type TokenGrant = z.output<typeof tokenSchema>;
/** One API token as configured. */
export type TokenConfig = z.input<typeof tokenSchema>;

/** A tokens file: `{ "tokens": [ … ] }`. */
export const tokensFileSchema = z.object({ tokens: z.array(tokenSchema).min(1) }).strict();

/** The default tokens: `demo` reads everything; one token for each cause of 403. */
export const DEFAULT_TOKENS: readonly TokenConfig[] = [
  { token: "demo", description: "full access to every organization" },
  { token: "demo-no-subscription", subscription: false, description: "403 no_active_subscription" },
  { token: "demo-no-access", organizations: [], description: "403 no_organization_access" },
  { token: "demo-no-reporting", reporting: false, description: "403 no_reporting_permission" },
];

/** Tokens that cannot be used; the message names the failing entry. */
export class TokensError extends Error {
  override readonly name = "TokensError";
}

/** Checks token configurations and fills in their defaults. */
export function parseTokens(tokens: readonly TokenConfig[], origin = "tokens"): TokenGrant[] {
  const result = tokensFileSchema.safeParse({ tokens });
  if (!result.success) {
    const failures = toFieldErrors(result.error.issues).map(
      ({ path, message }) => `${path}: ${message}`,
    );
    throw new TokensError(`${origin}: ${failures.join("; ")}`);
  }
  return result.data.tokens;
}

/** Reads a tokens file (JSON `{ "tokens": [{ "token", "organizations", "subscription", "reporting" }] }`). */
export function readTokensFile(path: string): TokenGrant[] {
  let json: { tokens?: TokenConfig[] };
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new TokensError(`${path}: ${(error as Error).message}`);
  }
  return parseTokens(json?.tokens ?? [], path);
}
