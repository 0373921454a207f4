/**
 * Keeping a worker's memory flat. Streams allocate a fresh Buffer per chunk (gunzip's output,
 * gzip's input); each dies at once, but V8 frees a Buffer's memory only when it collects its
 * small JS wrapper, and with the little JS garbage the ETL makes that waits until V8's
 * external-memory limit (64 MB per isolate) is reached. Three isolates (two workers and the
 * main thread) would float ~190 MB of dead Buffers, most of the 256 MB budget. So every
 * GC_EVERY_BYTES of log processed, a minor GC (a scavenge: about a millisecond, the young
 * generation being tiny) collects them.
 *
 * The same goes, after each log, for what lived through the whole log (`collectLogGarbage`).
 *
 * The collector function is obtained the way Jest does for --logHeapUsage: the `--expose-gc`
 * flag set at run time, then `gc` read from a fresh context. Without it, nothing is collected
 * early and the ETL still works, with a higher peak.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const GC_EVERY_BYTES = 8 << 20;

type Collect = (options?: { type: 'minor' | 'major' }) => void;

let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  } catch {
    collect = null;
  }
  return collect;
}

/** Counts processed bytes; collects young garbage every GC_EVERY_BYTES. */
export function youngGarbageCollector(): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < GC_EVERY_BYTES) return;
    since = 0;
    collector()?.({ type: 'minor' });
  };
}

/**
 * A full GC now: after a log, whose id sets, filters and sort buffers lived long enough to be
 * promoted to the old generation, where nothing else would collect them soon (a few ms, once
 * per log).
 */
export function collectLogGarbage(): void {
  collector()?.({ type: 'major' });
}
