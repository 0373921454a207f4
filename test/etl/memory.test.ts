/**
 * The memory bound: a 1-GB input (generated in seconds, every event distinct, two logs of
 * 500 MB so both worker threads work and each log's own ids spill to disk) goes through the
 * built CLI within 256 MB of peak RSS, threads included. The bench (bench/etl.ts) does the same
 * on several GB.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { packageRoot } from '../../node/paths.ts';
import { conservationErrors } from '../../etl/counts.ts';
import type { EtlSummary } from '../../etl/summary.ts';
import { requireBuilt } from '../support/built.ts';
import { writeBigLogs } from '../support/etl-big.ts';
import { PEAK_RSS_HOOK, peakRssKb } from '../support/peak-rss.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

const BUDGET_KB = 256 * 1024;

test('a 1-GB input is processed within 256 MB of peak RSS', { timeout: 180_000 }, async () => {
  requireBuilt('node/cli.js', 'firn.wasm');
  const dir = await mkdtemp(join(tmpdir(), 'firn-etl-memory-'));
  dirs.push(dir);
  await mkdir(join(dir, 'logs'));
  const input = await writeBigLogs(join(dir, 'logs'), { bytes: 1e9, files: 2 });

  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', PEAK_RSS_HOOK, join(packageRoot, 'bin/firn.js'), 'etl', '--in', join(dir, 'logs'), '--out', join(dir, 'lake'), '--workers', '2', '--json'], {
      env: { ...process.env, TMPDIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c));
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  expect(code, stderr).toBe(0);
  const summary = JSON.parse(stdout) as EtlSummary;
  expect(summary).toMatchObject({ files: 2, good: input.lines, bad: 0, duplicates: 0 });
  expect(conservationErrors(summary)).toEqual([]);
  const peakKb = peakRssKb(stderr);
  expect(peakKb, stderr).toBeGreaterThan(0);
  expect(peakKb, `peak RSS ${(peakKb / 1024).toFixed(0)} MB`).toBeLessThanOrEqual(BUDGET_KB);
});
