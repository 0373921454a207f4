/**
 * The id machinery under deduplication: ids read from row text, sorted, held in sets, written
 * to id files and looked up there, merged, filtered; a log's ids spilling to disk.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { LogIds } from '../../etl/dedup/log-ids.ts';
import { NO_IDS } from '../../etl/dedup/lookup.ts';
import { RecentIds } from '../../etl/dedup/recent.ts';
import { Bloom } from '../../etl/ids/bloom.ts';
import { ID_WORDS, eventIdText, parseEventId, readEventId } from '../../etl/ids/eid.ts';
import { IdFile, IdReader, writeIdFile } from '../../etl/ids/file.ts';
import { mergeIdFiles } from '../../etl/ids/merge.ts';
import { IdSet } from '../../etl/ids/set.ts';
import { sortIds } from '../../etl/ids/sort.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));
async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-etl-ids-'));
  dirs.push(dir);
  return dir;
}

const words = (ids: readonly string[]): Uint32Array => {
  const out = new Uint32Array(ids.length * ID_WORDS);
  ids.forEach((id, i) => parseEventId(id, out, i * ID_WORDS));
  return out;
};
const texts = (w: Uint32Array, n = w.length / ID_WORDS): string[] => Array.from({ length: n }, (_, i) => eventIdText(w, i * ID_WORDS));
const uuid = fc.uuid().map((u) => u.toLowerCase());

describe('event ids', () => {
  test('are read from row bytes in any case, and written back lower-case', () => {
    const row = Buffer.from('a\tb\t7F9A3B2C-1D4E-4F5A-8B6C-9D0E1F2A3B4C\tc');
    const out = new Uint32Array(4);
    expect(readEventId(row, 4, out)).toBe(true);
    expect(eventIdText(out)).toBe('7f9a3b2c-1d4e-4f5a-8b6c-9d0e1f2a3b4c');
    expect(readEventId(Buffer.from('not-a-uuid-at-all-not-a-uuid-at-all!'), 0, out)).toBe(false);
  });

  test('sort like their text, whatever the count (radix and insertion paths)', () => {
    fc.assert(fc.property(fc.array(uuid, { maxLength: 300 }), (ids) => {
      expect(texts(sortIds(words(ids), ids.length))).toEqual([...ids].sort());
    }), { numRuns: 60 });
  });

  test('an id set is exact and grows', () => {
    fc.assert(fc.property(fc.array(uuid, { maxLength: 3000 }), (ids) => {
      const set = new IdSet(1 << 20, 4);
      const w = words(ids);
      const added = ids.map((_, i) => set.add(w, i * ID_WORDS));
      expect(added).toEqual(ids.map((id, i) => ids.indexOf(id) === i));
      expect(texts(set.sorted())).toEqual([...new Set(ids)].sort());
      expect(set.has(words([randomUUID()]), 0)).toBe(false);
    }), { numRuns: 20 });
  });
});

describe('Bloom filters', () => {
  test.each([
    ['random ids', (i: number) => randomUUID()],
    ['ids differing only in their last word (a counter after a fixed prefix)', (i: number) => `feedface-0000-4000-8000-0000${i.toString(16).padStart(8, '0')}`],
    ['ids differing only in their first word', (i: number) => `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`],
  ])('keep their planned false-positive rate (0.3 per cent; held under 1) for %s', (_, id) => {
    const n = 50_000;
    const bloom = Bloom.planned(n, 1 << 20);
    const added = words(Array.from({ length: n }, (_, i) => id(i)));
    for (let i = 0; i < n; i++) bloom.add(added, i * ID_WORDS);
    for (let i = 0; i < n; i += 97) expect(bloom.mayHave(added, i * ID_WORDS)).toBe(true);
    const others = words(Array.from({ length: n }, (_, i) => id(n + i)));
    let positives = 0;
    for (let i = 0; i < n; i++) if (bloom.mayHave(others, i * ID_WORDS)) positives++;
    expect(positives / n).toBeLessThan(0.01);
  });
});

describe('id files', () => {
  test('answer exactly, small (read whole) and large (sparse index and one block read)', async () => {
    const dir = await scratch();
    for (const n of [0, 1, 100, 20_000]) {
      const ids = [...new Set(Array.from({ length: n }, () => randomUUID()))].sort();
      const path = join(dir, `${n}.ids`);
      writeIdFile(path, words(ids), ids.length);
      const bloom = Bloom.planned(ids.length, 1 << 20);
      const file = IdFile.open(path, { each: (id, o) => bloom.add(id, o) });
      const all = words(ids);
      for (let i = 0; i < ids.length; i += 7) {
        expect(file.has(all, i * ID_WORDS)).toBe(true);
        expect(bloom.mayHave(all, i * ID_WORDS)).toBe(true);
      }
      const others = words(Array.from({ length: 500 }, () => randomUUID()));
      for (let i = 0; i < 500; i++) expect(file.has(others, i * ID_WORDS)).toBe(false);
      const shared = IdFile.from(file.shape());
      if (n > 0) expect(shared.has(all, 0)).toBe(true);
      file.close();
      shared.close();
    }
  });

  test('merge into one sorted file without repeats, leaving out what is dropped', async () => {
    const dir = await scratch();
    const a = Array.from({ length: 5000 }, () => randomUUID()).sort();
    const b = [...a.slice(0, 100), ...Array.from({ length: 3000 }, () => randomUUID())].sort();
    writeIdFile(join(dir, 'a'), words(a), a.length);
    writeIdFile(join(dir, 'b'), words(b), b.length);
    const dropped = new IdSet(10);
    dropped.add(words([a[5]!]), 0);
    const n = mergeIdFiles([join(dir, 'a'), join(dir, 'b'), join(dir, 'a')], join(dir, 'c'), { drop: (id, o) => dropped.has(id, o) });
    const expected = [...new Set([...a, ...b])].filter((id) => id !== a[5]).sort();
    expect(n).toBe(expected.length);
    const reader = new IdReader(join(dir, 'c'));
    const read: string[] = [];
    for (let o = reader.next(); o >= 0; o = reader.next()) read.push(eventIdText(reader.current, o));
    reader.close();
    expect(read).toEqual(expected);
  });
});

describe("a log's own ids", () => {
  test('spill to sorted runs past their memory bound and stay exact', async () => {
    const dir = await scratch();
    const ids = Array.from({ length: 2500 }, (_, i) => `00000000-0000-4000-8000-${(i * 7919 % 100_000).toString().padStart(12, '0')}`);
    const log = new LogIds(dir, 'exclude', () => NO_IDS, 300);
    const w = words([...ids, ...ids.slice(0, 1000)]);
    const kept = Array.from({ length: w.length / ID_WORDS }, (_, i) => log.keep(20251128 + (i % 2), w, i * ID_WORDS));
    expect(kept.filter(Boolean)).toHaveLength(new Set(ids.map((id, i) => `${id}|${i % 2}`)).size);
    const claims = log.finish();
    expect(claims.map((c) => c.date)).toEqual([20251128, 20251129]);
    expect(claims.reduce((n, c) => n + c.count, 0)).toBe(kept.filter(Boolean).length);
  });

  test('in allow mode, only the ids of the claim, once each', async () => {
    const dir = await scratch();
    const claim = [randomUUID(), randomUUID()].sort();
    writeIdFile(join(dir, 'claim'), words(claim), 2);
    const file = IdFile.open(join(dir, 'claim'));
    const log = new LogIds(dir, 'allow', () => file);
    const w = words([claim[0]!, randomUUID(), claim[0]!, claim[1]!]);
    expect([0, 1, 2, 3].map((i) => log.keep(20251128, w, i * ID_WORDS))).toEqual([true, false, false, true]);
    file.close();
  });
});

describe('ids committed during a run', () => {
  test('are found by date, across merged tiers', async () => {
    const dir = await scratch();
    const recent = new RecentIds(dir);
    const all: string[] = [];
    for (let f = 0; f < 20; f++) {
      const ids = Array.from({ length: 50 }, () => randomUUID()).sort();
      all.push(...ids);
      writeIdFile(join(dir, `in-${f}`), words(ids), ids.length);
      recent.add('2025-11-28', join(dir, `in-${f}`));
    }
    expect(recent.files('2025-11-28').length).toBeLessThan(20);
    const lookup = recent.lookup('2025-11-28');
    const w = words(all);
    for (let i = 0; i < all.length; i += 13) expect(lookup.has(w, i * ID_WORDS)).toBe(true);
    expect(recent.lookup('2025-11-29').has(w, 0)).toBe(false);
    const mine = [all[3]!, randomUUID()].sort();
    writeIdFile(join(dir, 'mine'), words(mine), 2);
    expect(texts(recent.conflicts('2025-11-28', join(dir, 'mine')))).toEqual([all[3]]);
    recent.close();
  });
});
