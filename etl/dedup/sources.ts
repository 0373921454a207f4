/**
 * The two ways a log's rows are checked (`process-log.ts` `DedupSource`): against the lake's
 * snapshot (new logs), or against the log's own committed claim (publishing a committed log
 * again after a crash: exactly the rows its commit kept).
 */
import type { DedupSource } from '../process-log.ts';
import { dateText } from '../dates.ts';
import type { IdFile } from '../ids/file.ts';
import { NO_IDS, type IdLookup } from './lookup.ts';
import type { SeenIds } from './seen.ts';

/** Excludes what `fetch` says the lake holds for a date; fetched once per date. */
export function snapshotSource(fetch: (date: string) => Promise<SeenIds>): DedupSource & { close(): void } {
  const ready = new Map<number, SeenIds>();
  return {
    mode: 'exclude',
    async prepare(date) {
      if (!ready.has(date)) ready.set(date, await fetch(dateText(date)));
    },
    ready: (date) => ready.has(date),
    lookup: (date) => ready.get(date) ?? NO_IDS,
    close() {
      for (const seen of ready.values()) seen.close();
      ready.clear();
    },
  };
}

/** Allows only the ids a commit claimed, per date. */
export function claimSource(claims: ReadonlyMap<string, IdFile>): DedupSource {
  return {
    mode: 'allow',
    prepare: async () => undefined,
    ready: () => true,
    lookup: (date): IdLookup => claims.get(dateText(date)) ?? NO_IDS,
  };
}
