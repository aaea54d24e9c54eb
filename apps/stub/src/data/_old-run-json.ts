// Rows' JSON written as bytes, reusing the encoded text of column runs that repeat from row to row.
import {
  ADVANCED_COLUMN_NAMES,
  type AdvancedColumnName,
  type AdvancedRow,
  BASIC_COLUMNS,
} from "@giosg-reporting/contract";
import { allocBytes, bytesOf, writeUtf8 } from "./bytes";

/** Each piece is this many bytes (the last fewer): the streamed body's chunk size, so none is copied. */
const PIECE_BYTES = 64 * 1024;
/** Room past a piece's end for the row that crosses it. */
const SLACK_BYTES = 8 * 1024;
/** A run's cache is emptied past this many keys, so a source with endless distinct keys stays bounded. */
const MAX_KEYS = 65_536;
const COMMA = 0x2c;
const CLOSE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NULL = bytesOf("null");

/**
 * The column whose value names a run's text, for columns that follow from it in generated data: an
 * event's description from its action, a visitor's device and place from the visitor. Other columns
 * are encoded in every row. Any row is written right: a cached text is used only when every value it
 * was written from is the row's too.
 */
const RUN_KEYS: Partial<Record<AdvancedColumnName, AdvancedColumnName>> = {
  source: "action",
  event_version: "action",
  organization_id: "action",
  organization_name: "action",
  category: "action",
  action: "action",
  label: "action",
  vendor: "action",
  properties: "action",
  dim3: "action",
  dim4: "action",
  dim5: "action",
  partner_organization_ids: "visitor_id",
  browser_name: "visitor_id",
  browser_version: "visitor_id",
  device_screen_height: "visitor_id",
  device_screen_width: "visitor_id",
  device_type: "visitor_id",
  geo_city: "visitor_id",
  geo_country: "visitor_id",
  ip_organization: "visitor_id",
  os_name: "visitor_id",
  os_version: "visitor_id",
};

/**
 * Reads each column by a named property access: one shape each, where a computed key would take the
 * slow path of a lookup by name.
 */
const READ: { readonly [Name in AdvancedColumnName]: (row: AdvancedRow) => unknown } = {
  timestamp: (row) => row.timestamp,
  source: (row) => row.source,
  event_version: (row) => row.event_version,
  organization_id: (row) => row.organization_id,
  organization_name: (row) => row.organization_name,
  category: (row) => row.category,
  action: (row) => row.action,
  label: (row) => row.label,
  vendor: (row) => row.vendor,
  properties: (row) => row.properties,
  dim1: (row) => row.dim1,
  dim2: (row) => row.dim2,
  dim3: (row) => row.dim3,
  dim4: (row) => row.dim4,
  dim5: (row) => row.dim5,
  visitor_id: (row) => row.visitor_id,
  session_id: (row) => row.session_id,
  user_id: (row) => row.user_id,
  partner_organization_ids: (row) => row.partner_organization_ids,
  browser_name: (row) => row.browser_name,
  browser_version: (row) => row.browser_version,
  device_screen_height: (row) => row.device_screen_height,
  device_screen_width: (row) => row.device_screen_width,
  device_type: (row) => row.device_type,
  geo_city: (row) => row.geo_city,
  geo_country: (row) => row.geo_country,
  ip_organization: (row) => row.ip_organization,
  os_name: (row) => row.os_name,
  os_version: (row) => row.os_version,
  value: (row) => row.value,
};

/** Consecutive output columns that are encoded together: in every row, or cached by `key`'s value. */
interface Run {
  /** Each column's `"name":` with the separator before it. */
  readonly prefixes: readonly string[];
  /** The same as UTF-8. */
  readonly prefixBytes: readonly Uint8Array[];
  /** Reads the advanced column each comes from. */
  readonly read: readonly ((row: AdvancedRow) => unknown)[];
  /** Reads the value that names the run's text, when it is cached. */
  readonly key: ((row: AdvancedRow) => unknown) | undefined;
}

/** A run's text, with the values it was written from. */
interface Written {
  readonly values: readonly unknown[];
  readonly bytes: Uint8Array;
}

function runsOf(
  columns: readonly { readonly name: string; readonly from: AdvancedColumnName }[],
): readonly Run[] {
  const runs: {
    prefixes: string[];
    from: AdvancedColumnName[];
    key: AdvancedColumnName | undefined;
  }[] = [];
  columns.forEach(({ name, from }, index) => {
    const prefix = `${index === 0 ? "{" : ","}${JSON.stringify(name)}:`;
    const key = RUN_KEYS[from];
    const last = runs[runs.length - 1];
    if (last && last.key === key) {
      last.prefixes.push(prefix);
      last.from.push(from);
    } else runs.push({ prefixes: [prefix], from: [from], key });
  });
  return runs.map(({ prefixes, from, key }) => ({
    prefixes,
    prefixBytes: prefixes.map((prefix) => bytesOf(prefix)),
    read: from.map((name) => READ[name]),
    key: key === undefined ? undefined : READ[key],
  }));
}

const ADVANCED_RUNS = runsOf(ADVANCED_COLUMN_NAMES.map((name) => ({ name, from: name })));
const BASIC_RUNS = runsOf(BASIC_COLUMNS);

/** Whether a row's values of a run are those a text was written from (arrays item by item). */
function writtenFrom(written: Written, row: AdvancedRow, read: Run["read"]): boolean {
  for (let c = 0; c < read.length; c += 1) {
    const a = (read[c] as (row: AdvancedRow) => unknown)(row);
    const b = written.values[c];
    if (a === b) continue;
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  }
  return true;
}

/** The text of a run's columns in a row. */
function textOf(run: Run, row: AdvancedRow): string {
  let text = "";
  for (let c = 0; c < run.read.length; c += 1)
    text +=
      (run.prefixes[c] as string) +
      JSON.stringify((run.read[c] as (row: AdvancedRow) => unknown)(row));
  return text;
}

/** Bytes written into pieces of {@link PIECE_BYTES}; plain ASCII strings are copied char by char. */
class PieceWriter {
  piece = allocBytes(PIECE_BYTES + SLACK_BYTES);
  at = 0;

  /** Makes room for `bytes` more bytes. */
  room(bytes: number): void {
    if (this.at + bytes <= this.piece.length) return;
    const grown = allocBytes(Math.max(this.piece.length * 2, this.at + bytes));
    grown.set(this.piece.subarray(0, this.at));
    this.piece = grown;
  }

  byte(value: number): void {
    this.room(1);
    this.piece[this.at++] = value;
  }

  bytes(bytes: Uint8Array): void {
    this.room(bytes.length);
    const { piece } = this;
    // A loop beats `set` for the short texts most runs are.
    if (bytes.length > 64) piece.set(bytes, this.at);
    else for (let i = 0; i < bytes.length; i += 1) piece[this.at + i] = bytes[i] as number;
    this.at += bytes.length;
  }

  /** What `JSON.stringify(value)` writes; a string of printable ASCII without `"` or `\\` directly. */
  json(value: unknown): void {
    if (typeof value === "string" && value.length <= 256) {
      this.room(value.length + 2);
      const { piece } = this;
      let at = this.at;
      piece[at++] = QUOTE;
      for (let i = 0; i < value.length; i += 1) {
        const code = value.charCodeAt(i);
        if (code < 0x20 || code > 0x7e || code === QUOTE || code === BACKSLASH) {
          this.text(value);
          return;
        }
        piece[at++] = code;
      }
      piece[at++] = QUOTE;
      this.at = at;
      return;
    }
    if (value === null) this.bytes(NULL);
    else this.text(value);
  }

  /** `JSON.stringify(value)` as UTF-8. */
  text(value: unknown): void {
    const text = JSON.stringify(value);
    this.room(text.length * 3);
    this.at += writeUtf8(this.piece, text, this.at);
  }

  /** A whole piece (the bytes past it go on in a new one), or at the end what is left. */
  take(): Uint8Array {
    const full = Math.min(this.at, PIECE_BYTES);
    const taken = this.piece.subarray(0, full);
    const next = allocBytes(Math.max(PIECE_BYTES + SLACK_BYTES, this.at - full));
    next.set(this.piece.subarray(full, this.at));
    this.piece = next;
    this.at -= full;
    return taken;
  }
}

/**
 * The JSON texts of advanced `rows` (or of their basic projections), comma-separated, as UTF-8 pieces
 * of about 64 KiB: what `JSON.stringify` writes for each row when its keys are in the contract's
 * column order, as the fixtures make them. Runs of columns that follow from one value (a visitor's
 * device and place, an event's description) are encoded once and copied.
 */
export function* runJson(rows: Iterable<AdvancedRow>, basic: boolean): Generator<Uint8Array> {
  const runs = basic ? BASIC_RUNS : ADVANCED_RUNS;
  const caches = runs.map(() => new Map<unknown, Written>());
  const out = new PieceWriter();
  let first = true;
  for (const row of rows) {
    if (!first) out.byte(COMMA);
    first = false;
    for (let r = 0; r < runs.length; r += 1) {
      const run = runs[r] as Run;
      if (run.key === undefined) {
        for (let c = 0; c < run.read.length; c += 1) {
          out.bytes(run.prefixBytes[c] as Uint8Array);
          out.json((run.read[c] as (row: AdvancedRow) => unknown)(row));
        }
        continue;
      }
      const cache = caches[r] as Map<unknown, Written>;
      const name = run.key(row);
      let written = cache.get(name);
      if (written === undefined || !writtenFrom(written, row, run.read)) {
        written = {
          values: run.read.map((read) => read(row)),
          bytes: bytesOf(textOf(run, row)),
        };
        if (cache.size >= MAX_KEYS) cache.clear();
        cache.set(name, written);
      }
      out.bytes(written.bytes);
    }
    out.byte(CLOSE);
    while (out.at >= PIECE_BYTES) yield out.take();
  }
  if (out.at > 0) yield out.take();
}
