/**
 * The parts one log produces, one gzip file per collector date, staged on local disk until the
 * log is committed. At most MAX_OPEN are open at once (a gzip stream holds ~300 KiB of zlib
 * state): a further date closes the least recently written one, and when that date comes back
 * it continues in a new segment, `part-<id>-<n>`. Dates come in runs, so this is rare, and it
 * depends only on the input: a re-run names its parts the same way.
 */
import { join } from 'node:path';
import { GzipFile } from './gzip-file.ts';

const MAX_OPEN = 8;

export interface StagedPart {
  /** Key in the lake. */
  readonly key: string;
  /** The staged file. */
  readonly path: string;
  readonly date: string;
  readonly rows: number;
}

export class StagedParts {
  private readonly open = new Map<string, GzipFile>();
  private readonly segments = new Map<string, number>();
  private readonly closed: Promise<StagedPart>[] = [];
  private readonly all: { file: GzipFile; key: string; date: string }[] = [];

  /** @param keyOf the key of a date's segment (0 first) */
  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly keyOf: (date: string, segment: number) => string,
  ) {}

  write(date: string, bytes: Uint8Array, rows: number): void {
    let file = this.open.get(date);
    if (file) {
      this.open.delete(date); // most recently written goes last
    } else {
      const segment = this.segments.get(date) ?? 0;
      this.segments.set(date, segment + 1);
      file = new GzipFile(join(this.dir, `${this.name}-${date}-${segment}.gz`));
      this.all.push({ file, key: this.keyOf(date, segment), date });
      if (this.open.size >= MAX_OPEN) this.close(this.open.keys().next().value!);
    }
    this.open.set(date, file);
    file.write(bytes, rows);
  }

  async drain(): Promise<void> {
    for (const file of this.open.values()) await file.drain();
  }

  /** Every part, finished, in key order; parts without rows are left out. */
  async finish(): Promise<StagedPart[]> {
    for (const date of [...this.open.keys()]) this.close(date);
    const parts = await Promise.all(this.closed);
    return parts.filter((p) => p.rows > 0).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  destroy(): void {
    for (const { file } of this.all) file.destroy();
  }

  private close(date: string): void {
    const file = this.open.get(date)!;
    this.open.delete(date);
    const { key } = this.all.find((p) => p.file === file)!;
    const part = file.end().then(() => ({ key, path: file.path, date, rows: file.rows }));
    part.catch(() => undefined); // awaited, and reported, by finish()
    this.closed.push(part);
  }
}
