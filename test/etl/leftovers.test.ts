/**
 * What a killed run leaves behind (a folder lake's `.tmp-` files, its work folder of staged
 * parts) is removed by a later run once it is old enough, and nothing else is: not another live
 * run's files, not the collector's spool, not an object.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, test } from 'vitest';
import { openBucket } from '../../node/bucket/index.ts';
import { createLogger } from '../../node/logger.ts';
import { LEFTOVER_AGE_MS, makeWorkFolder, removeDeadWorkFolders, removeWorkFolder } from '../../etl/leftovers.ts';
import { runEtl } from '../../etl/run.ts';
import { requireBuilt } from '../support/built.ts';
import { faultyBucket } from '../support/etl-faults.ts';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'firn-leftovers-'));
  dirs.push(dir);
  return dir;
}

/** Writes `path` (a folder when it ends with `/`), last touched `ageMs` ago. */
async function put(path: string, ageMs: number): Promise<void> {
  if (path.endsWith('/')) await mkdir(path, { recursive: true });
  else {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, 'x');
  }
  const at = (Date.now() - ageMs) / 1000;
  await utimes(path, at, at);
}

/** The process id of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  return child.pid!;
}

const OLD = LEFTOVER_AGE_MS + 60_000;

describe('leftovers of killed runs', () => {
  test("a folder bucket removes its old temporary files, and only those", async () => {
    const root = await scratch();
    await put(join(root, 'events/date=2025-11-28/part-a.tsv.gz'), OLD);
    await put(join(root, 'events/date=2025-11-28/.tmp-0a1b2c'), OLD);
    await put(join(root, '.tmp-3d4e5f'), OLD);
    await put(join(root, 'events/date=2025-11-28/.tmp-young'), 1000); // maybe another run's write in progress
    await put(join(root, '.spool/.tmp-spooled'), OLD); // dot folders are never entered
    await put(join(root, 'events/.hidden'), OLD); // dot-named, but not a temporary file
    const bucket = openBucket(root);
    const before = [];
    for await (const o of bucket.list()) before.push(o.key);

    expect(await bucket.removeLeftovers(LEFTOVER_AGE_MS)).toBe(2);
    expect((await readdir(root, { recursive: true })).sort()).toEqual([
      '.spool', '.spool/.tmp-spooled', 'events', 'events/.hidden', 'events/date=2025-11-28',
      'events/date=2025-11-28/.tmp-young', 'events/date=2025-11-28/part-a.tsv.gz',
    ]);
    const after = [];
    for await (const o of bucket.list()) after.push(o.key);
    expect(after).toEqual(before);
    expect(await bucket.removeLeftovers(LEFTOVER_AGE_MS)).toBe(0);
  });

  test('work folders of runs that are gone are removed once old; live, young and foreign ones stay', async () => {
    const parent = await scratch();
    const dead = await deadPid();
    await put(join(parent, `firn-etl-${dead}-old/log-0/events-2025-11-28-0.gz`), OLD);
    await put(join(parent, `firn-etl-${dead}-old/`), OLD);
    await put(join(parent, `firn-etl-${dead}-young/`), 1000); // maybe a live run in a container this process cannot see
    const mine = await makeWorkFolder(parent); // a run of this process, still going
    await put(mine + '/', OLD);
    await put(join(parent, `firn-etl-${process.pid}-earlier/`), OLD); // this id, but not made by this process: a restarted Lambda's old folder
    await put(join(parent, 'firn-etl-crash-abc/'), OLD); // not a work folder's name
    await put(join(parent, `firn-etl-${dead}-file`), OLD); // not a folder

    expect(await removeDeadWorkFolders(parent)).toBe(2);
    expect((await readdir(parent)).sort()).toEqual([`firn-etl-${dead}-file`, `firn-etl-${dead}-young`, basename(mine), 'firn-etl-crash-abc'].sort());
    // Where the temp folder is private, a dead run's folder goes whatever its age.
    expect(await removeDeadWorkFolders(parent, 0)).toBe(1);
    expect((await readdir(parent)).sort()).toEqual([`firn-etl-${dead}-file`, basename(mine), 'firn-etl-crash-abc'].sort());
    await removeWorkFolder(mine);
    expect(await readdir(parent)).not.toContain(basename(mine));
  });

  test('firn etl removes a folder lake’s old temporary files before it runs, except with --dry-run', async () => {
    requireBuilt('firn.wasm');
    const dir = await scratch();
    const logs = join(dir, 'logs');
    const lake = join(dir, 'lake');
    await mkdir(logs);
    await writeFile(join(logs, 'EFIRN.2025-11-28-10.AAAAAAAA.gz'), gzipSync(logFile([logLine({ at: '2025-11-28 10:00:00', query: pageViewQuery({}) })])));
    const leftover = join(lake, 'events/date=2025-11-28/.tmp-killed');
    await put(leftover, OLD);
    const run = (dryRun: boolean) => runEtl({ input: openBucket(logs), output: openBucket(lake), logger: createLogger('silent'), dryRun });

    await run(true);
    expect(await readdir(join(lake, 'events/date=2025-11-28'))).toContain('.tmp-killed');
    const summary = await run(false);
    expect(summary.good).toBe(1);
    expect(await readdir(join(lake, 'events/date=2025-11-28'))).not.toContain('.tmp-killed');
  });

  test('a leftover that cannot be removed is a warning, not a failed run', async () => {
    requireBuilt('firn.wasm');
    const dir = await scratch();
    const logs = join(dir, 'logs');
    await mkdir(logs);
    await writeFile(join(logs, 'EFIRN.2025-11-28-10.AAAAAAAA.gz'), gzipSync(logFile([logLine({ at: '2025-11-28 10:00:00', query: pageViewQuery({}) })])));
    const output = faultyBucket(openBucket(join(dir, 'lake')), (op) => op === 'removeLeftovers');
    const warnings: string[] = [];
    const logger = { ...createLogger('silent'), warn: (m: string) => void warnings.push(m) };
    const summary = await runEtl({ input: openBucket(logs), output, logger });
    expect(summary).toMatchObject({ good: 1, failed: [] });
    expect(output.faults).toEqual(['removeLeftovers ']);
    expect(warnings).toEqual([expect.stringMatching(/could not remove .* left behind \(the run goes on\): injected failure: removeLeftovers/)]);
  });
});
