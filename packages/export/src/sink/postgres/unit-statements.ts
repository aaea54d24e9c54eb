// The SQL of one unit's transaction: what it deletes before its COPY, and how it is recorded.

/** The statements of a unit over `rowsTable` and `unitsTable` (both quoted); each takes the unit's key as `$1`…`$5`. */
export interface UnitStatements {
  /**
   * Deletes the rows of the unit's step and target whose time lies inside the unit's window: every row
   * lies inside its own unit's window (the table's check), so these are the rows of any earlier unit
   * inside the window, and those of overlapping units that fall inside it.
   */
  readonly deleteRows: string;
  /** Deletes the finished units of the unit's step and target inside its window. */
  readonly deleteUnits: string;
  /** Records the unit, its row count as `$6`. */
  readonly recordUnit: string;
}

/** The key's parameters: `$1` workflow, `$2` step, `$3` target, `$4` window start, `$5` window end. */
const UNIT = "workflow_id = $1 AND step_index = $2 AND target = $3";
/**
 * A window inside `[$4, $5)`. `window_start < $5` follows from the rest, but bounds the index's range:
 * without it PostgreSQL may scan the whole table for each unit, which makes a long export quadratic.
 */
const INSIDE = "window_start >= $4 AND window_start < $5 AND window_end <= $5";

/** The statements of a unit's transaction over the two tables. */
export function unitStatements(rowsTable: string, unitsTable: string): UnitStatements {
  return {
    deleteRows: `DELETE FROM ${rowsTable} WHERE ${UNIT} AND "timestamp" >= $4 AND "timestamp" < $5`,
    deleteUnits: `DELETE FROM ${unitsTable} WHERE ${UNIT} AND ${INSIDE}`,
    recordUnit: `INSERT INTO ${unitsTable} (workflow_id, step_index, target, window_start, window_end, rows) VALUES ($1, $2, $3, $4, $5, $6)`,
  };
}
