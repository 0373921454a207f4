/**
 * What the lake already holds for one date, as a worker or the coordinator asks it: a Bloom filter
 * in front of one merged id file. The filter says "new" for nearly every new event without a
 * read; a maybe is settled by one 4-KiB read of the file. Both can be shared between threads.
 */
import { Bloom, type BloomShape } from '../ids/bloom.ts';
import { IdFile, type IdFileShape } from '../ids/file.ts';
import type { IdLookup } from './lookup.ts';

export interface SeenShape {
  readonly date: string;
  readonly bloom: BloomShape | null;
  readonly file: IdFileShape | null;
}

export class SeenIds implements IdLookup {
  private constructor(
    readonly date: string,
    private readonly bloom: Bloom | null,
    private readonly file: IdFile | null,
  ) {}

  static from(shape: SeenShape): SeenIds {
    return new SeenIds(shape.date, shape.bloom && Bloom.from(shape.bloom), shape.file && IdFile.from(shape.file));
  }

  static build(date: string, file: IdFile | null, bloom: Bloom | null): SeenIds {
    return new SeenIds(date, bloom, file);
  }

  get count(): number {
    return this.file?.count ?? 0;
  }

  /** Bytes of memory the lookup holds (filter and sparse index). */
  get bytes(): number {
    return (this.bloom?.bytes ?? 0) + (this.file?.shape().sparse.byteLength ?? 0);
  }

  has(id: Uint32Array, o: number): boolean {
    if (!this.file || !this.bloom || !this.bloom.mayHave(id, o)) return false;
    return this.file.has(id, o);
  }

  shape(): SeenShape {
    return { date: this.date, bloom: this.bloom?.shape() ?? null, file: this.file?.shape() ?? null };
  }

  /** Closes this thread's handle on the file (the file itself stays for other holders). */
  close(): void {
    this.file?.close();
  }
}
