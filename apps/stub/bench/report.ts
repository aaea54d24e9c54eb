// The benchmark's report: every figure with its floor, ratio and goal, as a table for people and
// one JSON line (prefixed `BENCH_JSON `) for machines.

/** A goal: a bound on the figure itself, or on its ratio to the floor (`ofFloor`). */
export interface Goal {
  readonly op: ">=" | "<=" | "<" | ">";
  readonly value: number;
  readonly ofFloor?: boolean;
}

/** One measured figure. */
export interface Figure {
  /** A stable key for machines, e.g. `rows1000.c10.reqPerSecond`. */
  readonly key: string;
  readonly what: string;
  /** undefined when it could not be measured (the note says why). */
  readonly value: number | undefined;
  readonly unit: string;
  /** The same figure from the floor (or the anchor the goal names) in the same run. */
  readonly floor?: number | undefined;
  readonly floorLabel?: string;
  readonly goal?: Goal;
  readonly note?: string;
}

const compare = (value: number, { op, value: bound }: Goal) =>
  op === ">="
    ? value >= bound
    : op === "<="
      ? value <= bound
      : op === "<"
        ? value < bound
        : value > bound;

/** Whether a figure meets its goal; undefined when it has none or was not measured. */
export function met(figure: Figure): boolean | undefined {
  const { value, floor, goal } = figure;
  if (goal === undefined || value === undefined) return undefined;
  if (!goal.ofFloor) return compare(value, goal);
  return floor === undefined || floor === 0 ? undefined : compare(value / floor, goal);
}

const number = (value: number) =>
  value >= 100
    ? Math.round(value).toLocaleString("en")
    : value >= 10
      ? String(Math.round(value * 10) / 10)
      : String(Math.round(value * 100) / 100);

const show = (value: number | undefined, unit: string) =>
  value === undefined || Number.isNaN(value) ? "n/a" : `${number(value)}${unit ? ` ${unit}` : ""}`;

function goalText({ op, value, ofFloor }: Goal, unit: string): string {
  return ofFloor ? `${op} ${Math.round(value * 100)} % of floor` : `${op} ${show(value, unit)}`;
}

/** The table's rows as text cells. */
function cells(figure: Figure): string[] {
  const { value, unit, floor, floorLabel, goal, note } = figure;
  const ratio =
    value === undefined || floor === undefined || floor === 0
      ? ""
      : `${Math.round((value / floor) * 100)} %`;
  const verdict = met(figure);
  return [
    figure.what,
    show(value, unit),
    floor === undefined ? "" : `${show(floor, unit)}${floorLabel ? ` (${floorLabel})` : ""}`,
    ratio,
    goal === undefined ? "" : goalText(goal, unit),
    verdict === undefined ? (goal ? "n/a" : "") : verdict ? "yes" : "NO",
    note ?? "",
  ];
}

/** Prints the figures as an aligned table, then one `BENCH_JSON` line. */
export function printReport(figures: readonly Figure[], context: Record<string, unknown>): void {
  const header = ["what", "measured", "floor / anchor", "ratio", "goal", "met", "note"];
  const rows = [header, ...figures.map(cells)];
  const widths = header.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (row: string[]) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join(" | ")
      .trimEnd();
  console.log(`\n${line(header)}`);
  console.log(widths.map((width) => "-".repeat(width)).join("-|-"));
  for (const row of rows.slice(1)) console.log(line(row));
  const withGoal = figures.filter((figure) => figure.goal);
  const failed = withGoal.filter((figure) => met(figure) === false).map((figure) => figure.key);
  console.log(
    `\n${withGoal.length - failed.length} of ${withGoal.length} goals met${failed.length ? `; not met: ${failed.join(", ")}` : ""}`,
  );
  const json = {
    ...context,
    figures: figures.map((figure) => ({ ...figure, met: met(figure) ?? null })),
    goalsMet: failed.length === 0,
  };
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
}
