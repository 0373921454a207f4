/**
 * The per-log manifest (`_manifest/<log id>.json`): what a processed log produced, written
 * last, after its commit record and its parts. A log with an entry is never processed again
 * (raw logs are immutable: CloudFront never rewrites one); the entry's `version` and `size`
 * record which object was read. The commit log (`lake/commits.ts`) is the source of truth;
 * an entry missing after a crash is restored from it.
 */
import { createHash } from 'node:crypto';
import type { Bucket } from '../node/bucket/index.ts';
import type { FragmentCounts, LineCounts } from './counts.ts';
import { MANIFEST_PREFIX, manifestKey } from './lake/keys.ts';

export { MANIFEST_PREFIX } from './lake/keys.ts';

export interface ManifestEntry extends LineCounts {
  /** The log object, as listed when it was processed. */
  readonly key: string;
  readonly size: number;
  readonly version: string;
  /** Its commit's sequence number in `_commits/`. */
  readonly seq: number;
  /** Keys of the parts it produced, relative to the output. */
  readonly parts: readonly string[];
  readonly fragments: FragmentCounts;
  readonly processedAt: string;
}

/** Stable id of a log object: names its manifest entry and its parts. */
export function logId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

export async function readEntry(output: Bucket, key: string): Promise<ManifestEntry | null> {
  const bytes = await output.readBytes(manifestKey(logId(key)));
  return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as ManifestEntry) : null;
}

export async function writeEntry(output: Bucket, entry: ManifestEntry): Promise<void> {
  await output.write(manifestKey(logId(entry.key)), Buffer.from(JSON.stringify(entry, null, 2) + '\n'));
}

/** The ids of every log with an entry: one listing, whatever the number of logs. */
export async function processedLogIds(output: Bucket): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const o of output.list(MANIFEST_PREFIX)) {
    const m = /^_manifest\/([0-9a-f]{20})\.json$/.exec(o.key);
    if (m) ids.add(m[1]!);
  }
  return ids;
}
