/**
 * DuckDB-wasm in its own worker, every byte served from this site: the eh ("exception
 * handling") build, which every current browser runs, and no CDN bundle selection.
 */
import { AsyncDuckDB, ConsoleLogger, VoidLogger, type AsyncDuckDBConnection } from '@duckdb/duckdb-wasm';
// `?url` makes Vite copy both files next to the page and hand back their (relative) URLs.
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

export interface Db {
  readonly db: AsyncDuckDB;
  readonly conn: AsyncDuckDBConnection;
}

export async function openDb(debug: boolean): Promise<Db> {
  // A classic worker: the eh worker is a plain script, not an ES module.
  const worker = new Worker(workerUrl);
  const db = new AsyncDuckDB(debug ? new ConsoleLogger() : new VoidLogger(), worker);
  await db.instantiate(wasmUrl);
  // Arrow 17 hands DECIMAL back as unscaled integers; doubles print as the numbers people expect.
  await db.open({ query: { castDecimalToDouble: true } });
  const conn = await db.connect();
  // parquet, json and httpfs are not in the wasm: DuckDB would fetch them from
  // extensions.duckdb.org on first use. Offline that hangs or fails obscurely; this fails fast
  // with "… exists in the json extension".
  await conn.query('SET autoload_known_extensions=false');
  await conn.query('SET autoinstall_known_extensions=false');
  return { db, conn };
}

/**
 * Loads new tables: registers their files (`register`), runs `statements` in one transaction, so
 * a file that fails to parse leaves the previous tables as they were, then drops the files: the
 * tables hold the rows, and the buffers would only double the memory.
 */
export async function replaceTables(db: Db, register: () => Promise<void>, statements: readonly string[]): Promise<void> {
  await db.db.dropFiles();
  try {
    await register();
    await db.conn.query('BEGIN TRANSACTION');
    try {
      for (const sql of statements) await db.conn.query(sql);
      await db.conn.query('COMMIT');
    } catch (e) {
      await db.conn.query('ROLLBACK');
      throw e;
    }
  } finally {
    await db.db.dropFiles();
  }
}
