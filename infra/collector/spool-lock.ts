/**
 * One collector per spool folder. Two collectors appending to and delivering from the same
 * spool would deliver each other's live segments and lose lines, so the second one refuses to
 * start. A lock left by a crashed collector (its pid no longer runs) is taken over, which is
 * what lets the next start deliver the crashed run's segments.
 */
import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'collector.pid';

export interface SpoolLock {
  release(): Promise<void>;
}

export async function lockSpool(spoolDir: string): Promise<SpoolLock> {
  const path = join(spoolDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => unlink(path).catch(() => undefined) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner))
      throw new Error(`spool ${spoolDir} is in use by another collector (pid ${owner}); stop it, or give this one other --logs`);
    await unlink(path).catch(() => undefined); // stale: its collector crashed
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true; // a second collector in this process
  try {
    process.kill(pid, 0); // signal 0 only checks that the process exists
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}
