/**
 * What a run killed mid-way leaves behind, removed by a later run: a folder lake's temporary
 * files (never listed, but taking space) and the run's work folder in the system's temp folder,
 * which holds its staged parts (gigabytes for big logs). Neither is ever data: a killed run's
 * logs are processed again, and its commits are finished from the lake (recover.ts).
 *
 * A run never removes another live run's files. Work folders are named after their process, and
 * a folder of a process that is gone, or of this process's id but not made by this process (a
 * Lambda restarted after a timeout may get its old id back), is dead. Since a shared temp folder
 * (containers) or lake (machines) may hold live runs this process cannot see, leftovers are only
 * removed once an hour old, unless the temp folder is this process's alone (Lambda's /tmp).
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEFTOVER_AGE_MS, type Bucket } from '../node/bucket/index.ts';

export { LEFTOVER_AGE_MS };

/** Work folders are `firn-etl-<pid>-<random>`. */
const WORK_NAME = /^firn-etl-(\d+)-/;
/** The work folders this process made and has not removed (runs start on one thread; ETL worker threads work in folders given to them). */
const ours = new Set<string>();

/** A new work folder for a run; `removeWorkFolder` when done. */
export async function makeWorkFolder(parent = tmpdir()): Promise<string> {
  const path = await mkdtemp(join(parent, `firn-etl-${process.pid}-`));
  ours.add(path);
  return path;
}

export async function removeWorkFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
  ours.delete(path);
}

/**
 * Removes the work folders of runs that are gone, once untouched for `minAgeMs` (0 where the temp
 * folder is private); resolves with how many.
 */
export async function removeDeadWorkFolders(parent = tmpdir(), minAgeMs = LEFTOVER_AGE_MS): Promise<number> {
  let removed = 0;
  for (const name of await readdir(parent).catch(() => [])) {
    const pid = WORK_NAME.exec(name)?.[1];
    const path = join(parent, name);
    if (pid === undefined || (Number(pid) === process.pid ? ours.has(path) : isRunning(Number(pid)))) continue;
    const s = await stat(path).catch(() => null);
    if (!s?.isDirectory() || Date.now() - s.mtimeMs < minAgeMs) continue;
    await rm(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** Removes both kinds of leftovers; resolves with how many. */
export async function removeLeftovers(output: Bucket, privateTempFolder = false): Promise<number> {
  return (await output.removeLeftovers(LEFTOVER_AGE_MS)) + (await removeDeadWorkFolders(tmpdir(), privateTempFolder ? 0 : LEFTOVER_AGE_MS));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
