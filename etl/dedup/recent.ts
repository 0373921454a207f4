/**
 * Ids committed after a run's snapshot, per date: by this run's own earlier commits and by
 * anyone else's (another process, a Lambda). A log processed against the snapshot may still hold
 * one of them; its commit asks `conflicts()` and drops those rows (`reconcile.ts`).
 *
 * Per date: the claim files as a small log-structured set (eight files of one size tier are
 * merged into one, so lookups touch few files) behind one Bloom filter that is rebuilt twice as
 * large whenever it fills, up to MAX_BLOOM_BYTES; past that it only grows less selective.
 * Filters of all dates together stay under MAX_TOTAL_BYTES (a backfill touches many dates): the
 * least recently used are dropped, and rebuilt from their files if their date comes back.
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { Bloom } from '../ids/bloom.ts';
import { IdFile, IdReader } from '../ids/file.ts';
import { mergeIdFiles } from '../ids/merge.ts';
import { ID_WORDS } from '../ids/eid.ts';
import type { IdLookup } from './lookup.ts';
import { MAX_BLOOM_BYTES } from './snapshot.ts';

const TIER_FANOUT = 8;
const MAX_TOTAL_BYTES = 48 << 20;

interface DateRecent {
  files: IdFile[];
  /** Null once evicted. */
  bloom: Bloom | null;
}

const tier = (count: number): number => Math.floor(Math.log(Math.max(1, count)) / Math.log(TIER_FANOUT));

export class RecentIds {
  private readonly dates = new Map<string, DateRecent>();
  private merges = 0;

  constructor(private readonly dir: string) {}

  /** Adds a committed claim: a local sorted id file, moved into this set's folder. */
  add(date: string, path: string): void {
    const recent = this.touch(date) ?? { files: [], bloom: Bloom.planned(0, MAX_BLOOM_BYTES) };
    this.dates.set(date, recent);
    const mine = join(this.dir, `claim-${this.merges++}.ids`);
    renameSync(path, mine);
    const bloom = recent.bloom!;
    const file = IdFile.open(mine, { each: (id, o) => bloom.add(id, o) });
    recent.files.push(file);
    if (bloom.count > bloom.capacity && bloom.bytes < MAX_BLOOM_BYTES) this.rebuild(recent);
    this.compact(recent);
    this.evict();
  }

  lookup(date: string): IdLookup {
    const recent = this.touch(date);
    if (!recent) return { has: () => false };
    const bloom = recent.bloom!;
    return { has: (id, o) => bloom.mayHave(id, o) && recent.files.some((f) => f.has(id, o)) };
  }

  /** The ids of the sorted claim file at `path` that were committed here already, as words. */
  conflicts(date: string, path: string): Uint32Array {
    const lookup = this.lookup(date);
    const found: number[] = [];
    const reader = new IdReader(path);
    try {
      for (let o = reader.next(); o >= 0; o = reader.next()) if (lookup.has(reader.current, o)) found.push(...reader.current.subarray(o, o + ID_WORDS));
    } finally {
      reader.close();
    }
    return Uint32Array.from(found);
  }

  /** Local files holding every id added for `date`. */
  files(date: string): readonly string[] {
    return this.dates.get(date)?.files.map((f) => f.path) ?? [];
  }

  close(): void {
    for (const recent of this.dates.values()) for (const f of recent.files) f.close();
    this.dates.clear();
  }

  /** The date's entry, most recently used now, its filter rebuilt if it was evicted. */
  private touch(date: string): DateRecent | undefined {
    const recent = this.dates.get(date);
    if (!recent) return undefined;
    this.dates.delete(date);
    this.dates.set(date, recent);
    if (!recent.bloom) this.rebuild(recent);
    return recent;
  }

  private evict(): void {
    let total = 0;
    for (const r of this.dates.values()) total += r.bloom?.bytes ?? 0;
    for (const r of this.dates.values()) {
      if (total <= MAX_TOTAL_BYTES) return;
      if (r === [...this.dates.values()].at(-1) || !r.bloom) continue;
      total -= r.bloom.bytes;
      r.bloom = null;
    }
  }

  private rebuild(recent: DateRecent): void {
    const count = recent.files.reduce((n, f) => n + f.count, 0);
    const bloom = Bloom.planned(count * 2, MAX_BLOOM_BYTES);
    for (const f of recent.files) {
      const reader = new IdReader(f.path);
      for (let o = reader.next(); o >= 0; o = reader.next()) bloom.add(reader.current, o);
      reader.close();
    }
    recent.bloom = bloom;
  }

  private compact(recent: DateRecent): void {
    for (;;) {
      const t = tier(recent.files.at(-1)!.count);
      const same = recent.files.filter((f) => tier(f.count) === t);
      if (same.length < TIER_FANOUT) return;
      const path = join(this.dir, `recent-${this.merges++}.ids`);
      mergeIdFiles(same.map((f) => f.path), path);
      for (const f of same) f.close();
      recent.files = [...recent.files.filter((f) => !same.includes(f)), IdFile.open(path)];
    }
  }
}
