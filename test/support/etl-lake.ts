/** Reading a lake back in tests: every event row, bad row and state file, as listed by the folder bucket. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { COLUMNS } from '../../contract/index.ts';
import { openBucket } from '../../node/bucket/index.ts';

export interface LakeRow {
  readonly key: string;
  readonly values: readonly string[];
}

/**
 * The lake's objects, listed as every reader lists them (the folder bucket): a write a crash cut
 * short leaves a dot-named temporary file, which is no object and must not count.
 */
async function files(root: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of openBucket(root).list()) keys.push(o.key);
  return keys.sort();
}

/** Every event row of the lake's parts (rows end in TABs: never trim). */
export async function lakeEvents(lake: string): Promise<LakeRow[]> {
  const rows: LakeRow[] = [];
  for (const key of (await files(lake)).filter((k) => /^events\/date=[^/]+\/part-[^/]+\.tsv\.gz$/.test(k))) {
    for (const line of gunzipSync(await readFile(join(lake, key))).toString('utf8').split('\n')) {
      if (line === '') continue;
      const values = line.split('\t');
      if (values.length !== COLUMNS.length) throw new Error(`${key}: a row of ${values.length} columns`);
      rows.push({ key, values });
    }
  }
  return rows;
}

export const column = (name: string): number => COLUMNS.findIndex((c) => c.name === name);

/** Event ids of the lake's rows, sorted (repeats kept: a duplicate shows twice). */
export async function lakeEventIds(lake: string): Promise<string[]> {
  const at = column('event_id');
  return (await lakeEvents(lake)).map((r) => r.values[at]!).sort();
}

export interface LakeBadRow {
  readonly key: string;
  readonly line: string;
  readonly source: string;
  readonly lineNumber: number;
  readonly errors: readonly { readonly field: string | null; readonly value: unknown; readonly message: string }[];
}

export async function lakeBadRows(lake: string): Promise<LakeBadRow[]> {
  const rows: LakeBadRow[] = [];
  for (const key of (await files(lake)).filter((k) => /^bad\/date=[^/]+\/part-[^/]+\.jsonl\.gz$/.test(k)))
    for (const line of gunzipSync(await readFile(join(lake, key))).toString('utf8').split('\n')) if (line !== '') rows.push({ key, ...JSON.parse(line) });
  return rows;
}

/** Key → sha256 of every file of the lake. */
export async function lakeHashes(lake: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const key of await files(lake)) out.set(key, createHash('sha256').update(await readFile(join(lake, key))).digest('hex'));
  return out;
}

/** Per part: rows and a hash of its uncompressed content with etl_tstamp blanked (short diffs on failure). */
export async function partsWithoutEtlTstamp(lake: string): Promise<Map<string, string>> {
  const at = column('etl_tstamp');
  const out = new Map<string, string>();
  for (const key of (await files(lake)).filter((k) => /^(events|bad)\/date=.*\.gz$/.test(k))) {
    const text = gunzipSync(await readFile(join(lake, key))).toString('utf8');
    const content = key.startsWith('events/') ? text.split('\n').map((l) => (l === '' ? l : l.split('\t').map((v, i) => (i === at ? '' : v)).join('\t'))).join('\n') : text;
    out.set(key, `${text.split('\n').length - 1} rows, sha256 ${createHash('sha256').update(content).digest('hex').slice(0, 16)}`);
  }
  return out;
}

export async function lakeFiles(lake: string): Promise<string[]> {
  return files(lake);
}
