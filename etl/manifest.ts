/**
 * The output's memory of what it already holds (`_manifest/`): one entry per processed log
 * object, written last, after its parts are committed. A log with an entry for the same
 * version is never processed again; a log without one (new, or its run was killed) is, and
 * since part names derive from the log's key, its parts are rewritten identically, not duplicated.
 */
import { createHash } from 'node:crypto';
import type { Bucket, ObjectInfo } from '../node/bucket/index.ts';

export const MANIFEST_PREFIX = '_manifest/';

export interface LineTotals {
  readonly lines: number;
  readonly good: number;
  readonly bad: number;
  readonly discarded: number;
}

export interface ManifestEntry extends LineTotals {
  /** The log object, as listed when it was processed. */
  readonly key: string;
  readonly size: number;
  readonly version: string;
  /** Keys of the parts it produced, relative to the output. */
  readonly parts: readonly string[];
  readonly processedAt: string;
}

/** Stable id of a log object: names its manifest entry and its parts. */
export function logId(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

export async function readEntry(output: Bucket, key: string): Promise<ManifestEntry | null> {
  const bytes = await output.readBytes(MANIFEST_PREFIX + logId(key) + '.json');
  return bytes ? (JSON.parse(Buffer.from(bytes).toString('utf8')) as ManifestEntry) : null;
}

/** True when `log` was processed in this exact version. */
export async function isProcessed(output: Bucket, log: ObjectInfo): Promise<boolean> {
  const entry = await readEntry(output, log.key);
  return entry !== null && entry.version === log.version && entry.size === log.size;
}

export async function commitEntry(output: Bucket, entry: ManifestEntry): Promise<void> {
  await output.write(MANIFEST_PREFIX + logId(entry.key) + '.json', Buffer.from(JSON.stringify(entry, null, 2) + '\n'));
}
