/**
 * The Athena table over a lake's events, generated from its schema file (`events/_schema.json`):
 * `CREATE EXTERNAL TABLE` on the gzipped TSV parts with partition projection on `date`, so new
 * dates are queryable the moment their parts land, without MSCK REPAIR or a crawler.
 * Types come from `contract/sql.ts` (booleans are `tinyint` there: `WHERE br_cookies = 1`).
 */
import { ATHENA_TYPES } from '../contract/sql.ts';
import type { LakeSchema } from './lake-files.ts';

export interface AthenaTableOptions {
  /** `s3://bucket/prefix/events/`, ending with `/`; may hold `${…}` for CloudFormation's Fn::Sub. */
  readonly location: string;
  readonly database?: string;
  readonly table?: string;
  /** First date of the projection (default 2020-01-01); the range ends at NOW. */
  readonly since?: string;
}

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;

export function athenaDdl(schema: LakeSchema, options: AthenaTableOptions): string {
  if (!/^s3:\/\/.+\/$/.test(options.location)) throw new Error(`Athena location ${JSON.stringify(options.location)} is not s3://bucket/prefix/ ending with /`);
  const table = `\`${options.database ?? 'firn'}\`.\`${options.table ?? 'events'}\``;
  const columns = schema.columns.map((c) => `  \`${c.name}\` ${ATHENA_TYPES[c.type]}`).join(',\n');
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${table} (`,
    columns,
    ')',
    'PARTITIONED BY (`date` string)',
    "ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe'",
    "WITH SERDEPROPERTIES ('field.delim' = '\\t', 'serialization.format' = '\\t', 'serialization.null.format' = '')",
    "STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'",
    "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
    `LOCATION ${quote(options.location)}`,
    'TBLPROPERTIES (',
    "  'projection.enabled' = 'true',",
    "  'projection.date.type' = 'date',",
    "  'projection.date.format' = 'yyyy-MM-dd',",
    `  'projection.date.range' = '${options.since ?? '2020-01-01'},NOW',`,
    "  'projection.date.interval' = '1',",
    "  'projection.date.interval.unit' = 'DAYS',",
    `  'storage.location.template' = ${quote(options.location + 'date=${date}/')}`,
    ');',
    '',
  ].join('\n');
}
