/**
 * Lake folders for playground specs, written the way the ETL writes them: gzipped TSV parts
 * with the 131 canonical columns and no header, JSON-lines bad parts, and `_index.json`.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { COLUMNS, type ColumnName } from '../../contract/columns.ts';
import { INDEX_KEY, badKey, eventsKey, type LakeIndex } from '../../contract/lake.ts';

export type Event = Partial<Record<ColumnName, string>>;

/** One TSV line: every column in file order, empty string for NULL, no quoting. */
export const tsvLine = (event: Event): string => COLUMNS.map((c) => event[c.name] ?? '').join('\t');

const base: Event = {
  platform: 'web',
  etl_tstamp: '2024-05-01 11:00:00.000',
  event: 'page_view',
  v_tracker: 'js-0.1.0',
  v_collector: 'cloudfront',
  v_etl: 'firn-0.1.0',
  event_vendor: 'com.snowplowanalytics.snowplow',
  event_name: 'page_view',
  event_format: 'jsonschema',
  event_version: '1-0-0',
};

/** Two page views; the first has a `"` and HTML in its title, the second a NULL title. */
export const EVENTS: readonly Event[] = [
  {
    ...base,
    app_id: 'site',
    collector_tstamp: '2024-05-01 10:00:00.123',
    event_id: '0f0b5a3e-6d3a-4f4e-9c39-1c1f1e1d1c1b',
    page_url: 'https://example.com/a?x=1',
    page_title: 'Say "hi" <b>bold</b>',
    page_urlport: '443',
    geo_latitude: '51.5',
    tr_total: '12.50',
    br_cookies: '1',
    contexts: '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[]}',
  },
  {
    ...base,
    app_id: 'shop',
    collector_tstamp: '2024-05-01 10:05:00.000',
    event_id: '7a1c3e0d-2b4f-4c6a-8e9d-0f1a2b3c4d5e',
    page_url: 'https://shop.example.com/',
    br_cookies: '0',
  },
];

export const BAD_LINES: readonly string[] = [JSON.stringify({ line: 'NOT VALID\t"x"', errors: ['Line does not match CloudFront header or data row formats'] })];

async function put(root: string, key: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(join(root, key)), { recursive: true });
  await writeFile(join(root, key), bytes);
}

/** A lake with the fixture events (one part) and bad rows, or an empty one; returns its folder. */
export async function writeLake(kind: 'events' | 'empty'): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), `firn-playground-${kind}-`));
  const events = eventsKey('2024-05-01', '0001');
  const bad = badKey('2024-05-01', '0001');
  if (kind === 'events') {
    await put(root, events, gzipSync(EVENTS.map(tsvLine).join('\n') + '\n'));
    await put(root, bad, gzipSync(BAD_LINES.join('\n') + '\n'));
  }
  const index: LakeIndex = kind === 'events' ? { version: 1, events: [events], bad: [bad] } : { version: 1, events: [], bad: [] };
  await put(root, INDEX_KEY, JSON.stringify(index));
  return root;
}
