/**
 * Merging sorted id files into one (k-way, streaming: 64 KiB per input in memory), dropping
 * repeats and, optionally, ids of an exclusion check. Used to build a date's snapshot from its
 * stored files, to compact them, and to merge a log's spilled runs into its claim.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { ID_WORDS, compareIds } from './eid.ts';
import { IdReader } from './file.ts';

export interface MergeOptions {
  /** Leave out ids for which this returns true. */
  readonly drop?: (id: Uint32Array, o: number) => boolean;
  /** Called with every id written. */
  readonly each?: (id: Uint32Array, o: number) => void;
}

/** Merges `inputs` into `output`; returns the number of ids written. */
export function mergeIdFiles(inputs: readonly string[], output: string, options: MergeOptions = {}): number {
  const readers = inputs.map((p) => new IdReader(p));
  const at = readers.map((r) => r.next());
  const out = openSync(output, 'w');
  const pending = new Uint32Array(4096 * ID_WORDS);
  let fill = 0;
  let written = 0;
  const last = new Uint32Array(ID_WORDS);
  let hasLast = false;
  const flush = (): void => {
    if (fill === 0) return;
    writeSync(out, Buffer.from(pending.buffer, 0, fill * ID_WORDS * 4).swap32()); // in place: pending is refilled next
    fill = 0;
  };
  try {
    for (;;) {
      // the smallest head (k is small: a handful of files per date, or of runs per log)
      let min = -1;
      for (let r = 0; r < readers.length; r++) {
        if (at[r]! < 0) continue;
        if (min < 0 || compareIds(readers[r]!.current, at[r]!, readers[min]!.current, at[min]!) < 0) min = r;
      }
      if (min < 0) break;
      const words = readers[min]!.current;
      const o = at[min]!;
      if (!(hasLast && compareIds(words, o, last, 0) === 0) && !options.drop?.(words, o)) {
        pending.set(words.subarray(o, o + ID_WORDS), fill * ID_WORDS);
        options.each?.(words, o);
        written++;
        if (++fill === 4096) flush();
      }
      last.set(words.subarray(o, o + ID_WORDS));
      hasLast = true;
      at[min] = readers[min]!.next();
    }
    flush();
  } finally {
    closeSync(out);
    for (const r of readers) r.close();
  }
  return written;
}
