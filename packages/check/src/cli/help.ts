// The --help text.

/** What `giosg-reporting-check --help` prints. */
export const HELP = `Usage: giosg-reporting-check --base-url <url> --token <token> --organization <uuid> --workflow <uuid> [options]

Checks a server that claims to be giosg's Workflow step source data API (https://api.giosg.com, or a
stub) against @giosg-reporting/contract, with a bounded set of read-only queries of one step.

Options:
  --base-url <url>         where the API is, such as https://api.giosg.com (required)
  --token <token>          the API token (required unless GIOSG_TOKEN is set; the environment
                           variable keeps the token out of ps); never printed
  --token-type <type>      Token (default) or Bearer
  --organization <uuid>    the organization's id (required)
  --workflow <uuid>        the workflow's id (required)
  --step <n>               the step's index, 1 or more (default 1)
  --interval <start/end>   where discovery looks, ISO 8601 with Z or an offset (default:
                           the workflow's dates as its info/ answers them, from start_date
                           to end_date or now; else the 30 days before now, whole hours)
  --pace-ms <ms>           wait between requests (default 250)
  --sample <n>             discovery's limit: rows the checks' window is chosen from (default 200)
  --max-answer-bytes <n>   the most bytes of one answer read (default 4194304, 4 MiB): past it the
                           answer is audited up to there, the rest not read, its check skipped
  --max-answer-rows <n>    the most rows of one answer read (default 10 times --sample), likewise
  --report <file>          write the report as JSON
  --junit <file>           write the report as JUnit XML
  --quiet                  print only the summary line
  --allow-skips            exit 0 when no check deviates though some could not be made
  -h, --help               print this help
  --version                print the version

Exit codes: 0 every check conforms; 1 a check deviates; 2 the run could not be made (usage error,
server unreachable, token refused, no such step); 3 no check deviates but some could not be made
(no rows to check them on: give an --interval with events), unless --allow-skips.
`;
