/**
 * The typed binding to firn.wasm, the same in Node and in a browser worker: it copies each
 * chunk of log bytes once into wasm memory, lets the parser run over every complete line,
 * and hands the outputs to a sink whenever they fill up. No call crosses into wasm per line.
 */

import { ConfigError, encodeConfig, type EnrichmentConfig } from './config.ts';

/** What firn.wasm exports (wasm/assembly/index.ts). */
interface ParserExports {
  readonly memory: WebAssembly.Memory;
  init(inputBytes: number, eventsBytes: number, badBytes: number): void;
  configPointer(): number;
  configCapacity(): number;
  configure(length: number): void;
  inputPointer(): number;
  inputFill(): number;
  inputSpace(): number;
  sourcePointer(): number;
  sourceCapacity(): number;
  beginFile(sourceLength: number, etlTstampMs: number): void;
  commit(n: number): void;
  parse(final: number): number;
  eventsPointer(): number;
  eventsLength(): number;
  indexPointer(): number;
  indexLength(): number;
  badPointer(): number;
  badLength(): number;
  fragmentsPointer(): number;
  fragmentsLength(): number;
  fragmentDataPointer(): number;
  fragmentDataCapacity(): number;
  reassemble(encoding: number, length: number, lineNumber: number): void;
  clearOutput(): void;
  countLines(): number;
  countGood(): number;
  countBad(): number;
  countDiscarded(): number;
  countFragments(): number;
  memoCount(which: number, hits: number): number;
}

/** u32 words per event in `ParsedBatch.index`. */
export const INDEX_WORDS = 5;

/** Word offsets inside one index record (wasm/assembly/layout.ts `Index`). */
export const IndexField = {
  offset: 0,
  length: 1,
  /** Collector date as YYYYMMDD. */
  date: 2,
  /** Offset of the 36-byte event_id inside the row. */
  eventId: 3,
  flags: 4,
} as const;

export const IndexFlag = {
  /** The line had no `eid`; event_id was derived from the source line. */
  derivedEventId: 1,
} as const;

/** Parser output, as views into wasm memory: valid only until the sink returns. Copy what you keep. */
export interface ParsedBatch {
  /** Event rows: 131 TAB-separated canonical columns, LF-terminated. */
  readonly events: Uint8Array;
  /** INDEX_WORDS u32 per event row, in row order. */
  readonly index: Uint32Array;
  /** Bad rows: one JSON object per line. */
  readonly bad: Uint8Array;
  /** Fragment records (JSON lines, `FragmentRecord`): pieces of events to reassemble (docs/protocol.md). */
  readonly fragments: Uint8Array;
}

/** One fragment hit, as the parser reports it for reassembly. */
export interface FragmentRecord {
  /** Event id, lower-cased: fragments of one event share it. */
  readonly eid: string;
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  readonly encoding: 'z' | 'b';
  /** This fragment's piece of the base64url data. */
  readonly data: string;
  readonly source: string;
  readonly lineNumber: number;
  /** The `#Fields:` line of the fragment's file, or null when it had none. */
  readonly fields: string | null;
  /** The raw log line. */
  readonly line: string;
}

export type BatchSink = (batch: ParsedBatch) => void;

/** lines = good + bad + discarded + fragments. */
export interface LineCounts {
  readonly lines: number;
  readonly good: number;
  readonly bad: number;
  readonly discarded: number;
  /** Fragment hits set aside for reassembly. */
  readonly fragments: number;
}

/** How often a memo (wasm/assembly/memo.ts) was looked up, and how often it held the answer. */
export interface MemoCounts {
  readonly lookups: number;
  readonly hits: number;
}

/** The memos' counts since the parser was made, over all files. */
export interface MemoStats {
  /** Page URL and title as logged (or a page URL from cs(Referer), decoded) → its parts, campaign, click id and linker. */
  readonly page: MemoCounts;
  /** Referrer as logged and page host → the referrer's parts and classification. */
  readonly referrer: MemoCounts;
  /** User-Agent (a log's as logged) → browser, OS and device. */
  readonly userAgent: MemoCounts;
}

export interface ParserOptions {
  /** Bytes of log copied into wasm per step (default 4 MiB). */
  readonly inputBytes?: number;
  /**
   * Output buffers (defaults 16 MiB events, 4 MiB bad rows), at least what the largest line can
   * produce; rows are handed to the sink every 256 KiB whatever the size (wasm/assembly/output.ts).
   */
  readonly eventsBytes?: number;
  readonly badBytes?: number;
  /** Which enrichments run, and their settings (all on by default). */
  readonly enrichments?: EnrichmentConfig;
}

const encoder = new TextEncoder();

export { ConfigError, type EnrichmentConfig } from './config.ts';

export class LogParser {
  private readonly wasm: ParserExports;

  private constructor(instance: WebAssembly.Instance, options: ParserOptions) {
    this.wasm = instance.exports as unknown as ParserExports;
    this.wasm.init(options.inputBytes ?? 4 << 20, options.eventsBytes ?? 16 << 20, options.badBytes ?? 4 << 20);
    this.configure(options.enrichments ?? {});
  }

  /** Replaces the enrichment settings; takes effect from the next line. Throws ConfigError on a bad setting. */
  configure(config: EnrichmentConfig): void {
    const blob = encodeConfig(config);
    if (blob.length > this.wasm.configCapacity()) throw new ConfigError(`enrichment settings take ${blob.length} bytes, more than the ${this.wasm.configCapacity()} the parser holds`);
    new Uint8Array(this.wasm.memory.buffer, this.wasm.configPointer(), blob.length).set(blob);
    this.wasm.configure(blob.length);
  }

  /** One parser per instance of the module; make one per worker. */
  static async create(module: WebAssembly.Module, options: ParserOptions = {}): Promise<LogParser> {
    // `abort` is only reachable if the parser runs out of the memory it allocated at init: a bug, not bad input.
    const env = {
      abort: (_message: number, _file: number, line: number, column: number): never => {
        throw new Error(`firn.wasm aborted at ${line}:${column}`);
      },
    };
    return new LogParser(await WebAssembly.instantiate(module, { env }), options);
  }

  /**
   * Starts a log file. `source` (its key or name) goes into every bad row; `etlTstampMs` fills
   * etl_tstamp (omit it to leave the column empty, e.g. for live validation of single hits).
   */
  beginFile(source: string, etlTstampMs?: number): void {
    const cap = this.wasm.sourceCapacity();
    const bytes = encoder.encode(source);
    const n = Math.min(bytes.length, cap);
    new Uint8Array(this.wasm.memory.buffer, this.wasm.sourcePointer(), cap).set(bytes.subarray(0, n));
    this.wasm.beginFile(n, etlTstampMs ?? -1);
  }

  /** Feeds decompressed log bytes; a line may span chunks. `sink` is called whenever the outputs fill. */
  push(chunk: Uint8Array, sink: BatchSink): void {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(this.wasm.inputSpace(), chunk.length - at);
      new Uint8Array(this.wasm.memory.buffer, this.wasm.inputPointer() + this.wasm.inputFill(), n).set(chunk.subarray(at, at + n));
      this.wasm.commit(n);
      at += n;
      this.run(false, sink);
    }
  }

  /** Ends the file: parses a last line without LF, drains everything, returns the file's counts. */
  end(sink: BatchSink): LineCounts {
    this.run(true, sink);
    this.drain(sink);
    const w = this.wasm;
    return { lines: w.countLines(), good: w.countGood(), bad: w.countBad(), discarded: w.countDiscarded(), fragments: w.countFragments() };
  }

  /**
   * Re-reads a complete event's first fragment with all fragments' data joined (docs/protocol.md
   * §4): the result is the event's good row or bad row, delivered to `sink`. `data` is the joined
   * base64url text; `first` is fragment 1's record. Throws RangeError when `data` exceeds the
   * parser's capacity (fragmentDataCapacity bytes); the caller reports that as a bad row.
   */
  reassemble(first: FragmentRecord, data: string, sink: BatchSink, etlTstampMs?: number): LineCounts {
    const w = this.wasm;
    const bytes = encoder.encode(data);
    if (bytes.length > w.fragmentDataCapacity()) throw new RangeError(`reassembled data is ${bytes.length} bytes, more than the ${w.fragmentDataCapacity()} the parser takes`);
    this.beginFile(first.source, etlTstampMs);
    if (first.fields !== null) this.push(encoder.encode(first.fields + '\n'), sink);
    new Uint8Array(w.memory.buffer, w.fragmentDataPointer(), bytes.length).set(bytes);
    w.reassemble(first.encoding.charCodeAt(0), bytes.length, first.lineNumber);
    this.push(encoder.encode(first.line + '\n'), sink);
    return this.end(sink);
  }

  /** How well the memos served (bench/parser.ts reports it): counts since the parser was made. */
  memoStats(): MemoStats {
    const counts = (which: number): MemoCounts => ({ lookups: this.wasm.memoCount(which, 0), hits: this.wasm.memoCount(which, 1) });
    return { page: counts(0), referrer: counts(1), userAgent: counts(2) };
  }

  /** The largest joined fragment data `reassemble` takes. */
  get fragmentDataCapacity(): number {
    return this.wasm.fragmentDataCapacity();
  }

  private run(final: boolean, sink: BatchSink): void {
    while (this.wasm.parse(final ? 1 : 0) === 1) this.drain(sink);
  }

  private drain(sink: BatchSink): void {
    const w = this.wasm;
    if (w.eventsLength() === 0 && w.badLength() === 0 && w.fragmentsLength() === 0) return;
    const buffer = w.memory.buffer;
    sink({
      events: new Uint8Array(buffer, w.eventsPointer(), w.eventsLength()),
      index: new Uint32Array(buffer, w.indexPointer(), w.indexLength() * INDEX_WORDS),
      bad: new Uint8Array(buffer, w.badPointer(), w.badLength()),
      fragments: new Uint8Array(buffer, w.fragmentsPointer(), w.fragmentsLength()),
    });
    w.clearOutput();
  }
}
