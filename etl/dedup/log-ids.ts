/**
 * The event ids one log keeps, per collector date, decided row by row as the parser emits them:
 * a row is kept when its id is new to this log and (mode `exclude`) absent from the lake's
 * snapshot, or (mode `allow`, replaying a committed log) listed in the log's own committed claim.
 *
 * Memory is bounded: a log's own ids live in exact in-memory sets holding at most MAX_IDS ids in
 * all; past that the largest set is spilled, sorted, to a local run file with its own Bloom
 * filter, and later rows consult the runs. `finish()` merges each date's set and runs into the
 * log's claim: the sorted id file the commit stores under `_dedup/`.
 */
import { join } from 'node:path';
import { Bloom } from '../ids/bloom.ts';
import { IdFile, writeIdFile } from '../ids/file.ts';
import { mergeIdFiles } from '../ids/merge.ts';
import { IdSet } from '../ids/set.ts';
import type { IdLookup } from './lookup.ts';

/** Ids held in memory across a log's dates: 2^16 ids, a table of 2 MiB. */
export const MAX_IDS = 1 << 16;

export type DedupMode = 'exclude' | 'allow';

interface Run {
  readonly file: IdFile;
  readonly bloom: Bloom;
}

interface DateIds {
  readonly set: IdSet;
  readonly runs: Run[];
}

export interface Claim {
  /** YYYYMMDD. */
  readonly date: number;
  readonly path: string;
  readonly count: number;
}

export class LogIds {
  private readonly dates = new Map<number, DateIds>();
  private held = 0;
  private spills = 0;
  private lastDate = -1;
  private lastLookup: IdLookup | undefined;

  /**
   * @param dir a folder of this log's own (removed with it)
   * @param lookup per date, the snapshot (`exclude`) or the committed claim (`allow`)
   */
  constructor(
    private readonly dir: string,
    private readonly mode: DedupMode,
    private readonly lookup: (date: number) => IdLookup,
    private readonly maxIds = MAX_IDS,
  ) {}

  /** True when the row with this id is kept (and its id remembered); false for a duplicate. */
  keep(date: number, id: Uint32Array, o: number): boolean {
    let own = this.dates.get(date);
    if (!own) this.dates.set(date, (own = { set: new IdSet(this.maxIds, 64), runs: [] }));
    if (own.set.has(id, o)) return false;
    for (const run of own.runs) if (run.bloom.mayHave(id, o) && run.file.has(id, o)) return false;
    if (date !== this.lastDate) {
      this.lastDate = date;
      this.lastLookup = this.lookup(date);
    }
    const listed = this.lastLookup!.has(id, o);
    if (this.mode === 'exclude' ? listed : !listed) return false;
    if (this.held >= this.maxIds) {
      this.spillLargest(); // before adding: a full set would double its table for one more id
      own = this.dates.get(date)!;
    }
    own.set.add(id, o);
    this.held++;
    return true;
  }

  /** Each date's kept ids as one sorted claim file; the in-memory sets are released. */
  finish(): Claim[] {
    const claims: Claim[] = [];
    for (const [date, own] of [...this.dates].sort(([a], [b]) => a - b)) {
      const path = join(this.dir, `claim-${date}.ids`);
      const n = own.set.size;
      const sorted = own.set.sorted();
      if (own.runs.length === 0) {
        writeIdFile(path, sorted, n);
        claims.push({ date, path, count: n });
      } else {
        const last = join(this.dir, `run-${date}-last.ids`);
        writeIdFile(last, sorted, n);
        const count = mergeIdFiles([...own.runs.map((r) => r.file.path), last], path);
        claims.push({ date, path, count });
      }
      own.set.release();
      for (const run of own.runs) run.file.close();
    }
    this.dates.clear();
    this.held = 0;
    return claims;
  }

  private spillLargest(): void {
    let largest: DateIds | undefined;
    let largestDate = 0;
    for (const [date, own] of this.dates) if (!largest || own.set.size > largest.set.size) [largest, largestDate] = [own, date];
    if (!largest) return;
    const n = largest.set.size;
    const path = join(this.dir, `run-${largestDate}-${this.spills++}.ids`);
    writeIdFile(path, largest.set.sorted(), n); // the set is left empty, its table kept for the next ids
    const bloom = Bloom.planned(n, 4 << 20);
    const file = IdFile.open(path, { each: (id, o) => bloom.add(id, o) });
    largest.runs.push({ file, bloom });
    this.held -= n;
  }
}
