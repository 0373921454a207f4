/**
 * A worker that turns raw CloudFront logs into events with the same firn.wasm and binding the ETL
 * uses (there is no other parser): gunzip with DecompressionStream, feed the parser chunk by
 * chunk, collect its outputs, reassemble complete fragment sets. Exposed with comlink.
 */
import { expose, transfer } from 'comlink';
import wasmUrl from '../../../dist/firn.wasm?url';
import { LogParser, type FragmentRecord, type LineCounts, type ParsedBatch } from '../../../wasm/binding/parser.ts';
import type { RawFile, RawParse, RawWorker } from './api.ts';

let parser: Promise<LogParser> | undefined;

/** Grows a byte buffer by copying batches out of wasm memory (views there die when the sink returns). */
class Bytes {
  private buf = new Uint8Array(1 << 16);
  length = 0;
  push(b: Uint8Array): void {
    if (this.length + b.length > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + b.length));
      grown.set(this.buf.subarray(0, this.length));
      this.buf = grown;
    }
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  take(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

const isGzip = (b: Uint8Array): boolean => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

async function* chunks(file: RawFile): AsyncGenerator<Uint8Array> {
  if (!isGzip(file.bytes)) {
    yield file.bytes;
    return;
  }
  const stream = new Blob([file.bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

const worker: RawWorker = {
  async parse(files: readonly RawFile[]): Promise<RawParse> {
    parser ??= WebAssembly.compileStreaming(fetch(wasmUrl)).then((m) => LogParser.create(m));
    const p = await parser;
    const events = new Bytes();
    const bad = new Bytes();
    const fragments: FragmentRecord[] = [];
    const decoder = new TextDecoder();
    const sink = (batch: ParsedBatch): void => {
      events.push(batch.events);
      bad.push(batch.bad);
      if (batch.fragments.length > 0) for (const l of decoder.decode(batch.fragments).split('\n')) if (l) fragments.push(JSON.parse(l) as FragmentRecord);
    };
    let counts: LineCounts = { lines: 0, good: 0, bad: 0, discarded: 0, fragments: 0 };
    const now = Date.now();
    for (const file of files) {
      p.beginFile(file.name, now);
      for await (const chunk of chunks(file)) p.push(chunk, sink);
      const c = p.end(sink);
      counts = { lines: counts.lines + c.lines, good: counts.good + c.good, bad: counts.bad + c.bad, discarded: counts.discarded + c.discarded, fragments: counts.fragments + c.fragments };
    }
    // Fragments of one event share its id; a set is complete when every index has arrived.
    const sets = new Map<string, Map<number, FragmentRecord>>();
    for (const f of fragments) sets.set(f.eid, (sets.get(f.eid) ?? new Map<number, FragmentRecord>()).set(f.index, f));
    let reassembled = 0;
    let pending = 0;
    for (const set of sets.values()) {
      const first = set.get(1);
      if (!first || set.size !== first.count) {
        pending++;
        continue;
      }
      const data = [...set.values()].sort((a, b) => a.index - b.index).map((f) => f.data).join('');
      if (data.length > p.fragmentDataCapacity) {
        pending++;
        continue;
      }
      p.reassemble(first, data, sink, now);
      reassembled++;
    }
    const result: RawParse = { events: events.take(), bad: bad.take(), counts, reassembled, pending };
    return transfer(result, [result.events.buffer, result.bad.buffer]);
  },
};

expose(worker);
