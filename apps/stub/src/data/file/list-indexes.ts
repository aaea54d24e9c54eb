// Each list of a file's rows (a workflow, a step and its halves, an organization's outer goals) as a time index.
import type { MemoryTablesSnapshot, TimeIndex } from "../memory/memory-tables";

/**
 * The time indexes of the rows' lists, as {@link MemoryTablesSnapshot} holds them: row `i` is in the
 * lists named `listNames[lists[i]]` (a name starting with `outerGoals` is an organization's outer
 * goal events; one with a `|` a step's). Rows are put in time order, stably; each index is sized
 * exactly, counted first.
 */
export function listIndexes(
  times: Float64Array,
  lists: Uint32Array,
  listNames: readonly (readonly string[])[],
  outerGoals: string,
): Pick<MemoryTablesSnapshot, "byWorkflow" | "byStep" | "outerGoals"> {
  const size = times.length;
  let order: Uint32Array | undefined;
  for (let row = 1; row < size && order === undefined; row += 1)
    if ((times[row - 1] as number) > (times[row] as number))
      order = Uint32Array.from({ length: size }, (_, row) => row).sort(
        (a, b) => (times[a] as number) - (times[b] as number) || a - b,
      );
  // Each list's names as numbers, and how many rows each name takes.
  const names = new Map<string, number>();
  const namesOf = listNames.map((list) =>
    list.map((name) => {
      let id = names.get(name);
      if (id === undefined) {
        id = names.size;
        names.set(name, id);
      }
      return id;
    }),
  );
  const counts = new Uint32Array(names.size);
  for (let row = 0; row < size; row += 1)
    for (const name of namesOf[lists[row] as number] as number[])
      counts[name] = (counts[name] as number) + 1;
  const indexes = [...counts].map((count) => ({
    rows: new Uint32Array(count),
    times: new Float64Array(count),
  }));
  const filled = new Uint32Array(names.size);
  for (let i = 0; i < size; i += 1) {
    const row = order === undefined ? i : (order[i] as number);
    const at = times[row] as number;
    for (const name of namesOf[lists[row] as number] as number[]) {
      const index = indexes[name] as TimeIndex;
      const slot = filled[name] as number;
      (index.rows as Uint32Array)[slot] = row;
      (index.times as Float64Array)[slot] = at;
      filled[name] = slot + 1;
    }
  }
  const byWorkflow: [string, TimeIndex][] = [];
  const byStep: [string, TimeIndex][] = [];
  const outer: [string, TimeIndex][] = [];
  for (const [name, id] of names) {
    const index = indexes[id] as TimeIndex;
    if (name.startsWith(outerGoals)) outer.push([name.slice(outerGoals.length), index]);
    else (name.includes("|") ? byStep : byWorkflow).push([name, index]);
  }
  return { byWorkflow, byStep, outerGoals: outer };
}
