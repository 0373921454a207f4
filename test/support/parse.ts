/** Runs the real dist/firn.wasm over log text and collects everything it produced. */
import { COLUMNS } from '../../contract/index.ts';
import { loadParser } from '../../wasm/binding/node.ts';
import { INDEX_WORDS, type EnrichmentConfig, type FragmentRecord, type LineCounts, type LogParser } from '../../wasm/binding/parser.ts';

export interface BadRow {
  readonly line: string;
  readonly source: string;
  readonly lineNumber: number;
  readonly errors: readonly { readonly field: string | null; readonly value: string | number | null; readonly message: string }[];
}

export interface Parsed {
  /** Each event as column name → value ('' is null). */
  readonly events: Record<string, string>[];
  /** The raw index records, INDEX_WORDS per event. */
  readonly index: number[][];
  readonly eventsText: string;
  readonly bad: BadRow[];
  readonly fragments: FragmentRecord[];
  readonly counts: LineCounts;
  /** The parser that read it, to reassemble fragments with. */
  readonly parser: LogParser;
}

const decoder = new TextDecoder('utf-8', { fatal: true }); // the parser must only ever write valid UTF-8

/** Parses `input` as one log file, fed in chunks of `chunkSize` bytes (default: all at once). */
export async function parseLog(
  input: string | Uint8Array,
  options: { source?: string; chunkSize?: number; etlTstampMs?: number; enrichments?: EnrichmentConfig; parser?: LogParser } = {},
): Promise<Parsed> {
  // A parser may be reused across calls (the fuzz test parses thousands of files); each file starts afresh.
  const parser = options.parser ?? (await loadParser({ inputBytes: 1 << 18, eventsBytes: 1 << 20, badBytes: 1 << 20, enrichments: options.enrichments ?? {} }));
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  let eventsText = '';
  let badText = '';
  let fragmentsText = '';
  const index: number[][] = [];
  const sink = (batch: { events: Uint8Array; index: Uint32Array; bad: Uint8Array; fragments: Uint8Array }): void => {
    const base = eventsText.length;
    const text = decoder.decode(batch.events);
    // index offsets are bytes; the test inputs keep rows ASCII-only or we re-derive below
    for (let i = 0; i < batch.index.length; i += INDEX_WORDS) index.push([...batch.index.subarray(i, i + INDEX_WORDS)].map((v, k) => (k === 0 ? v + base : v)));
    eventsText += text;
    badText += decoder.decode(batch.bad);
    fragmentsText += decoder.decode(batch.fragments);
  };
  parser.beginFile(options.source ?? 'test.log', options.etlTstampMs);
  const step = options.chunkSize ?? Math.max(1, bytes.length);
  for (let at = 0; at < bytes.length; at += step) parser.push(bytes.subarray(at, at + step), sink);
  const counts = parser.end(sink);
  const events = rowsOf(eventsText);
  const bad = jsonLines<BadRow>(badText);
  const fragments = jsonLines<FragmentRecord>(fragmentsText);
  return { events, index, eventsText, bad, fragments, counts, parser };
}

/** Event rows as column name → value. */
export function rowsOf(text: string): Record<string, string>[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const values = line.split('\t');
      if (values.length !== COLUMNS.length) throw new Error(`row has ${values.length} columns, expected ${COLUMNS.length}: ${line}`);
      return Object.fromEntries(COLUMNS.map((c, i) => [c.name, values[i]!]));
    });
}

export function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Reassembles a complete set of fragment records through the parser; returns what it produced. */
export function reassemble(parser: LogParser, records: readonly FragmentRecord[]): { events: Record<string, string>[]; bad: BadRow[] } {
  const sorted = [...records].sort((a, b) => a.index - b.index);
  let eventsText = '';
  let badText = '';
  parser.reassemble(sorted[0]!, sorted.map((r) => r.data).join(''), (batch) => {
    eventsText += decoder.decode(batch.events);
    badText += decoder.decode(batch.bad);
  });
  return { events: rowsOf(eventsText), bad: jsonLines<BadRow>(badText) };
}

/**
 * An event without its event_id: the same hit on another line of a file gets another derived id
 * when it has no `eid`, and every other column must be equal.
 */
export function withoutEventId({ event_id: _, ...rest }: Record<string, string>): Record<string, string> {
  return rest;
}
