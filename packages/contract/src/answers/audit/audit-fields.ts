// How a list of names (an answer's `fields`, a row's keys) differs from the one the contract expects.

/** What is missing, what is extra and whether the common names are in another order. */
export interface NameDifference {
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  readonly reordered: boolean;
}

/** How `actual` differs from `expected`, or `undefined` when they are equal. */
export function nameDifference(
  expected: readonly string[],
  actual: readonly string[],
): NameDifference | undefined {
  if (expected.length === actual.length && expected.every((name, i) => actual[i] === name))
    return undefined;
  const have = new Set(actual);
  const want = new Set(expected);
  const missing = expected.filter((name) => !have.has(name));
  const extra = actual.filter((name) => !want.has(name));
  const commonExpected = expected.filter((name) => have.has(name));
  const commonActual = actual.filter((name) => want.has(name));
  const reordered = commonExpected.some((name, i) => commonActual[i] !== name);
  return { missing, extra, reordered };
}

/** One line saying how the names differ: `missing os_version; unexpected foo; in another order`. */
export function describeNameDifference({ missing, extra, reordered }: NameDifference): string {
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${missing.map(quoted).join(", ")}`);
  if (extra.length > 0) parts.push(`unexpected ${extra.map(quoted).join(", ")}`);
  if (reordered) parts.push("in another order");
  return parts.join("; ");
}

function quoted(name: string): string {
  return /^[a-z_0-9]+$/.test(name) ? name : JSON.stringify(name);
}
