/**
 * `firn etl` on real folders and real gzip: output layout, conservation, idempotence, failures.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { COLUMNS } from '../../contract/index.ts';
import { openBucket } from '../../node/bucket/index.ts';
import { createLogger } from '../../node/logger.ts';
import { packageRoot } from '../../node/paths.ts';
import { runEtl } from '../../etl/run.ts';
import { requireBuilt } from '../support/built.ts';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function world(): Promise<{ logs: string; lake: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-etl-test-'));
  dirs.push(dir);
  await mkdir(join(dir, 'logs'));
  return { logs: join(dir, 'logs'), lake: join(dir, 'lake') };
}

const eid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Two hours of logs: page views on two dates, a bad line and a non-pixel request. */
async function writeLogs(logs: string): Promise<void> {
  await writeFile(join(logs, 'EFIRN.2025-11-28-23.AAAAAAAA.gz'), gzipSync(logFile([
    logLine({ at: '2025-11-28 23:59:58', query: pageViewQuery({ eid: eid(1) }) }),
    logLine({ at: '2025-11-28 23:59:59', query: pageViewQuery({ eid: eid(2), p: 'mobile' }) }),
    logLine({ at: '2025-11-29 00:00:00', query: pageViewQuery({ eid: eid(3) }) }), // late line, next date
  ])));
  await writeFile(join(logs, 'EFIRN.2025-11-29-00.BBBBBBBB.gz'), gzipSync(logFile([
    logLine({ at: '2025-11-29 00:10:00', query: pageViewQuery({ eid: eid(4) }) }),
    logLine({ at: '2025-11-29 00:10:01', path: '/firn.js', query: '-' }),
  ])));
}

async function tree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(relative(root, path), createHash('sha256').update(await readFile(path)).digest('hex') + ' ' + (await stat(path)).mtimeMs);
  }
  return out;
}

const logger = createLogger('silent');

describe('firn etl', () => {
  test('writes date-partitioned 131-column events, bad rows, a manifest and the lake files', async () => {
    requireBuilt('firn.wasm');
    const { logs, lake } = await world();
    await writeLogs(logs);
    const summary = await runEtl({ input: openBucket(logs), output: openBucket(lake), logger, etlTstampMs: Date.UTC(2025, 10, 29, 1) });
    expect(summary).toMatchObject({ files: 2, skipped: 0, failed: [], lines: 9, good: 3, bad: 1, discarded: 5 });
    expect(summary.lines).toBe(summary.good + summary.bad + summary.discarded);

    const files = [...(await tree(lake)).keys()].sort();
    expect(files.filter((f) => f.startsWith('events/date='))).toEqual([
      expect.stringMatching(/^events\/date=2025-11-28\/part-[0-9a-f]{20}\.tsv\.gz$/),
      expect.stringMatching(/^events\/date=2025-11-29\/part-[0-9a-f]{20}\.tsv\.gz$/),
      expect.stringMatching(/^events\/date=2025-11-29\/part-[0-9a-f]{20}\.tsv\.gz$/),
    ]);
    expect(files.filter((f) => f.startsWith('bad/'))).toEqual([expect.stringMatching(/^bad\/date=2025-11-28\/part-[0-9a-f]{20}\.jsonl\.gz$/)]);
    expect(files.filter((f) => f.startsWith('_manifest/'))).toHaveLength(2);
    expect(files).toContain('_index.json');
    expect(files).toContain('events/_schema.json');

    const rows = (await Promise.all(files.filter((f) => f.endsWith('.tsv.gz')).map((f) => readFile(join(lake, f))))).flatMap((gz) => gunzipSync(gz).toString().split('\n').filter((l) => l !== '')); // rows end in TABs: never trim
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const values = row.split('\t');
      expect(values).toHaveLength(COLUMNS.length);
      expect(values[2]).toBe('2025-11-29 01:00:00.000'); // etl_tstamp
    }
    const byDate = (date: string) => rows.filter((r) => r.split('\t')[3]!.startsWith(date)).map((r) => r.split('\t')[6]).sort();
    expect(byDate('2025-11-28')).toEqual([eid(1)]);
    expect(byDate('2025-11-29')).toEqual([eid(3), eid(4)]);

    const badRows = gunzipSync(await readFile(join(lake, files.find((f) => f.startsWith('bad/'))!))).toString().trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(badRows).toEqual([{ line: expect.stringContaining('p=mobile'), source: 'EFIRN.2025-11-28-23.AAAAAAAA.gz', lineNumber: 4, errors: [{ field: 'p', value: 'mobile', message: expect.stringContaining('platform') }] }]);

    const index = JSON.parse(await readFile(join(lake, '_index.json'), 'utf8'));
    expect(index.events).toEqual(files.filter((f) => f.endsWith('.tsv.gz')));
    const schema = JSON.parse(await readFile(join(lake, 'events/_schema.json'), 'utf8'));
    expect(schema.columns.map((c: { name: string }) => c.name)).toEqual(COLUMNS.map((c) => c.name));
  });

  test('a re-run processes nothing and changes no file; a fresh output gets byte-identical parts', async () => {
    const { logs, lake } = await world();
    await writeLogs(logs);
    const rawBefore = await tree(logs);
    const etlTstampMs = Date.UTC(2025, 10, 29, 1);
    await runEtl({ input: openBucket(logs), output: openBucket(lake), logger, etlTstampMs });
    const first = await tree(lake);
    const again = await runEtl({ input: openBucket(logs), output: openBucket(lake), logger, etlTstampMs: etlTstampMs + 1000 });
    expect(again).toMatchObject({ files: 0, skipped: 2, lines: 0, parts: [] });
    expect(await tree(lake)).toEqual(first);

    const fresh = lake + '-fresh';
    dirs.push(fresh);
    await runEtl({ input: openBucket(logs), output: openBucket(fresh), logger, etlTstampMs });
    const hashes = (t: Map<string, string>) => [...t].filter(([k]) => /\.(tsv|jsonl)\.gz$/.test(k)).map(([k, v]) => [k, v.split(' ')[0]]).sort();
    expect(hashes(await tree(fresh))).toEqual(hashes(first));
    expect(await tree(logs)).toEqual(rawBefore); // raw logs are only read
  });

  test('a new log is picked up by the next run without touching earlier parts', async () => {
    const { logs, lake } = await world();
    await writeLogs(logs);
    await runEtl({ input: openBucket(logs), output: openBucket(lake), logger });
    const before = await tree(lake);
    await writeFile(join(logs, 'EFIRN.2025-11-29-01.CCCCCCCC.gz'), gzipSync(logFile([logLine({ at: '2025-11-29 01:00:00', query: pageViewQuery({ eid: eid(5) }) })])));
    const summary = await runEtl({ input: openBucket(logs), output: openBucket(lake), logger });
    expect(summary).toMatchObject({ files: 1, skipped: 2, good: 1 });
    const after = await tree(lake);
    for (const [key, value] of before) if (!['_index.json', 'events/_schema.json', '_checkpoints/latest.json'].includes(key)) expect(after.get(key), key).toBe(value);
  });

  test('the CLI reports a corrupt log, exits 1, and still processes the others', async () => {
    requireBuilt('node/cli.js');
    const { logs, lake } = await world();
    await writeLogs(logs);
    await writeFile(join(logs, 'EFIRN.2025-11-29-02.DDDDDDDD.gz'), Buffer.from('this is not gzip'));
    const run = promisify(execFile)(process.execPath, [join(packageRoot, 'bin/firn.js'), 'etl', '--in', logs, '--out', lake, '--json']);
    const failure = await run.then(() => null, (e: { code: number; stdout: string; stderr: string }) => e);
    expect(failure?.code).toBe(1);
    const summary = JSON.parse(failure!.stdout);
    expect(summary).toMatchObject({ files: 2, good: 3, failed: [{ key: 'EFIRN.2025-11-29-02.DDDDDDDD.gz', error: expect.stringMatching(/header/i) }] });
    expect(failure!.stderr).toMatch(/EFIRN\.2025-11-29-02\.DDDDDDDD\.gz/);
  });

  test('the CLI names an input folder that does not exist', async () => {
    requireBuilt('node/cli.js');
    const { lake } = await world();
    const run = promisify(execFile)(process.execPath, [join(packageRoot, 'bin/firn.js'), 'etl', '--in', lake + '/no-such-logs', '--out', lake]);
    const failure = await run.then(() => null, (e: { code: number; stderr: string }) => e);
    expect(failure?.code).toBe(1);
    expect(failure!.stderr).toMatch(/--in: ".*no-such-logs" does not exist/);
  });
});
