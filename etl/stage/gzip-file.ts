/**
 * One output file being written on local disk, gzip-compressed as bytes arrive. Compression runs
 * on libuv's thread pool, beside the parser; `drain()` is the backpressure that keeps memory
 * bounded when it falls behind.
 *
 * The backpressure is a band, not the stream's 'drain': that event comes only once the queue is
 * empty, so the compressor would sit idle while the parser makes its next batch, every time (a
 * fifth of the ETL's time with a 1-MiB queue). Here the writer waits while more than
 * BACKLOG_BYTES are queued and resumes at half of it, so the compressor always has work.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { SLAB_BYTES, pooledCopy } from './buffers.ts';

/**
 * Level 3 (zlib's fastest strategy family) compresses event rows 2–3× faster than 6 for a few
 * percent more bytes: the ETL's bottleneck is CPU, and parts are read whole (bench/etl.ts).
 */
export const PART_GZIP_LEVEL = 3;

/** Bytes queued for compression before the writer waits (it resumes at half). */
const BACKLOG_BYTES = 2 << 20;
/**
 * Compressed bytes per output chunk: zlib's default 16 KiB makes one callback and one file
 * write per 16 KiB, a sixth of the ETL's main-thread time; 256 KiB makes them negligible.
 */
const OUTPUT_CHUNK_BYTES = 256 << 10;

export class GzipFile {
  private readonly gzip: Gzip = createGzip({ level: PART_GZIP_LEVEL, chunkSize: OUTPUT_CHUNK_BYTES });
  private readonly done: Promise<void>;
  /** Resolves the writer waiting in drain() once the queue is down to half. */
  private wake: (() => void) | undefined;
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
      this.gzip.write(copy, (error) => {
        release();
        if (this.wake && (error || this.gzip.writableLength <= BACKLOG_BYTES / 2)) {
          this.wake();
          this.wake = undefined;
        }
      });
    }
  }

  async drain(): Promise<void> {
    if (this.gzip.writableLength <= BACKLOG_BYTES) return;
    await Promise.race([new Promise<void>((resume) => (this.wake = resume)), this.done]); // a failed write rejects done
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
