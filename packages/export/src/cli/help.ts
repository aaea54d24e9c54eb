// The --help text.

/** What `giosg-reporting-export --help` prints. */
export const HELP = `Usage: GIOSG_TOKEN=<token> giosg-reporting-export --organization <uuid> --workflow <uuid> --interval <start>/<end> (--out <dir> | --postgres <connection string>) [options]

Exports a workflow's step source data into files, one per (step, target, window), or into a PostgreSQL
table, one transaction per unit; each unit is written whole or not at all. A rerun with the same
arguments writes only the units still missing.

Options:
  --organization <uuid>    the organization's id (required)
  --workflow <uuid>        the workflow's id (required)
  --interval <start/end>   the half-open interval, ISO 8601 with Z or an offset, whole seconds; the end
                           may be now (minus --settle) (required)
  --out <dir>              the folder; files go to <dir>/<workflow>/step-<n>/<target>/<start>_<end>.<format>
                           and the finished units to <dir>/<workflow>/export-state.json (this, or --postgres)
  --format <format>        ndjson (default) or csv
  --buffered-writes        write the files through the page cache; by default they are written past
                           it (O_DIRECT) where the system and the file system allow, so that a large
                           export neither fills the cache nor pays to copy into it
  --postgres <url>         a PostgreSQL database instead of files: postgresql://user@host:port/db;
                           the password from PGPASSWORD or ~/.pgpass keeps it out of ps (or put the whole
                           string in GIOSG_EXPORT_POSTGRES and leave out both --out and --postgres)
  --table <name>           the table, name or schema.name (default giosg_step_source_data); the finished
                           units go to <name>_units; both are created when missing
  --steps <list>           the steps, such as 1,2,4, or all (step 1, 2, … until the API answers 404
                           step_not_found) (default 1); each is asked for one row before any unit
  --targets <list>         default and/or triggered_goal (default default)
  --window <length>        the window: whole days (1d, the default) or hours dividing a day (6h, 1h)
  --max-window-rows <n>    a window whose answer passes n rows is split in two, recursively
                           (default 1000000; 0: never)
  --incremental            start where the finished units end, not at the interval's start
  --settle <delay>         with --interval <start>/now: stop this long before now (default 1h; 0, 30m, 1d)
  --concurrency <n>        answers read at once (requests in flight), 1 to 16 (default 2)
  --base-url <url>         where the API is (default https://api.giosg.com)
  -h, --help               this text
  --version                print the version

On a terminal a progress line is redrawn on standard error; otherwise (a pipe, a log) one line per
unit. Standard output keeps the units' lines when it is not the terminal, and ends with the summary:
units, rows per step and target, retries, time and rows/s. Ctrl-C (or SIGTERM) stops the run: the unit
in progress is rolled back, the summary printed; a second Ctrl-C exits at once.

The token is read from GIOSG_TOKEN only. Exit code: 0 when every unit is written, 1 when some failed
(each named with its window; the others are still written, unless its error is one every unit
would get, such as a token revoked mid-run: the summary then says how many were not started), 2 when the export could not start
(a usage error; a step that the API refuses or cannot answer, asked before any unit: a wrong token,
workflow or step, an API out of reach; the folder or table locked by another run),
130 when stopped by Ctrl-C (SIGINT), 143 by SIGTERM; a rerun with the same arguments finishes the rest.
`;
