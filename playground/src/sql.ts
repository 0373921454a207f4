/**
 * The SQL that turns lake files into tables, generated from the contract so the playground
 * can never drift from the 131 columns the ETL writes.
 */
import { COLUMNS } from '../../contract/columns.ts';
import { DUCKDB_TYPES } from '../../contract/sql.ts';

/** A SQL string literal. */
export const literal = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** A SQL identifier: several canonical names (`event`, `platform`) are close to keywords. */
export const ident = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** `app_id VARCHAR, platform VARCHAR, …`: the `events` table, in file order. */
export const EVENTS_DDL: string = COLUMNS.map((c) => `${ident(c.name)} ${DUCKDB_TYPES[c.type]}`).join(', ');

/** `{'app_id': 'VARCHAR', …}`: the `columns=` struct of `read_csv`, in file order. */
export const EVENTS_COLUMNS: string = `{${COLUMNS.map((c) => `${literal(c.name)}: ${literal(DUCKDB_TYPES[c.type])}`).join(', ')}}`;

/**
 * Options for the ETL's TSV (canonical-event.md, "TSV conventions"), checked against DuckDB 1.4.3
 * as bundled by duckdb-wasm 1.32:
 * - `quote=''`, `escape=''` turn quoting off: values may contain `"` and are never quoted.
 * - `hive_partitioning=false`: keys contain `date=…/`, which DuckDB would otherwise add as a 132nd column.
 * - `auto_detect=false`: the contract gives the types; sniffing a few rows could only disagree.
 * - `.%g` is milliseconds, the `.mmm` of every timestamp.
 */
const tsvOptions = (compression: Compression): string =>
  `delim='\\t', header=false, quote='', escape='', nullstr='', compression='${compression}', ` +
  "timestampformat='%Y-%m-%d %H:%M:%S.%g', auto_detect=false, hive_partitioning=false";

/** Lake parts are gzip; raw logs parsed in the browser arrive as plain text. */
export type Compression = 'gzip' | 'none';

const list = (files: readonly string[]): string => `[${files.map(literal).join(', ')}]`;

/** Statements that (re)create `events`; with no files it stays empty but has all 131 columns. */
export function eventsSql(files: readonly string[], compression: Compression = 'gzip'): string[] {
  const create = [`DROP TABLE IF EXISTS events`, `CREATE TABLE events (${EVENTS_DDL})`];
  if (files.length === 0) return create;
  return [...create, `INSERT INTO events SELECT * FROM read_csv(${list(files)}, columns=${EVENTS_COLUMNS}, ${tsvOptions(compression)})`];
}

/**
 * Statements that (re)create `bad(line)`, one JSON bad row per line. The json extension would be
 * downloaded at run time, so each line is read whole as text: `chr(1)` as delimiter never occurs
 * because JSON escapes every control character.
 */
export function badSql(files: readonly string[], compression: Compression = 'gzip'): string[] {
  const create = [`DROP TABLE IF EXISTS bad`, `CREATE TABLE bad (line VARCHAR)`];
  if (files.length === 0) return create;
  const options = `delim=chr(1), header=false, quote='', escape='', compression='${compression}', auto_detect=false, hive_partitioning=false`;
  return [...create, `INSERT INTO bad SELECT * FROM read_csv(${list(files)}, columns={'line': 'VARCHAR'}, ${options})`];
}
