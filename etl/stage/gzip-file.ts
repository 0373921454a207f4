/**
 * One output file being written on local disk, gzip-compressed as bytes arrive. Compression runs
 * on libuv's thread pool, beside the parser; `drain()` is the backpressure that keeps memory
 * bounded when it falls behind.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { SLAB_BYTES, pooledCopy } from './buffers.ts';

/**
 * Level 3 (zlib's fastest strategy family) compresses event rows 2–3× faster than 6 for a few
 * percent more bytes: the ETL's bottleneck is CPU, and parts are read whole (bench/etl.ts).
 */
export const PART_GZIP_LEVEL = 3;

export class GzipFile {
  private readonly gzip: Gzip = createGzip({ level: PART_GZIP_LEVEL });
  private readonly done: Promise<void>;
  private congested = false;
  rows = 0;

  constructor(readonly path: string) {
    this.done = pipeline(this.gzip, createWriteStream(path, { flags: 'wx' }));
    this.done.catch(() => undefined); // surfaced by end()
  }

  /** Appends a copy of `bytes` (callers pass views into wasm memory). */
  write(bytes: Uint8Array, rows: number): void {
    this.rows += rows;
    for (let at = 0; at < bytes.length; at += SLAB_BYTES) {
      const { copy, release } = pooledCopy(bytes.subarray(at, at + SLAB_BYTES));
      if (!this.gzip.write(copy, release)) this.congested = true;
    }
  }

  async drain(): Promise<void> {
    if (!this.congested) return;
    this.congested = false;
    if (this.gzip.writableNeedDrain) await once(this.gzip, 'drain');
  }

  async end(): Promise<void> {
    this.gzip.end();
    await this.done;
  }

  /** Stops without finishing (a failed log): the file is left for the caller to remove. */
  destroy(): void {
    this.gzip.destroy();
  }
}
