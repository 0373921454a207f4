/**
 * The lake's self-description, rewritten at the end of every run that changed it: `_index.json`
 * (every part, for readers that cannot list a folder over HTTP) and `events/_schema.json`
 * (columns and types: what the playground and the Athena DDL, `athena.ts`, are generated from).
 */
import { COLUMNS, INDEX_KEY, SCHEMA_KEY, type ColumnType, type LakeIndex } from '../contract/index.ts';
import type { Bucket } from '../node/bucket/index.ts';

export interface LakeSchema {
  readonly format: 'tsv';
  readonly compression: 'gzip';
  readonly header: false;
  readonly null: '';
  readonly timestampFormat: string;
  /** Hive-style partition folders: `events/date=YYYY-MM-DD/`. */
  readonly partitionedBy: readonly { readonly name: 'date'; readonly type: 'date'; readonly format: 'YYYY-MM-DD' }[];
  readonly columns: readonly { readonly name: string; readonly type: ColumnType; readonly ddl: string }[];
}

export function lakeSchema(): LakeSchema {
  return {
    format: 'tsv',
    compression: 'gzip',
    header: false,
    null: '',
    timestampFormat: 'YYYY-MM-DD HH:MM:SS.mmm (UTC)',
    partitionedBy: [{ name: 'date', type: 'date', format: 'YYYY-MM-DD' }],
    columns: COLUMNS.map(({ name, type, ddl }) => ({ name, type, ddl })),
  };
}

export async function writeLakeFiles(output: Bucket): Promise<LakeIndex> {
  const events: string[] = [];
  const bad: string[] = [];
  for await (const o of output.list('events/')) if (o.key.endsWith('.tsv.gz')) events.push(o.key);
  for await (const o of output.list('bad/')) if (o.key.endsWith('.jsonl.gz')) bad.push(o.key);
  const index: LakeIndex = { version: 1, events: events.sort(), bad: bad.sort() };
  await output.write(INDEX_KEY, Buffer.from(JSON.stringify(index, null, 2) + '\n'));
  await output.write(SCHEMA_KEY, Buffer.from(JSON.stringify(lakeSchema(), null, 2) + '\n'));
  return index;
}
