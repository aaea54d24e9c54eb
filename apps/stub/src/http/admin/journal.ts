// The request journal: what each API request sent and what it was answered, the last N kept in a ring.
import type {
  PathParams,
  SourceDataRequest,
  StepDownloadRequest,
  StepSourceDataRequest,
  WorkflowPathParams,
} from "@giosg-reporting/contract";

/** How many entries a journal keeps unless told otherwise. */
export const DEFAULT_JOURNAL_LIMIT = 1000;
/** The most entries a journal may be told to keep. */
export const MAX_JOURNAL_LIMIT = 1_000_000;
/** The most characters of a body's text kept when it did not parse. */
export const RAW_BODY_LIMIT = 64 * 1024;
/** The most characters of each path parameter kept as sent (a valid one has at most 36). */
export const RAW_PARAM_LIMIT = 1024;

/** A body's text as sent, kept when it did not parse: cut to its first {@link RAW_BODY_LIMIT} characters. */
export interface RawBody {
  /** The text, whole or cut. */
  readonly text: string;
  /** The length of the whole text sent, in characters. */
  readonly length: number;
  /** Whether `text` is only the start of what was sent. */
  readonly cut: boolean;
}

/** One API request as the journal keeps it. */
export interface JournalEntry {
  /** When the request arrived (ISO 8601, UTC). */
  readonly time: string;
  /** The HTTP method. */
  readonly method: string;
  /** The path parameters as sent (each cut to {@link RAW_PARAM_LIMIT} characters). */
  readonly rawParams: Readonly<Record<string, string>>;
  /**
   * The path parameters parsed by the contract (`step_index` undefined on `info` and `source_data`, so
   * that `request.params?.step_index === 1` reads as it says); `null` when they are invalid.
   */
  readonly params: PathParams | (WorkflowPathParams & { readonly step_index?: undefined }) | null;
  /**
   * The payload parsed by the contract (defaults filled in): the step endpoint's, the download's (with
   * `format`) or `source_data`'s, read for the journal also when the request was answered first (a
   * scenario's failure or drop, a 401); `null` when it did not parse, was over the size limit, or for
   * `info`, a GET.
   */
  readonly body: StepSourceDataRequest | StepDownloadRequest | SourceDataRequest | null;
  /** The payload's text when it was read but did not parse (not JSON, or not what the contract accepts). */
  readonly rawBody: RawBody | null;
  /** The token's name as the tokens give it (never a secret token's value); `null` when the request named no known token. */
  readonly token: string | null;
  /** The status answered; `null` when the connection was dropped before any answer. */
  readonly status: number | null;
  /** The rows sent; `null` when not known (a stream still going, or cut short). */
  readonly rows: number | null;
}

/** Which entries to read or clear: all of them, or those of one token's name. */
export interface JournalFilter {
  /** Only the entries of the token with this name. */
  readonly token?: string;
}

/** Fills in the rows of a journaled entry once they are known (a streamed answer's, at its end). */
export type SetJournalRows = (rows: number | null) => void;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The start of `text` as a string of its own: a plain slice would keep the whole text alive (V8
 * slices point into their parent), so a journal of cut 100 MB bodies would hold the 100 MB. (A lone
 * surrogate becomes U+FFFD; a body read as UTF-8 has none.)
 */
function ownStart(text: string, end: number): string {
  return decoder.decode(encoder.encode(text.slice(0, end)));
}

/** Keeps `text` as a {@link RawBody}: its first `limit` characters, never half of a surrogate pair. */
export function rawBody(text: string, limit = RAW_BODY_LIMIT): RawBody {
  if (text.length <= limit) return { text, length: text.length, cut: false };
  const code = text.charCodeAt(limit - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
  return { text: ownStart(text, end), length: text.length, cut: true };
}

/** The path parameters as sent, each cut to {@link RAW_PARAM_LIMIT} characters: a hostile URL cannot fill the journal. */
export function rawParams(params: Readonly<Record<string, string>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    kept[name] = value.length > RAW_PARAM_LIMIT ? ownStart(value, RAW_PARAM_LIMIT) : value;
  }
  return kept;
}

/** A slot of the ring; the entry in it is replaced, never changed, when its rows become known. */
interface Slot {
  entry: JournalEntry;
}

const matches = (entry: JournalEntry, filter: JournalFilter | undefined): boolean =>
  filter?.token === undefined || entry.token === filter.token;

/**
 * The last `limit` API requests, oldest first: recording one more when full drops the oldest, so a
 * long run cannot grow it. A limit of 0 keeps nothing.
 */
export class Journal {
  /** The most entries kept. */
  readonly limit: number;
  #slots: Slot[] = [];
  /** Where the oldest entry is, once the ring is full. */
  #head = 0;

  constructor(limit = DEFAULT_JOURNAL_LIMIT) {
    if (!(Number.isInteger(limit) && limit >= 0 && limit <= MAX_JOURNAL_LIMIT)) {
      throw new RangeError(
        `journal limit must be a whole number from 0 to ${MAX_JOURNAL_LIMIT}, got ${limit}`,
      );
    }
    this.limit = limit;
  }

  /** How many entries are kept now (never more than {@link Journal.limit}). */
  get size(): number {
    return this.#slots.length;
  }

  /** Keeps `entry` (dropping the oldest when full); the returned function fills in its rows later. */
  record(entry: JournalEntry): SetJournalRows {
    if (this.limit === 0) return () => {};
    const slot: Slot = { entry: Object.freeze({ ...entry }) };
    if (this.#slots.length < this.limit) {
      this.#slots.push(slot);
    } else {
      this.#slots[this.#head] = slot;
      this.#head = (this.#head + 1) % this.limit;
    }
    // A slot dropped from the ring meanwhile is updated in vain, and collected with this function.
    return (rows) => {
      slot.entry = Object.freeze({ ...slot.entry, rows });
    };
  }

  /** The entries kept, oldest first (all of them, or one token's): a snapshot that later requests leave as it is. */
  entries(filter?: JournalFilter): JournalEntry[] {
    const slots = this.#slots;
    const entries: JournalEntry[] = [];
    for (let i = 0; i < slots.length; i += 1) {
      const { entry } = slots[(this.#head + i) % slots.length] as Slot;
      if (matches(entry, filter)) entries.push(entry);
    }
    return entries;
  }

  /** Forgets the entries kept (all of them, or one token's). */
  clear(filter?: JournalFilter): void {
    if (filter?.token === undefined) {
      this.#slots = [];
    } else {
      const slots = this.#slots;
      const kept: Slot[] = [];
      for (let i = 0; i < slots.length; i += 1) {
        const slot = slots[(this.#head + i) % slots.length] as Slot;
        if (!matches(slot.entry, filter)) kept.push(slot);
      }
      this.#slots = kept;
    }
    this.#head = 0;
  }
}
