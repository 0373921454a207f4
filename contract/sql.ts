import type { ColumnType } from './columns.ts';

/**
 * Column types in the SQL engines that read event files. JSON columns stay text: DuckDB-wasm's
 * json extension downloads at run time, and Athena reads JSON text with json_extract.
 */
export const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'VARCHAR',
  int: 'INTEGER',
  double: 'DOUBLE',
  decimal: 'DECIMAL(18,2)',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMP',
  json: 'VARCHAR',
};

/**
 * Athena over the gzipped TSV parts. Booleans are `tinyint`: the parts hold Snowplow's `1`/`0`,
 * and Athena's text reader reads only `true`/`false` as booleans (anything else as NULL).
 */
export const ATHENA_TYPES: Readonly<Record<ColumnType, string>> = {
  text: 'string',
  int: 'int',
  double: 'double',
  decimal: 'decimal(18,2)',
  bool: 'tinyint',
  timestamp: 'timestamp',
  json: 'string',
};
