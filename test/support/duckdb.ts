/**
 * DuckDB-wasm driven synchronously from Node: the same wasm build the playground ships (the `eh`
 * bundle where supported), with extension downloads off as in the browser, where they would fail.
 */
import { createRequire } from 'node:module';
import type { DuckDBBindings, DuckDBConnection } from '@duckdb/duckdb-wasm/blocking';

const require = createRequire(import.meta.url);

export interface NodeDuckDB {
  readonly db: DuckDBBindings;
  readonly conn: DuckDBConnection;
  close(): void;
}

export async function openDuckDB(): Promise<NodeDuckDB> {
  const duckdb = await import('@duckdb/duckdb-wasm/blocking');
  const wasm = (name: string): string => require.resolve(`@duckdb/duckdb-wasm/dist/${name}`);
  const bundles = { mvp: { mainModule: wasm('duckdb-mvp.wasm'), mainWorker: '' }, eh: { mainModule: wasm('duckdb-eh.wasm'), mainWorker: '' } };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({ query: { castDecimalToDouble: true } });
  const conn = db.connect();
  conn.query('SET autoload_known_extensions=false');
  conn.query('SET autoinstall_known_extensions=false');
  return {
    db,
    conn,
    close: () => {
      conn.close();
      db.reset();
    },
  };
}
