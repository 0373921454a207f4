/**
 * Pending fragments as the lake stores them: gzipped JSON lines `{"date", "record"}`, one per
 * piece, in a commit's `_fragments/<log id>-<attempt>.jsonl.gz` or a checkpoint's pool file.
 */
import { createInterface } from 'node:readline';
import { gzipSync, createGunzip } from 'node:zlib';
import type { Bucket } from '../../node/bucket/index.ts';
import type { FragmentPool } from '../fragments/pool.ts';
import type { FragmentRecord } from '../fragments/record.ts';

/** `line` is a record's JSON text. */
export const pieceLine = (date: string, line: string): string => `{"date":${JSON.stringify(date)},"record":${line.trimEnd()}}\n`;

export function piecesFile(lines: readonly string[]): Buffer {
  return gzipSync(lines.join(''), { level: 6 });
}

/** Every pending piece of the pool, for a checkpoint. */
export function poolFile(pool: FragmentPool): Buffer {
  const lines: string[] = [];
  for (const set of pool.sets.values()) for (const p of set.pieces.values()) lines.push(pieceLine(p.date, pool.readLine(p)));
  return piecesFile(lines);
}

/** Adds a stored pieces file to the pool (pieces of earlier runs). */
export async function loadPieces(output: Bucket, key: string, pool: FragmentPool): Promise<void> {
  const lines = createInterface({ input: (await output.read(key)).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    const { date, record } = JSON.parse(line) as { date: string; record: FragmentRecord };
    pool.add(record, pool.store(JSON.stringify(record) + '\n', record.index, date, false));
  }
}
