/**
 * The lake's self-description, rewritten at the end of every run: `_index.json` (every part, for
 * readers that cannot list a folder over HTTP) and `events/_schema.json` (columns and types, for
 * tools that do not import the contract).
 */
import { COLUMNS, INDEX_KEY, SCHEMA_KEY, type LakeIndex } from '../contract/index.ts';
import type { Bucket } from '../node/bucket/index.ts';

export async function writeLakeFiles(output: Bucket): Promise<LakeIndex> {
  const events: string[] = [];
  const bad: string[] = [];
  for await (const o of output.list('events/')) if (o.key.endsWith('.tsv.gz')) events.push(o.key);
  for await (const o of output.list('bad/')) if (o.key.endsWith('.jsonl.gz')) bad.push(o.key);
  const index: LakeIndex = { version: 1, events: events.sort(), bad: bad.sort() };
  await output.write(INDEX_KEY, Buffer.from(JSON.stringify(index, null, 2) + '\n'));
  const schema = {
    format: 'tsv',
    compression: 'gzip',
    header: false,
    null: '',
    timestampFormat: 'YYYY-MM-DD HH:MM:SS.mmm (UTC)',
    columns: COLUMNS.map(({ name, type, ddl }) => ({ name, type, ddl })),
  };
  await output.write(SCHEMA_KEY, Buffer.from(JSON.stringify(schema, null, 2) + '\n'));
  return index;
}
