/**
 * Fragments of Firn's URL-length extension (docs/protocol.md) through the ETL: reassembled when
 * their set completes, in any log and any run; pending meanwhile, never lost; bad rows once
 * expired or when they cannot be joined. Conservation holds on every run.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { COLUMNS } from '../../contract/index.ts';
import { requireBuilt } from '../support/built.ts';
import { ETL_TSTAMP, runFolders } from '../support/etl-run.ts';
import { column, lakeBadRows, lakeEvents } from '../support/etl-lake.ts';
import { bigEventQuery, eid, fragmentLines, logName, pageView, writeLog } from '../support/etl-logs.ts';
import { logFile, logLine } from '../support/loglines.ts';
import { parseLog } from '../support/parse.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function world(): Promise<{ logs: string; lake: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-etl-fragments-'));
  dirs.push(dir);
  await mkdir(join(dir, 'logs'));
  return { logs: join(dir, 'logs'), lake: join(dir, 'lake') };
}

const BIG = eid(900);

describe('fragments', () => {
  test.each([1, 2])('split over two logs of one run (%i workers) become the event the plain hit would have been', async (workers) => {
    requireBuilt('firn.wasm');
    const { logs, lake } = await world();
    const pieces = fragmentLines(BIG, 3, '2025-11-28 10:00:00');
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pageView(1), pieces[0]!, pieces[2]!]);
    await writeLog(logs, logName('2025-11-28-11', 'b'), [pieces[1]!, pageView(2, '2025-11-28 11:00:00')]);
    const summary = await runFolders(logs, lake, { workers });
    expect(summary).toMatchObject({ lines: 9, good: 2, fragments: { lines: 3, reassembled: 3, pending: 0, expired: 0, events: { good: 1, bad: 0, duplicates: 0 } } });

    const rows = await lakeEvents(lake);
    const big = rows.find((r) => r.values[column('event_id')] === BIG)!;
    const plain = (await parseLog(logFile([logLine({ at: '2025-11-28 10:00:00', query: bigEventQuery(BIG) })]), { etlTstampMs: ETL_TSTAMP })).events[0]!;
    expect(Object.fromEntries(big.values.map((v, i) => [rowsColumn(i), v]))).toEqual(plain);
    expect(big.key).toMatch(/^events\/date=2025-11-28\/part-[0-9a-f]{20}-x\.tsv\.gz$/);
  });

  test('an incomplete set waits for the next run, is counted pending, and completes there', async () => {
    const { logs, lake } = await world();
    const pieces = fragmentLines(BIG, 4, '2025-11-28 10:00:00');
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pieces[0]!, pieces[1]!, pieces[1]!]);
    expect(await runFolders(logs, lake)).toMatchObject({ fragments: { lines: 3, pending: 2, duplicates: 1, reassembled: 0, events: { good: 0 } } });
    expect((await lakeEvents(lake)).map((r) => r.values[column('event_id')])).toEqual([]);

    await writeLog(logs, logName('2025-11-28-11', 'b'), [pieces[3]!]);
    expect(await runFolders(logs, lake)).toMatchObject({ fragments: { lines: 1, pending: 1, reassembled: 0 } });
    await writeLog(logs, logName('2025-11-28-12', 'c'), [pieces[2]!]);
    expect(await runFolders(logs, lake)).toMatchObject({ fragments: { lines: 1, pending: 0, reassembled: 1, earlier: { reassembled: 3 }, events: { good: 1 } } });
    expect((await lakeEvents(lake)).map((r) => r.values[column('event_id')])).toEqual([BIG]);
  });

  test('a set still incomplete once the lake holds events two days newer expires into bad rows', async () => {
    const { logs, lake } = await world();
    const pieces = fragmentLines(BIG, 3, '2025-11-28 10:00:00');
    await writeLog(logs, logName('2025-11-28-10', 'a'), [pieces[0]!, pieces[2]!]);
    await writeLog(logs, logName('2025-11-30-10', 'b'), [pageView(1, '2025-11-30 10:00:00')]);
    expect(await runFolders(logs, lake)).toMatchObject({ fragments: { pending: 2, expired: 0 } }); // two days later: not yet
    await writeLog(logs, logName('2025-12-01-10', 'c'), [pageView(2, '2025-12-01 10:00:00')]);
    expect(await runFolders(logs, lake)).toMatchObject({ fragments: { lines: 0, pending: 0, earlier: { expired: 2 } } });
    const bad = await lakeBadRows(lake);
    expect(bad.map((b) => [b.key.split('/')[1], b.lineNumber, b.errors[0]!.field])).toEqual([
      ['date=2025-11-28', 3, 'fx_i'],
      ['date=2025-11-28', 4, 'fx_i'],
    ]);
    expect(bad[0]!.errors[0]!.message).toMatch(new RegExp(`fragment 1 of 3 of event ${BIG}: fragment 2 never arrived`));
    expect(bad[0]!.line).toBe(pieces[0]!.trimEnd());
    expect(bad[0]!.source).toBe(logName('2025-11-28-10', 'a'));
  });

  test('a fragment at odds with its set, and a set too big to join, are bad rows that say why', async () => {
    const { logs, lake } = await world();
    const odd = fragmentLines(BIG, 3)[1]!.replace('fx_n=3', 'fx_n=5').replace('fx_i=2', 'fx_i=4');
    // ~1.1 MB of base64url in 12 pieces: more than the parser joins
    const huge = eid(901);
    const data = randomBytes(820_000).toString('base64url');
    const size = Math.ceil(data.length / 12);
    const hugeLines = Array.from({ length: 12 }, (_, i) => logLine({ at: '2025-11-28 10:00:00', query: `eid=${huge}&fx_e=b&fx_i=${i + 1}&fx_n=12&fx_d=${data.slice(i * size, (i + 1) * size)}` }));
    await writeLog(logs, logName('2025-11-28-10', 'a'), [...fragmentLines(BIG, 3), odd, ...hugeLines]);
    const summary = await runFolders(logs, lake);
    expect(summary).toMatchObject({ fragments: { lines: 16, reassembled: 15, invalid: 1, events: { good: 1, bad: 1 } } });
    const bad = await lakeBadRows(lake);
    expect(bad.map((b) => b.errors[0]!.field).sort()).toEqual(['fx_d', 'fx_n']);
    expect(bad.find((b) => b.errors[0]!.field === 'fx_d')!.errors[0]!.message).toMatch(/12 fragments of event .* join to \d+ bytes of data, more than the 1048576/);
  });

  test('a reassembled event already in the lake is a duplicate', async () => {
    const { logs, lake } = await world();
    await writeLog(logs, logName('2025-11-28-09', 'a'), [logLine({ at: '2025-11-28 09:00:00', query: bigEventQuery(BIG) })]);
    await runFolders(logs, lake);
    await writeLog(logs, logName('2025-11-28-10', 'b'), fragmentLines(BIG, 2));
    expect(await runFolders(logs, lake)).toMatchObject({ fragments: { reassembled: 2, events: { good: 0, duplicates: 1 } } });
    expect((await lakeEvents(lake)).map((r) => r.values[column('event_id')])).toEqual([BIG]);
  });
});

const rowsColumn = (i: number): string => COLUMNS[i]!.name;
