/**
 * The generated SQL against DuckDB itself: the same wasm build the playground ships, driven
 * synchronously from Node, so read_csv options are checked in a second instead of a browser.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';
import { COLUMNS } from '../../contract/columns.ts';
import { DUCKDB_TYPES } from '../../contract/sql.ts';
import { EVENTS_COLUMNS, badSql, eventsSql } from '../../playground/src/sql.ts';
import { openDuckDB, type NodeDuckDB } from '../support/duckdb.ts';
import { BAD_LINES, EVENTS, tsvLine } from './fixture.ts';

let duck: NodeDuckDB | undefined;
let conn: DuckDBConnection;

beforeAll(async () => {
  duck = await openDuckDB();
  conn = duck.conn;
});

afterAll(() => duck?.close());

const rows = (sql: string): Record<string, unknown>[] => conn.query(sql).toArray().map((r) => r.toJSON() as Record<string, unknown>);
const exec = (statements: readonly string[]): void => statements.forEach((s) => conn.query(s));

describe('the generated SQL', () => {
  it('maps all 131 columns in file order to their contract types', () => {
    const names = [...EVENTS_COLUMNS.matchAll(/'([a-z_]+)': '([A-Z0-9(),]+)'/g)];
    expect(names.map((m) => m[1])).toEqual(COLUMNS.map((c) => c.name));
    expect(names.map((m) => m[2])).toEqual(COLUMNS.map((c) => DUCKDB_TYPES[c.type]));
  });

  it('creates an empty events table with every column when the lake has no parts', () => {
    exec(eventsSql([]));
    expect(rows('select count(*)::int as n from events')).toEqual([{ n: 0 }]);
    const described = rows(`select column_name as name, data_type as type from duckdb_columns() where table_name = 'events' order by column_index`);
    expect(described.map((c) => c['name'])).toEqual(COLUMNS.map((c) => c.name));
    expect(described.map((c) => c['type'])).toEqual(COLUMNS.map((c) => DUCKDB_TYPES[c.type]));
  });

  it('reads an ETL part: unquoted quotes, NULLs, milliseconds, booleans, decimals, and no date column from the path', () => {
    duck!.db.registerFileBuffer('events/date=2024-05-01/part-0001.tsv.gz', gzipSync(EVENTS.map(tsvLine).join('\n') + '\n'));
    exec(eventsSql(['events/date=2024-05-01/part-0001.tsv.gz']));
    const [site, shop] = rows(
      `select app_id, page_title, strftime(collector_tstamp, '%Y-%m-%d %H:%M:%S.%g') as ts, br_cookies, tr_total, page_urlport, geo_latitude, contexts
       from events order by collector_tstamp`,
    );
    expect(site).toEqual({
      app_id: 'site',
      page_title: 'Say "hi" <b>bold</b>',
      ts: '2024-05-01 10:00:00.123',
      br_cookies: true,
      tr_total: 12.5,
      page_urlport: 443,
      geo_latitude: 51.5,
      contexts: EVENTS[0]!.contexts,
    });
    expect(shop).toMatchObject({ app_id: 'shop', page_title: null, ts: '2024-05-01 10:05:00.000', br_cookies: false, tr_total: null });
    expect(rows(`select count(*)::int as n from duckdb_columns() where table_name = 'events'`)).toEqual([{ n: 131 }]);
  });

  it('reads bad rows whole, one JSON line per row', () => {
    duck!.db.registerFileBuffer('bad/date=2024-05-01/part-0001.jsonl.gz', gzipSync(BAD_LINES.join('\n') + '\n'));
    exec(badSql(['bad/date=2024-05-01/part-0001.jsonl.gz']));
    expect(rows('select line from bad')).toEqual(BAD_LINES.map((line) => ({ line })));
  });

  it('fails fast on a row with the wrong number of columns', () => {
    duck!.db.registerFileBuffer('short.tsv.gz', gzipSync('a\tb\n'));
    expect(() => exec(eventsSql(['short.tsv.gz']))).toThrow(/short\.tsv\.gz/);
  });
});
