// Rows' JSON written as bytes, reusing the encoded text of column runs that repeat from row to row.
import {
  ADVANCED_COLUMN_NAMES,
  type AdvancedColumnName,
  type AdvancedRow,
  BASIC_COLUMNS,
} from "@giosg-reporting/contract";
import { bytesOf } from "./bytes";
import { PIECE_BYTES, PieceWriter } from "./piece-writer";

/** A run's kept texts are dropped past this many keys, so a source with endless distinct keys stays bounded. */
export const MAX_KEPT_TEXTS = 16_384;
const COMMA = 0x2c;
const CLOSE = 0x7d;

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

/** Which of a stream's rows are written: those `keep` accepts, up to `limit`; `onRows` hears how many at the end. */
export interface RowSelection {
  /** Whether a row is written (a goal event when goals are asked, the filters passed). */
  readonly keep: (row: AdvancedRow) => boolean;
  /** At most this many rows are written. */
  readonly limit: number;
  /** Told how many rows were written, once the stream is over (not when the reader stops early). */
  readonly onRows?: ((rows: number) => void) | undefined;
}

/** Every row, as many as there are. */
const ALL: RowSelection = { keep: () => true, limit: Number.POSITIVE_INFINITY };

/**
 * The JSON texts of advanced `rows` (or of their basic projections), comma-separated, as UTF-8 pieces
 * of 256 KiB (the last fewer): what `JSON.stringify` writes for each row when its keys are in the
 * contract's column order, as the fixtures make them. Runs of columns that follow from one value (a
 * visitor's device and place, an event's description) are encoded once and copied; `texts` keeps them
 * for later answers too. With `selection`, only the rows it keeps are written, in the same loop (no
 * generator in between).
 */
export function* runJson(
  rows: Iterable<AdvancedRow>,
  basic: boolean,
  texts: RunTexts = new RunTexts(),
  selection: RowSelection = ALL,
): Generator<Uint8Array> {
  const write = basic ? writeBasic : writeAdvanced;
  const { keep, limit, onRows } = selection;
  const out = new PieceWriter();
  let taken = 0;
  if (limit > 0)
    for (const row of rows) {
      if (!keep(row)) continue;
      if (taken > 0) out.byte(COMMA);
      write(row, out, texts);
      taken += 1;
      while (out.at >= PIECE_BYTES) yield out.take();
      if (taken === limit) break;
    }
  onRows?.(taken);
  if (out.at > 0) yield out.take();
}
