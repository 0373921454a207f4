/**
 * The lake's stored ids per date, as of the moment a run (or a Lambda invocation) starts, ready
 * for exact lookups: a date's id files (`_dedup/date=…/`) are downloaded once into the run's
 * local folder, merged into one sorted file, and a Bloom filter is built on the way. Prepared on
 * first use, shared with the worker threads (SharedArrayBuffers), and evicted least recently used
 * past MAX_BYTES of filters and indexes (a worker still holding one keeps it alive).
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Bucket } from '../../node/bucket/index.ts';
import { Bloom } from '../ids/bloom.ts';
import { IdFile } from '../ids/file.ts';
import { mergeIdFiles } from '../ids/merge.ts';
import { SeenIds } from './seen.ts';

/** Largest Bloom filter of one date: 16 MiB, 11 million ids at 12 bits each. */
export const MAX_BLOOM_BYTES = 16 << 20;
/** Memory for prepared dates, filters and sparse indexes together. */
const MAX_BYTES = 64 << 20;

export interface StoredIds {
  readonly key: string;
  readonly count: number;
}

export class Snapshot {
  private readonly prepared = new Map<string, Promise<SeenIds>>();
  private readonly bytes = new Map<string, number>();
  private downloads = 0;

  constructor(
    private readonly output: Bucket,
    private readonly dir: string,
    private readonly stored: (date: string) => readonly StoredIds[],
  ) {}

  /** The date's stored ids (an empty lookup when the lake has none). */
  prepare(date: string): Promise<SeenIds> {
    let seen = this.prepared.get(date);
    if (seen) {
      this.prepared.delete(date); // move to the back: most recently used
      this.prepared.set(date, seen);
      return seen;
    }
    seen = this.build(date);
    this.prepared.set(date, seen);
    void seen.then((s) => this.account(date, s.bytes), () => this.prepared.delete(date));
    return seen;
  }

  private async build(date: string): Promise<SeenIds> {
    const files = this.stored(date);
    if (files.length === 0) return SeenIds.build(date, null, null);
    const paths: string[] = [];
    for (const f of files) {
      const path = join(this.dir, `stored-${this.downloads++}.ids`);
      await pipeline(await this.output.read(f.key), createWriteStream(path));
      paths.push(path);
    }
    const total = files.reduce((n, f) => n + f.count, 0);
    const bloom = Bloom.planned(total, MAX_BLOOM_BYTES, true);
    const each = (id: Uint32Array, o: number): void => bloom.add(id, o);
    let merged = paths[0]!;
    if (paths.length > 1) {
      merged = join(this.dir, `snapshot-${date}.ids`);
      mergeIdFiles(paths, merged);
    }
    return SeenIds.build(date, IdFile.open(merged, { shared: true, each }), bloom);
  }

  private account(date: string, bytes: number): void {
    this.bytes.set(date, bytes);
    let total = [...this.bytes.values()].reduce((a, b) => a + b, 0);
    for (const old of this.prepared.keys()) {
      if (total <= MAX_BYTES || old === date) break;
      total -= this.bytes.get(old) ?? 0;
      this.bytes.delete(old);
      this.prepared.delete(old);
    }
  }
}
