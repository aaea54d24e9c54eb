// A tokens file read from disk (Node only: the browser entry never reads files).
import { readFileSync } from "node:fs";
import { parseTokensText, type TokenGrant, TokensError } from "./tokens";

/** Reads a tokens file (JSON `{ "tokens": [{ "token", "organizations", "subscription", "reporting" }] }`). */
export function readTokensFile(path: string): TokenGrant[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch (error) {
    throw new TokensError(`${path}: ${(error as Error).message}`);
  }
  return parseTokensText(text, path);
}
