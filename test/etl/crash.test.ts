/**
 * Exactly once when a run dies: a child `firn etl` killed (SIGKILL) at random moments, over and
 * over, then run to the end, leaves the lake a clean run makes: the same events, none twice, none
 * missing, the same bad rows, the same parts byte for byte (etl_tstamp aside). Failures at the
 * two sides of the commit point are also injected deterministically.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, test } from 'vitest';
import { openBucket } from '../../node/bucket/index.ts';
import { createLogger } from '../../node/logger.ts';
import { packageRoot } from '../../node/paths.ts';
import { conservationErrors } from '../../etl/counts.ts';
import { runEtl } from '../../etl/run.ts';
import type { EtlSummary } from '../../etl/summary.ts';
import { requireBuilt } from '../support/built.ts';
import { faultyBucket } from '../support/etl-faults.ts';
import { lakeBadRows, lakeEventIds, lakeFiles, partsWithoutEtlTstamp } from '../support/etl-lake.ts';
import { writeMixedLogs } from '../support/etl-logs.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function world(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-etl-crash-'));
  dirs.push(dir);
  await mkdir(join(dir, 'logs'));
  await mkdir(join(dir, 'tmp'));
  return dir;
}

interface Child {
  readonly killed: boolean;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `firn etl` in a child; SIGKILLed after `killAfterMs` unless it ends first. */
function etlChild(dir: string, lake: string, workers: number, killAfterMs?: number, logs = join(dir, 'logs')): Promise<Child> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(packageRoot, 'bin/firn.js'), 'etl', '--in', logs, '--out', lake, '--workers', String(workers), '--json'], {
      env: { ...process.env, TMPDIR: join(dir, 'tmp') }, // its work folder: inside the test's, removed with it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '', killed = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ killed, code, stdout, stderr });
    });
  });
}

const logger = createLogger('silent');

/** The line counts of every manifest entry of a lake, added up. */
async function manifestTotals(lake: string): Promise<Record<'lines' | 'good' | 'bad' | 'discarded' | 'duplicates', number>> {
  const totals = { lines: 0, good: 0, bad: 0, discarded: 0, duplicates: 0 };
  for (const key of (await lakeFiles(lake)).filter((k) => k.startsWith('_manifest/'))) {
    const entry = JSON.parse(await readFile(join(lake, key), 'utf8')) as typeof totals;
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += entry[k];
  }
  return totals;
}

describe('a run that dies', () => {
  test('killed at random moments, again and again, then completed: the lake a clean run makes', async () => {
    requireBuilt('node/cli.js', 'firn.wasm');
    const dir = await world();
    const ids = await writeMixedLogs(join(dir, 'logs'), { files: 10, lines: 300, seed: 42 });

    const t0 = performance.now();
    await mkdir(join(dir, 'nothing'));
    await etlChild(dir, join(dir, 'empty'), 2, undefined, join(dir, 'nothing')); // start-up alone: nothing to read
    const startMs = performance.now() - t0;
    const t1 = performance.now();
    const clean = await etlChild(dir, join(dir, 'clean'), 2);
    const cleanMs = performance.now() - t1;
    expect(clean.code, clean.stderr).toBe(0);
    const reference: EtlSummary = JSON.parse(clean.stdout);
    expect(conservationErrors(reference)).toEqual([]);
    expect(await lakeEventIds(join(dir, 'clean'))).toEqual([...ids].sort());

    // Kill points spread over a clean run's working time, seeded: FIRN_ETL_CRASH_SEED replays another series.
    let seed = Number(process.env['FIRN_ETL_CRASH_SEED'] ?? 20251128);
    const random = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const lake = join(dir, 'crashed');
    const kills: number[] = [];
    let last: Child;
    // Each run picks up where the killed one stopped, so kills land all along the work until a run ends first.
    for (let i = 0; ; i++) {
      const at = i < 10 ? Math.round(startMs + random() * (cleanMs - startMs)) : undefined;
      last = await etlChild(dir, lake, i % 3 === 2 ? 1 : 2, at);
      if (!last.killed) break;
      kills.push(at!);
    }
    const story = `killed at ${kills.join(', ')} ms (start-up ${Math.round(startMs)} ms, clean run ${Math.round(cleanMs)} ms)`;
    expect(last.code, `${story}\n${last.stderr}`).toBe(0);
    expect(kills.length, story).toBeGreaterThanOrEqual(1);

    expect(await lakeEventIds(lake)).toEqual(await lakeEventIds(join(dir, 'clean')));
    expect((await lakeBadRows(lake)).map((b) => `${b.source}:${b.lineNumber}`).sort()).toEqual((await lakeBadRows(join(dir, 'clean'))).map((b) => `${b.source}:${b.lineNumber}`).sort());
    expect(await partsWithoutEtlTstamp(lake)).toEqual(await partsWithoutEtlTstamp(join(dir, 'clean')));
    // and the manifests add up to the clean run's counts
    expect(await manifestTotals(lake)).toEqual(await manifestTotals(join(dir, 'clean')));
    expect(await manifestTotals(lake)).toEqual({ lines: reference.lines, good: reference.good, bad: reference.bad, discarded: reference.discarded, duplicates: reference.duplicates });
  });

  test('dying at the commit point: before it the log is processed again, after it the next run publishes it', async () => {
    const dir = await world();
    await writeMixedLogs(join(dir, 'logs'), { files: 4, lines: 60, seed: 3 });
    const input = openBucket(join(dir, 'logs'));
    const clean = await runEtl({ input, output: openBucket(join(dir, 'clean')), logger });

    // 1. the commit record cannot be created (the process "dies" just before the commit point)
    const before = faultyBucket(openBucket(join(dir, 'a')), (op, key) => op === 'create' && key === '_commits/0000000002.json');
    const first = await runEtl({ input, output: before, logger });
    expect(first.failed).toHaveLength(1);
    const again = await runEtl({ input, output: openBucket(join(dir, 'a')), logger });
    expect(again).toMatchObject({ files: 1, recovered: 0, failed: [] });

    // 2. committed, then publishing fails (the process "dies" just after the commit point)
    const after = faultyBucket(openBucket(join(dir, 'b')), (op, key) => op === 'write' && key.startsWith('events/') && key.includes('part-'));
    const broken = await runEtl({ input, output: after, logger });
    expect(broken.failed).toHaveLength(1);
    const finished = await runEtl({ input, output: openBucket(join(dir, 'b')), logger });
    expect(finished).toMatchObject({ files: 0, recovered: 1, failed: [] });

    for (const lake of ['a', 'b']) expect(await lakeEventIds(join(dir, lake))).toEqual(await lakeEventIds(join(dir, 'clean')));
    // Published late, the log's parts are what they would have been. (Committed late, log 2 lost
    // its duplicates to logs 3 and 4, committed before it: the same events, other copies.)
    expect(await partsWithoutEtlTstamp(join(dir, 'b'))).toEqual(await partsWithoutEtlTstamp(join(dir, 'clean')));
    expect(clean.failed).toEqual([]);
  });
});
