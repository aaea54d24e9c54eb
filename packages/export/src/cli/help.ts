// The --help text.

/** What `giosg-reporting-export --help` prints. */
export const HELP = `Usage: GIOSG_TOKEN=<token> giosg-reporting-export --organization <uuid> --workflow <uuid> --interval <start>/<end> --out <dir> [options]

Exports a workflow's step source data into files, one per (step, target, window), each written whole
or not at all. A rerun with the same arguments writes only the units still missing.

Options:
  --organization <uuid>    the organization's id (required)
  --workflow <uuid>        the workflow's id (required)
  --interval <start/end>   the half-open interval, ISO 8601 with Z or an offset, whole seconds; the end
                           may be now (minus --settle) (required)
  --out <dir>              the folder; files go to <dir>/<workflow>/step-<n>/<target>/<start>_<end>.<format>
                           and the finished units to <dir>/<workflow>/export-state.json (required)
  --format <format>        ndjson (default) or csv
  --steps <list>           the steps, such as 1,2,4, or all (step 1, 2, … until the API answers 404
                           step_not_found) (default 1)
  --targets <list>         default and/or triggered_goal (default default)
  --window <length>        the window: whole days (1d, the default) or hours dividing a day (6h, 1h)
  --max-window-rows <n>    a window whose answer passes n rows is split in two, recursively
                           (default 1000000; 0: never)
  --incremental            start where the finished units end, not at the interval's start
  --settle <delay>         with --interval <start>/now: stop this long before now (default 1h; 0, 30m, 1d)
  --concurrency <n>        units in flight at once, 1 to 16 (default 2)
  --base-url <url>         where the API is (default https://api.giosg.com)
  -h, --help               this text

The token is read from GIOSG_TOKEN only. Exit code: 0 when every unit is written, 1 when some failed
(each named with its window; the others are still written), 2 when the export could not start
(a usage error, the steps not found, or the folder locked by another run: <out>/<workflow>/export.lock).
`;
