/**
 * The page side of the parser suite in Chromium: the same binding (wasm/binding/parser.ts) and the
 * same dist/firn.wasm as in Node, fetched and compiled the way the playground's worker does.
 * Written against globalThis only, so it type-checks with the Node tests around it.
 */
import { LogParser, type EnrichmentConfig, type FragmentRecord, type LineCounts } from '../../../wasm/binding/parser.ts';

export interface PageParse {
  readonly eventsText: string;
  readonly badText: string;
  readonly fragmentsText: string;
  readonly counts: LineCounts;
  /** Each reassembled set's output, when fragments were given back. */
  readonly reassembledText: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
let module: Promise<WebAssembly.Module> | undefined;

async function parse(input: string | number[], source: string, enrichments: EnrichmentConfig, chunkSize: number): Promise<PageParse> {
  module ??= fetch('/dist/firn.wasm').then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b));
  const parser = await LogParser.create(await module, { inputBytes: 1 << 18, eventsBytes: 1 << 20, badBytes: 1 << 20, enrichments });
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : Uint8Array.from(input);
  let eventsText = '';
  let badText = '';
  let fragmentsText = '';
  const sink = (b: { events: Uint8Array; bad: Uint8Array; fragments: Uint8Array }): void => {
    eventsText += decoder.decode(b.events);
    badText += decoder.decode(b.bad);
    fragmentsText += decoder.decode(b.fragments);
  };
  parser.beginFile(source);
  for (let at = 0; at < bytes.length; at += chunkSize) parser.push(bytes.subarray(at, at + chunkSize), sink);
  const counts = parser.end(sink);
  // reassemble complete fragment sets, in index order
  let reassembledText = '';
  const sets = new Map<string, FragmentRecord[]>();
  for (const line of fragmentsText.split('\n').filter(Boolean)) {
    const f = JSON.parse(line) as FragmentRecord;
    sets.set(f.eid, [...(sets.get(f.eid) ?? []), f]);
  }
  for (const set of sets.values()) {
    const sorted = set.sort((a, b) => a.index - b.index);
    if (sorted.length !== sorted[0]!.count) continue;
    parser.reassemble(sorted[0]!, sorted.map((f) => f.data).join(''), (b) => (reassembledText += decoder.decode(b.events) + decoder.decode(b.bad)));
  }
  return { eventsText, badText, fragmentsText, counts, reassembledText };
}

(globalThis as unknown as { firnParse: typeof parse }).firnParse = parse;
