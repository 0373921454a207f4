/**
 * Two runs on one lake at the same time (a CLI run while Lambda invocations commit, say), their
 * inputs overlapping: every log is committed once, every event kept once. They serialize on the
 * commit log's sequence numbers (`lake/commits.ts`), each catching up with the other's commits.
 */
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { openBucket } from '../../node/bucket/index.ts';
import { createLogger } from '../../node/logger.ts';
import { runEtl } from '../../etl/run.ts';
import { lakeEventIds, lakeFiles } from '../support/etl-lake.ts';
import { writeMixedLogs } from '../support/etl-logs.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

test('two runs at once with overlapping inputs commit each log and keep each event once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'firn-etl-concurrent-'));
  dirs.push(dir);
  for (const d of ['all', 'x', 'y']) await mkdir(join(dir, d));
  const ids = await writeMixedLogs(join(dir, 'all'), { files: 8, lines: 80, seed: 5 });
  const names = (await readdir(join(dir, 'all'))).sort();
  for (const n of names.slice(0, 5)) await cp(join(dir, 'all', n), join(dir, 'x', n));
  for (const n of names.slice(3)) await cp(join(dir, 'all', n), join(dir, 'y', n));

  const logger = createLogger('silent');
  const output = openBucket(join(dir, 'lake'));
  const [x, y] = await Promise.all([
    runEtl({ input: openBucket(join(dir, 'x')), output, logger }),
    runEtl({ input: openBucket(join(dir, 'y')), output, logger, workers: 2 }),
  ]);
  expect([...x.failed, ...y.failed]).toEqual([]);
  expect(x.files + y.files).toBe(8);
  expect(await lakeEventIds(join(dir, 'lake'))).toEqual([...ids].sort());
  const commits = (await lakeFiles(join(dir, 'lake'))).filter((k) => k.startsWith('_commits/'));
  expect(commits).toHaveLength(8);
  expect(await runEtl({ input: openBucket(join(dir, 'all')), output, logger })).toMatchObject({ files: 0, skipped: 8 });
});
