/**
 * Raw CloudFront logs picked from the user's disk, parsed in a worker by firn.wasm, loaded into
 * the same `events` and `bad` tables as a lake: nothing leaves the browser.
 */
import { wrap, type Remote } from 'comlink';
import { replaceTables, type Db } from '../db.ts';
import { badSql, eventsSql } from '../sql.ts';
import type { RawParse, RawWorker } from './api.ts';

let worker: Remote<RawWorker> | undefined;

/** The registered names DuckDB reads the parsed output under. */
const EVENTS_FILE = 'raw/events.tsv';
const BAD_FILE = 'raw/bad.jsonl';

export async function loadRawLogs(db: Db, files: readonly File[], onProgress: (note: string) => void): Promise<RawParse> {
  worker ??= wrap<RawWorker>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
  onProgress(`Reading ${files.length} file${files.length === 1 ? '' : 's'}…`);
  const picked = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  onProgress('Parsing with firn.wasm…');
  const parsed = await worker.parse(picked);
  // Decided before registering: registerFileBuffer transfers the buffers to DuckDB's worker, leaving them empty here.
  const statements = [...eventsSql(parsed.events.length > 0 ? [EVENTS_FILE] : [], 'none'), ...badSql(parsed.bad.length > 0 ? [BAD_FILE] : [], 'none')];
  await replaceTables(db, async () => {
    await db.db.registerFileBuffer(EVENTS_FILE, parsed.events);
    await db.db.registerFileBuffer(BAD_FILE, parsed.bad);
  }, statements);
  return parsed;
}
