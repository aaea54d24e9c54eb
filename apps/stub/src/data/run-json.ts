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
/** A run's kept texts are dropped past this many keys, so a source with endless distinct keys stays bounded. */
export const MAX_KEPT_TEXTS = 65_536;
const COMMA = 0x2c;
const CLOSE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NULL = bytesOf("null");

/**
 * The advanced columns in the order the writers below write them (the contract's order): checked
 * against the contract when this module loads, so that a change there cannot go unnoticed here.
 */
const ADVANCED_ORDER = [
  ...["timestamp", "source", "event_version", "organization_id", "organization_name", "category"],
  ...["action", "label", "vendor", "properties", "dim1", "dim2", "dim3", "dim4", "dim5"],
  ...["visitor_id", "session_id", "user_id", "partner_organization_ids", "browser_name"],
  ...["browser_version", "device_screen_height", "device_screen_width", "device_type", "geo_city"],
  ...["geo_country", "ip_organization", "os_name", "os_version", "value"],
];
/** The advanced column each basic column comes from, in the order {@link writeBasic} writes them. */
const BASIC_ORDER = [
  ...["timestamp", "dim4", "browser_name", "device_type", "geo_city", "geo_country"],
  ...["ip_organization", "os_name", "label", "dim1", "visitor_id"],
];
if (
  ADVANCED_COLUMN_NAMES.join() !== ADVANCED_ORDER.join() ||
  BASIC_COLUMNS.map(({ from }) => from).join() !== BASIC_ORDER.join()
)
  throw new Error("run-json.ts writes the columns in an order the contract no longer has");

/** `"name":` after `{` for the first column, `,` for the others. */
const keyText = (name: string, index: number) =>
  `${index === 0 ? "{" : ","}${JSON.stringify(name)}:`;
/** Each advanced column's key text, by name. */
const A = Object.fromEntries(
  ADVANCED_COLUMN_NAMES.map((name, i) => [name, keyText(name, i)]),
) as Readonly<Record<AdvancedColumnName, string>>;
/** Each basic column's key text, by the advanced column it comes from. */
const B = Object.fromEntries(
  BASIC_COLUMNS.map(({ name, from }, i) => [from, keyText(name, i)]),
) as Readonly<Record<(typeof BASIC_COLUMNS)[number]["from"], string>>;
const bytesOfKey = bytesOf;
const A_TIMESTAMP = bytesOfKey(A.timestamp);
const A_DIM2 = bytesOfKey(A.dim2);
const A_SESSION_ID = bytesOfKey(A.session_id);
const A_USER_ID = bytesOfKey(A.user_id);
const B_TIMESTAMP = bytesOfKey(B.timestamp);
const B_DIM4 = bytesOfKey(B.dim4);
const B_DIM1 = bytesOfKey(B.dim1);
const B_VISITOR_ID = bytesOfKey(B.visitor_id);

/** Two values whose JSON texts are the same: the same value, or lists of the same items. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

const j = (value: unknown) => JSON.stringify(value);

/** A run's text, with the row it was written from (whose values of the run it holds). */
interface Written {
  readonly row: AdvancedRow;
  readonly bytes: Uint8Array;
  /** The JSON text of the value the run is kept by (a visitor's id), for runs whose key is written too. */
  readonly key: Uint8Array | undefined;
}

/** The columns of an event's description, from `source` to `properties` (and the next key): they follow from its action. */
const sameEvent = (a: AdvancedRow, b: AdvancedRow) =>
  a.action === b.action &&
  a.source === b.source &&
  a.event_version === b.event_version &&
  a.organization_id === b.organization_id &&
  a.organization_name === b.organization_name &&
  a.category === b.category &&
  a.label === b.label &&
  a.vendor === b.vendor &&
  same(a.properties, b.properties);
const eventText = (r: AdvancedRow) =>
  `${A.source}${j(r.source)}${A.event_version}${j(r.event_version)}${A.organization_id}${j(r.organization_id)}${A.organization_name}${j(r.organization_name)}${A.category}${j(r.category)}${A.action}${j(r.action)}${A.label}${j(r.label)}${A.vendor}${j(r.vendor)}${A.properties}${j(r.properties)}${A.dim1}`;

/** `dim3` to `dim5` (and the next key): the action's identifier, its step's name and index. */
const sameStep = (a: AdvancedRow, b: AdvancedRow) =>
  a.dim3 === b.dim3 && a.dim4 === b.dim4 && a.dim5 === b.dim5;
const stepText = (r: AdvancedRow) =>
  `${A.dim3}${j(r.dim3)}${A.dim4}${j(r.dim4)}${A.dim5}${j(r.dim5)}${A.visitor_id}`;

/** From `partner_organization_ids` to `os_version` (and the next key): they follow from the visitor. */
const sameDevice = (a: AdvancedRow, b: AdvancedRow) =>
  a.browser_name === b.browser_name &&
  a.browser_version === b.browser_version &&
  a.device_screen_height === b.device_screen_height &&
  a.device_screen_width === b.device_screen_width &&
  a.device_type === b.device_type &&
  a.geo_city === b.geo_city &&
  a.geo_country === b.geo_country &&
  a.ip_organization === b.ip_organization &&
  a.os_name === b.os_name &&
  a.os_version === b.os_version &&
  same(a.partner_organization_ids, b.partner_organization_ids);
const deviceText = (r: AdvancedRow) =>
  `${A.partner_organization_ids}${j(r.partner_organization_ids)}${A.browser_name}${j(r.browser_name)}${A.browser_version}${j(r.browser_version)}${A.device_screen_height}${j(r.device_screen_height)}${A.device_screen_width}${j(r.device_screen_width)}${A.device_type}${j(r.device_type)}${A.geo_city}${j(r.geo_city)}${A.geo_country}${j(r.geo_country)}${A.ip_organization}${j(r.ip_organization)}${A.os_name}${j(r.os_name)}${A.os_version}${j(r.os_version)}${A.value}`;

/** The basic columns from `Browser` to `OS (operating system)` (and the next key): they follow from the visitor. */
const sameBasicDevice = (a: AdvancedRow, b: AdvancedRow) =>
  a.browser_name === b.browser_name &&
  a.device_type === b.device_type &&
  a.geo_city === b.geo_city &&
  a.geo_country === b.geo_country &&
  a.ip_organization === b.ip_organization &&
  a.os_name === b.os_name;
const basicDeviceText = (r: AdvancedRow) =>
  `${B.browser_name}${j(r.browser_name)}${B.device_type}${j(r.device_type)}${B.geo_city}${j(r.geo_city)}${B.geo_country}${j(r.geo_country)}${B.ip_organization}${j(r.ip_organization)}${B.os_name}${j(r.os_name)}${B.label}`;

/**
 * The encoded texts of column runs, by the value they follow from (an event's description by its
 * action, a visitor's device and place by the visitor), kept between answers: a source that keeps one
 * writes a day's answer from texts its earlier answers made. Each run keeps at most
 * {@link MAX_KEPT_TEXTS}. A kept text is used only when every value it was written from is the row's.
 */
export class RunTexts {
  readonly events = new Map<unknown, Written>();
  readonly steps = new Map<unknown, Written>();
  readonly devices = new Map<unknown, Written>();
  readonly basicDevices = new Map<unknown, Written>();

  /** Keeps `row`'s text of a run under `key` and returns it. */
  keep(
    run: Map<unknown, Written>,
    key: unknown,
    row: AdvancedRow,
    text: string,
    keyText?: string,
  ): Written {
    const written = {
      row,
      bytes: bytesOf(text),
      key: keyText === undefined ? undefined : bytesOf(keyText),
    };
    if (run.size >= MAX_KEPT_TEXTS) run.clear();
    run.set(key, written);
    return written;
  }
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
    // A loop beats `set` for short texts.
    if (bytes.length > 48) piece.set(bytes, this.at);
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
    else if (typeof value === "number") this.number(value);
    else this.text(value);
  }

  /** What `JSON.stringify(value)` writes for a number: small whole ones digit by digit. */
  number(value: number): void {
    if (!Number.isInteger(value) || value < 0 || value > 999_999_999) {
      this.text(value);
      return;
    }
    this.room(10);
    const { piece } = this;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
    let at = this.at + digits;
    this.at = at;
    let rest = value;
    do {
      piece[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
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

/** Writes an advanced row's JSON text, each key read by name (one shape: fast property reads). */
function writeAdvanced(row: AdvancedRow, out: PieceWriter, texts: RunTexts): void {
  out.bytes(A_TIMESTAMP);
  out.json(row.timestamp);
  const { events, steps, devices } = texts;
  let event = events.get(row.action);
  if (event === undefined || !sameEvent(event.row, row))
    event = texts.keep(events, row.action, row, eventText(row));
  out.bytes(event.bytes);
  out.json(row.dim1);
  out.bytes(A_DIM2);
  out.json(row.dim2);
  let step = steps.get(row.action);
  if (step === undefined || !sameStep(step.row, row))
    step = texts.keep(steps, row.action, row, stepText(row));
  out.bytes(step.bytes);
  // The visitor's id is written from the text kept with their device's (the same value).
  const visitor = row.visitor_id;
  let device = devices.get(visitor);
  if (device === undefined || !sameDevice(device.row, row))
    device = texts.keep(devices, visitor, row, deviceText(row), j(visitor));
  out.bytes(device.key as Uint8Array);
  out.bytes(A_SESSION_ID);
  out.json(row.session_id);
  out.bytes(A_USER_ID);
  out.json(row.user_id);
  out.bytes(device.bytes);
  out.json(row.value);
  out.byte(CLOSE);
}

/** Writes the JSON text of a row's basic projection. */
function writeBasic(row: AdvancedRow, out: PieceWriter, texts: RunTexts): void {
  out.bytes(B_TIMESTAMP);
  out.json(row.timestamp);
  out.bytes(B_DIM4);
  out.json(row.dim4);
  const { basicDevices } = texts;
  let device = basicDevices.get(row.visitor_id);
  if (device === undefined || !sameBasicDevice(device.row, row))
    device = texts.keep(basicDevices, row.visitor_id, row, basicDeviceText(row));
  out.bytes(device.bytes);
  out.json(row.label);
  out.bytes(B_DIM1);
  out.json(row.dim1);
  out.bytes(B_VISITOR_ID);
  out.json(row.visitor_id);
  out.byte(CLOSE);
}

/**
 * The JSON texts of advanced `rows` (or of their basic projections), comma-separated, as UTF-8 pieces
 * of 64 KiB (the last fewer): what `JSON.stringify` writes for each row when its keys are in the
 * contract's column order, as the fixtures make them. Runs of columns that follow from one value (a
 * visitor's device and place, an event's description) are encoded once and copied; `texts` keeps them
 * for later answers too.
 */
export function* runJson(
  rows: Iterable<AdvancedRow>,
  basic: boolean,
  texts: RunTexts = new RunTexts(),
): Generator<Uint8Array> {
  const write = basic ? writeBasic : writeAdvanced;
  const out = new PieceWriter();
  let first = true;
  for (const row of rows) {
    if (!first) out.byte(COMMA);
    first = false;
    write(row, out, texts);
    while (out.at >= PIECE_BYTES) yield out.take();
  }
  if (out.at > 0) yield out.take();
}
