/**
 * Deduplication on event_id (the tracker delivers at least once): inside a log, across the logs
 * of one run (worker threads or not), across runs, and the same lake whichever way it was made.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { requireBuilt } from '../support/built.ts';
import { runFolders } from '../support/etl-run.ts';
import { column, lakeEventIds, lakeEvents, partsWithoutEtlTstamp } from '../support/etl-lake.ts';
import { eid, logName, pageView, writeLog } from '../support/etl-logs.ts';
import { logLine, pageViewQuery } from '../support/loglines.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function world(): Promise<{ logs: string; lake: (name?: string) => string }> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-etl-dedup-'));
  dirs.push(dir);
  await mkdir(join(dir, 'logs'));
  return { logs: join(dir, 'logs'), lake: (name = 'lake') => join(dir, name) };
}

describe('duplicates', () => {
  test('inside one log: the first occurrence is kept, the others counted', async () => {
    requireBuilt('firn.wasm');
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pageView(1, '2025-11-28 10:00:00'), pageView(2, '2025-11-28 10:00:01'), pageView(1, '2025-11-28 10:00:02'), pageView(1, '2025-11-28 10:00:03')]);
    const summary = await runFolders(logs, lake());
    expect(summary).toMatchObject({ lines: 6, good: 2, duplicates: 2 });
    const rows = await lakeEvents(lake());
    expect(rows.map((r) => [r.values[column('event_id')], r.values[column('collector_tstamp')]])).toEqual([
      [eid(1), '2025-11-28 10:00:00.000'],
      [eid(2), '2025-11-28 10:00:01.000'],
    ]);
  });

  test.each([1, 2])('across the logs of one run (%i workers): the log first in key order keeps it', async (workers) => {
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pageView(1), pageView(2)]);
    await writeLog(logs, logName('2025-11-28-11', 'b'), [pageView(2, '2025-11-28 11:00:00'), pageView(3, '2025-11-28 11:00:01')]);
    await writeLog(logs, logName('2025-11-28-12', 'c'), [pageView(3, '2025-11-28 12:00:00'), pageView(2, '2025-11-28 12:00:01'), pageView(4, '2025-11-28 12:00:02')]);
    const summary = await runFolders(logs, lake(), { workers });
    expect(summary).toMatchObject({ files: 3, good: 4, duplicates: 3 });
    expect(await lakeEventIds(lake())).toEqual([eid(1), eid(2), eid(3), eid(4)]);
    const tstamps = Object.fromEntries((await lakeEvents(lake())).map((r) => [r.values[column('event_id')], r.values[column('collector_tstamp')]]));
    expect(tstamps[eid(2)]).toBe('2025-11-28 10:00:00.000');
    expect(tstamps[eid(3)]).toBe('2025-11-28 11:00:01.000');
  });

  test('across runs, whatever the case of the id', async () => {
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pageView(1), pageView(2)]);
    expect(await runFolders(logs, lake())).toMatchObject({ good: 2, duplicates: 0 });
    await writeLog(logs, logName('2025-11-28-11', 'b'), [
      logLine({ at: '2025-11-28 11:00:00', query: pageViewQuery({ eid: eid(2).toUpperCase() }) }),
      pageView(3, '2025-11-28 11:00:01'),
    ]);
    expect(await runFolders(logs, lake())).toMatchObject({ files: 1, skipped: 1, good: 1, duplicates: 1 });
    expect(await lakeEventIds(lake())).toEqual([eid(1), eid(2), eid(3)]);
  });

  test('only within a collector date: the same id on another date is another event', async () => {
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-28-23', 'a'), [pageView(1, '2025-11-28 23:59:59'), pageView(1, '2025-11-29 00:00:01')]);
    expect(await runFolders(logs, lake())).toMatchObject({ good: 2, duplicates: 0 });
  });

  test('a lake built in one run, in several runs, or with threads, has the same parts', async () => {
    const { logs, lake } = await world();
    // 6 logs of 120 lines, ids drawn from 0..199: many repeats, inside logs and across them
    let seed = 7;
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const expected = new Map<string, string>();
    for (let f = 0; f < 6; f++) {
      const hour = `2025-11-28-${String(10 + f).padStart(2, '0')}`;
      const lines = Array.from({ length: 120 }, (_, i) => {
        const n = Math.floor(random() * 200);
        const at = `2025-11-28 ${String(10 + f).padStart(2, '0')}:00:${String(i % 60).padStart(2, '0')}`;
        if (!expected.has(eid(n))) expected.set(eid(n), `${at}.000`);
        return pageView(n, at);
      });
      await writeLog(logs, logName(hour, `f${f}`), lines);
    }
    const once = await runFolders(logs, lake('once'), { workers: 2 });
    expect(once).toMatchObject({ files: 6, good: expected.size, duplicates: 720 - expected.size });
    const rows = await lakeEvents(lake('once'));
    expect(new Map(rows.map((r) => [r.values[column('event_id')]!, r.values[column('collector_tstamp')]!]))).toEqual(expected);
    expect(rows).toHaveLength(expected.size);

    await runFolders(logs, lake('serial'), { workers: 1 });
    // the same logs arriving two at a time
    const { readdir, cp } = await import('node:fs/promises');
    const names = (await readdir(logs)).sort();
    const staged = join(logs, '..', 'arriving');
    await mkdir(staged);
    for (let i = 0; i < names.length; i += 2) {
      for (const n of names.slice(i, i + 2)) await cp(join(logs, n), join(staged, n));
      await runFolders(staged, lake('incremental'), { workers: 2 });
    }
    const reference = await partsWithoutEtlTstamp(lake('once'));
    expect(await partsWithoutEtlTstamp(lake('serial'))).toEqual(reference);
    expect(await partsWithoutEtlTstamp(lake('incremental'))).toEqual(reference);
  });
});
