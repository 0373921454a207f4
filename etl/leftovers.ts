/**
 * What a run killed mid-way leaves behind, removed by a later run: a folder lake's temporary
 * files (never listed, but taking space) and the run's work folder in the system's temp folder,
 * which holds its staged parts (gigabytes for big logs). Neither is ever data: a killed run's
 * logs are processed again, and its commits are finished from the lake (recover.ts).
 *
 * Only what is old enough is touched, so a run never removes another live run's files: a lake
 * may be shared by runs on other machines, and a temp folder by containers whose process ids
 * this one cannot see.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEFTOVER_AGE_MS, type Bucket } from '../node/bucket/index.ts';

export { LEFTOVER_AGE_MS };

/** Work folders are `firn-etl-<pid>-<random>`: the process id tells whether its run is still alive. */
const WORK_PREFIX = 'firn-etl-';

/** This run's work folder. */
export function makeWorkFolder(parent = tmpdir()): Promise<string> {
  return mkdtemp(join(parent, `${WORK_PREFIX}${process.pid}-`));
}

/** Removes the work folders of runs that are gone and untouched for LEFTOVER_AGE_MS; resolves with how many. */
export async function removeDeadWorkFolders(parent = tmpdir(), now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(parent).catch(() => [])) {
    const pid = /^firn-etl-(\d+)-/.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    const path = join(parent, name);
    const s = await stat(path).catch(() => null);
    if (!s?.isDirectory() || now - s.mtimeMs < LEFTOVER_AGE_MS) continue;
    await rm(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Removes both kinds of leftovers; resolves with how many. */
export async function removeLeftovers(output: Bucket): Promise<number> {
  return (await output.removeLeftovers(LEFTOVER_AGE_MS)) + (await removeDeadWorkFolders());
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
