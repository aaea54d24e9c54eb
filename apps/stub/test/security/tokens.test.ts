// The tokens the stub accepts: a tokens file refused at start, naming the entry and line, never a secret.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { corsOriginProblem } from "../../src/http/security/cors-origins";
import { elementLines } from "../../src/http/security/json-element-lines";
import { parseTokens, type TokenConfig, TokensError } from "../../src/http/security/tokens";
import { readTokensFile } from "../../src/http/security/tokens-file";

const ORGANIZATION = "e40bcb66-8c63-4aa7-8d81-68d8e8cef907";

/** Writes a tokens file and returns its path. */
function tokensFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "stub-tokens-")), "tokens.json");
  writeFileSync(path, text);
  return path;
}

/** The message of the {@link TokensError} that `read` throws. */
function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(TokensError);
    return (error as Error).message;
  }
  throw new Error("expected the tokens to be refused");
}

describe("parseTokens", () => {
  it("fills in the defaults: every organization, active, reporting, not secret, named by the token", () => {
    expect(parseTokens([{ token: "ci" }])).toEqual([
      {
        token: "ci",
        name: "ci",
        secret: false,
        organizations: "all",
        subscription: true,
        reporting: true,
      },
    ]);
  });

  it.each<[string, TokenConfig[], string]>([
    [
      "a repeated token (the last entry would win: [] then all)",
      [
        { token: "ci", organizations: [] },
        { token: "ci", organizations: "all" },
      ],
      'tokens[1] "ci": token: repeats the token of tokens[0]; each token may appear once',
    ],
    [
      "a repeated name",
      [{ token: "a", name: "ci" }, { token: "ci" }],
      'tokens[1] "ci": name: repeats the name of tokens[0]; each name may appear once',
    ],
    [
      "a secret token without a name",
      [{ token: "s3cr3t", secret: true }],
      "tokens[0]: name: a secret token needs a name, which the stub's output shows instead",
    ],
    [
      "an unknown key",
      [{ token: "ci", organisations: [] } as TokenConfig],
      'tokens[0] "ci": organisations: Unknown key "organisations"',
    ],
    [
      "a malformed organization",
      [{ token: "ci", organizations: ["acme"] }],
      'tokens[0] "ci": organizations: Must be "all" or a list of organization ids (UUIDs)',
    ],
    [
      "a token with a space",
      [{ token: "two words" }],
      'tokens[0] "two words": token: Must be one word without spaces',
    ],
    ["no token at all", [], "tokens: Array must contain at least 1 element(s)"],
  ])("refuses %s, naming the entry", (_, tokens, message) => {
    expect(refusal(() => parseTokens(tokens))).toBe(message);
  });

  it("never names a secret token by its value, even when it is repeated or malformed", () => {
    const message = refusal(() =>
      parseTokens([
        { token: "s3cr3t", secret: true, name: "ci-1" },
        { token: "s3cr3t", secret: true, name: "ci-2", organizations: ["x"] },
        { token: "0ther", secret: true, reporting: "yes" as unknown as boolean },
      ]),
    );
    expect(message).not.toMatch(/s3cr3t|0ther/);
    expect(message.split("\n")).toEqual([
      'tokens[1] "ci-2": organizations: Must be "all" or a list of organization ids (UUIDs)',
      "tokens[2]: reporting: Expected boolean, received string",
    ]);
    // Repeats are looked for once every entry is well formed.
    const repeated = refusal(() =>
      parseTokens([
        { token: "s3cr3t", secret: true, name: "ci-1" },
        { token: "s3cr3t", secret: true, name: "ci-2" },
      ]),
    );
    expect(repeated).toBe(
      'tokens[1] "ci-2": token: repeats the token of tokens[0]; each token may appear once',
    );
  });
});

describe("readTokensFile", () => {
  it("names the file and the line of the failing entry, one failure a line", () => {
    const path = tokensFile(`{
  "tokens": [
    { "token": "demo", "organizations": [] },
    {
      "token": "ci",
      "organisations": ["${ORGANIZATION}"]
    },
    { "token": "demo", "organizations": "all" }
  ]
}
`);
    expect(refusal(() => readTokensFile(path)).split("\n")).toEqual([
      `${path}:4: tokens[1] "ci": organisations: Unknown key "organisations"`,
      `${path}:8: tokens[2] "demo": token: repeats the token of tokens[0]; each token may appear once`,
    ]);
  });

  it.each([
    [
      "an unknown key beside tokens",
      '{"tokens": [{"token": "ci"}], "token": "x"}',
      'token: Unknown key "token"',
    ],
    [
      "a list instead of an object",
      '[{"token": "ci"}]',
      'must be a JSON object {"tokens": [{"token": …}, …]}',
    ],
    ["no tokens", "{}", "tokens: Required"],
    [
      "tokens that are not a list",
      '{"tokens": {"token": "ci"}}',
      "tokens: Expected array, received object",
    ],
  ])("refuses %s, naming the file", (_, text, message) => {
    const path = tokensFile(text);
    expect(refusal(() => readTokensFile(path))).toBe(`${path}: ${message}`);
  });

  it.each<[string, string, RegExp]>([
    [
      "a comma before the end of an entry",
      '{\n  "tokens": [\n    { "token": "s3cr3t-value", "secret": true, "name": "ci", },\n  ]\n}\n',
      /line 3,? column 62\b/,
    ],
    [
      "a value that is not JSON",
      '{\n  "tokens": [\n    { "token": s3cr3t-value }\n  ]\n}\n',
      /line 3,? column 16\b/,
    ],
    ["a file cut short", '{\n  "tokens": [\n    { "token": "ci" }\n', /line 4,? column 1\b/],
  ])(
    "refuses JSON with a syntax error (%s), naming the file, line and column, never quoting a token",
    (_, text, where) => {
      const path = tokensFile(text);
      const message = refusal(() => readTokensFile(path));
      expect(message.startsWith(`${path}: `)).toBe(true);
      expect(message.slice(path.length + 2)).toMatch(where);
      expect(message).not.toContain("s3cr3t");
    },
  );

  it("reads a valid file, byte-order mark included, with the organizations in lower case", () => {
    const path = tokensFile(
      `\uFEFF{"tokens": [{"token": "ci", "organizations": ["${ORGANIZATION.toUpperCase()}"]}, {"token": "s3cr3t", "name": "ci-2", "secret": true}]}`,
    );
    expect(readTokensFile(path)).toEqual([
      expect.objectContaining({ token: "ci", name: "ci", organizations: [ORGANIZATION] }),
      expect.objectContaining({ token: "s3cr3t", name: "ci-2", secret: true }),
    ]);
  });
});

describe("elementLines", () => {
  it.each<[string, string, number[] | undefined]>([
    ["one entry a line", '{\n"tokens": [\n{"a": 1},\n{"a": 2}\n]\n}', [3, 4]],
    [
      "look-alikes in strings and nesting",
      '{"x": "\\"tokens\\": [", "y": [{"tokens": [1]}],\n"tokens": [\n"]", {"b": "{\\n"}, 3]}',
      [3, 3, 3],
    ],
    ["the last of a repeated key, as JSON.parse", '{"tokens": [1],\n"tokens": [\n2]}', [3]],
    ["entries on one line", '{"tokens":[1,true,null,"s",[],{}]}', [1, 1, 1, 1, 1, 1]],
    ["an empty list", '{"tokens": []}', []],
    ["no such key", '{"other": [1]}', undefined],
    ["a key that holds no list", '{"tokens": 1}', undefined],
    ["a list at the top", "[1]", undefined],
  ])("finds the lines of %s", (_, text, lines) => {
    JSON.parse(text); // only texts that parse are given
    expect(elementLines(text, "tokens")).toEqual(lines);
  });
});

describe("corsOriginProblem", () => {
  it.each([
    "*",
    "https://a.example",
    "http://localhost:3000",
    "http://[::1]:8080",
    "chrome-extension://abcdef",
  ])("accepts %s", (origin) => {
    expect(corsOriginProblem(origin)).toBeUndefined();
  });

  it.each([
    ["https://a.example/", "https://a.example"],
    ["https://a.example/app", "https://a.example"],
    ["https://A.Example", "https://a.example"],
    ["https://a.example:443", "https://a.example"],
    ["a.example", "https://a.example"],
    ["localhost:3000", "http://localhost:3000"],
    ["chrome-extension://abcdef/", "chrome-extension://abcdef"],
  ])("refuses %s, showing %s", (origin, fixed) => {
    expect(corsOriginProblem(origin)).toBe(
      `"${origin}" never matches a browser's Origin (scheme://host[:port], no path, no trailing slash): use "${fixed}"`,
    );
  });

  it("refuses null, which any page can send", () => {
    expect(corsOriginProblem("null")).toMatch(/^"null" would let any page in/);
  });
});
