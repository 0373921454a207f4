/**
 * Loads a lake folder over plain HTTP. A static folder cannot be listed, so the ETL's
 * `_index.json` names every committed part; each part is fetched whole and handed to DuckDB as
 * an in-memory file, then copied into a table so the buffers can be dropped again.
 */
import { INDEX_KEY, type LakeIndex } from '../../contract/lake.ts';
import { replaceTables, type Db } from './db.ts';
import { badSql, eventsSql } from './sql.ts';

export interface Loaded {
  /** The lake folder, absolute and ending in `/`. */
  readonly base: string;
  readonly events: number;
  readonly bad: number;
  readonly parts: number;
}

/** What the ETL writes (`events/date=…/part-….tsv.gz`): no `..`, quotes or glob characters reach SQL or URLs. */
const SAFE_KEY = /^(?:[\w.=-]+\/)*[\w=-][\w.=-]*$/;

/** `/data/lake` → `http://host/data/lake/`: relative sources resolve against the page. */
export function lakeBase(source: string, page: string): string {
  const url = new URL(source.trim() || '.', page);
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

async function get(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { cache: 'no-store' });
  } catch {
    // fetch only says "Failed to fetch": name the URL, the usual causes are CORS or a typo.
    throw new Error(`cannot fetch ${url} (network error or no CORS header)`);
  }
  if (!res.ok) throw new Error(`cannot fetch ${url}: HTTP ${res.status}`);
  return res;
}

function parseIndex(json: unknown, url: string): LakeIndex {
  const index = json as Partial<LakeIndex> | null;
  const keys = (v: unknown): v is string[] => Array.isArray(v) && v.every((k) => typeof k === 'string' && SAFE_KEY.test(k) && !k.split('/').includes('..'));
  if (index?.version !== 1 || !keys(index.events) || !keys(index.bad)) {
    throw new Error(`${url} is not a Firn lake index ({ "version": 1, "events": [keys], "bad": [keys] })`);
  }
  return index as LakeIndex;
}

async function readIndex(base: string): Promise<LakeIndex> {
  const url = new URL(INDEX_KEY, base).href;
  const res = await get(url);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new Error(`${url} is not JSON`);
  }
  return parseIndex(json, url);
}

/** Fetches and registers parts; DuckDB sees each one under its lake key. */
async function register({ db }: Db, base: string, keys: readonly string[], progress: () => void): Promise<void> {
  await Promise.all(
    keys.map(async (key) => {
      const bytes = new Uint8Array(await (await get(new URL(key, base).href)).arrayBuffer());
      await db.registerFileBuffer(key, bytes);
      progress();
    }),
  );
}

const count = async ({ conn }: Db, table: string): Promise<number> =>
  Number((await conn.query(`SELECT count(*) AS n FROM ${table}`)).get(0)?.['n'] ?? 0);

/** Replaces `events` and `bad` with the lake at `source`. */
export async function loadLake(db: Db, source: string, page: string, onProgress: (note: string) => void): Promise<Loaded> {
  const base = lakeBase(source, page);
  onProgress(`Fetching ${new URL(INDEX_KEY, base).href}…`);
  const index = await readIndex(base);
  const keys = [...index.events, ...index.bad];
  let done = 0;
  onProgress(`Fetching ${keys.length} parts…`);
  await replaceTables(db, () => register(db, base, keys, () => onProgress(`Fetched ${++done} of ${keys.length} parts…`)), [...eventsSql(index.events), ...badSql(index.bad)]);
  return { base, events: await count(db, 'events'), bad: await count(db, 'bad'), parts: keys.length };
}
