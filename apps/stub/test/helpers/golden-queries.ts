// The byte-identity tests' data and queries: a dataset whose rows carry unicode text now and then, and valid queries over every workflow's steps.
import type { AdvancedRow, StepSourceDataRequest } from "@giosg-reporting/contract";
import {
  createDataset,
  type DatasetOptions,
  generateEvents,
  type Workflow,
} from "@giosg-reporting/fixtures";
import { MemorySource } from "../../src/index";

/** Texts whose byte offsets and characters differ, and JSON escapes. */
const UNICODE = ["Zürich ✓", "日本語のページ", "emoji 😀 and \u2028 line", 'quote " and \\ slash'];

/** A dataset, its rows (every third with unicode text), and a memory source over them. */
export function unicodeSource(options: DatasetOptions) {
  const dataset = createDataset(options);
  const rows = generateEvents(dataset).map((row, index) =>
    index % 3 === 0
      ? ({ ...row, page_title: UNICODE[index % UNICODE.length] } as unknown as AdvancedRow)
      : row,
  );
  return { dataset, rows, source: new MemorySource(dataset, rows) };
}

/**
 * Valid queries over the first steps of every workflow: each interval, limit, basic and advanced,
 * both targets, and at limit 7 a filter that keeps some rows or none.
 */
export function* stepQueries(
  { dataset, rows }: Pick<ReturnType<typeof unicodeSource>, "dataset" | "rows">,
  intervals: readonly StepSourceDataRequest["interval"][],
  limits: readonly (number | undefined)[],
): Generator<[Workflow, number, Partial<StepSourceDataRequest>]> {
  for (const workflow of dataset.workflows) {
    const some = rows.find((row) => row.label === workflow.id);
    for (let step = 1; step < Math.min(workflow.steps.length, 3); step += 1)
      for (const interval of intervals)
        for (const limit of limits)
          for (const basic of [false, true])
            for (const target of ["default", "triggered_goal"] as const) {
              yield [workflow, step, { filters: [], interval, limit, basic, target }];
              if (limit === 7 && some !== undefined)
                yield [
                  workflow,
                  step,
                  {
                    interval,
                    limit,
                    basic,
                    target,
                    filters: [{ property: "source", values: [String(some.source), "nowhere"] }],
                  },
                ];
            }
  }
}
