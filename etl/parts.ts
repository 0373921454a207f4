import { createGzip, type Gzip } from 'node:zlib';

/**
 * Gzipped output files being built for one log object, one per date: bytes are compressed as
 * they arrive and committed as whole objects at the end (parts are small next to their log:
 * a log object covers at most a few hours of one distribution).
 */
export class GzipParts {
  private readonly open = new Map<string, { gzip: Gzip; chunks: Buffer[]; done: Promise<void> }>();

  /** Appends bytes to the part of `date` (copied: callers may pass views into wasm memory). */
  write(date: string, bytes: Uint8Array): void {
    let part = this.open.get(date);
    if (!part) {
      const gzip = createGzip({ level: 6 });
      const chunks: Buffer[] = [];
      gzip.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise<void>((ok, fail) => gzip.on('end', ok).on('error', fail));
      part = { gzip, chunks, done };
      this.open.set(date, part);
    }
    part.gzip.write(Buffer.from(bytes));
  }

  /** Finishes every part: date → gzip bytes. */
  async finish(): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    for (const [date, part] of this.open) {
      part.gzip.end();
      await part.done;
      out.set(date, Buffer.concat(part.chunks));
    }
    this.open.clear();
    return out;
  }
}
