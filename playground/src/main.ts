/** Wiring: the page's nodes, the URL parameters and the three actions (load, run, keyboard). */
import { openDb, type Db } from './db.ts';
import { loadLake } from './lake.ts';
import { loadRawLogs } from './raw/load.ts';
import { createStatus, message } from './status.ts';
import { renderTable } from './table.ts';

const DEFAULT_SQL = 'select page_url, page_title, app_id, collector_tstamp from events order by collector_tstamp desc limit 100';
/** Where `firn demo` serves the ETL output, beside the playground at `/playground/`. */
const DEFAULT_SOURCE = '/data/lake/';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const node = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const form = node<HTMLFormElement>('source-form');
const source = node<HTMLInputElement>('source');
const sql = node<HTMLTextAreaElement>('sql');
const run = node<HTMLButtonElement>('run');
const rawFiles = node<HTMLInputElement>('raw-files');
const results = node<HTMLElement>('results');
const status = createStatus(node('status'));

const params = new URLSearchParams(location.search);
source.value = params.get('data') ?? DEFAULT_SOURCE;
sql.value = params.get('sql') ?? DEFAULT_SQL;

const db: Promise<Db> = openDb(params.has('debug')).catch((e: unknown) => {
  throw new Error(`cannot start DuckDB: ${message(e)}`);
});
db.catch(() => {}); // awaited by every task; this only marks the rejection as handled

/** What is loaded, repeated after each query so the status line always says what was queried. */
let lake: string | null = null;

const load = (): Promise<void> =>
  status.enqueue(async (note) => {
    const started = performance.now();
    const loaded = await loadLake(await db, source.value, location.href, note);
    const url = new URL(location.href);
    url.searchParams.set('data', source.value.trim());
    history.replaceState(null, '', url); // a reload or a shared link opens the same lake
    lake = `${plural(loaded.events, 'event')} and ${plural(loaded.bad, 'bad row')} from ${loaded.base} (${plural(loaded.parts, 'part')})`;
    return `Loaded ${lake} in ${Math.round(performance.now() - started)} ms`;
  });

/** Raw logs from the user's disk, parsed in the browser by the same firn.wasm as the ETL. */
const loadRaw = (files: readonly File[]): Promise<void> =>
  status.enqueue(async (note) => {
    const started = performance.now();
    const { counts, reassembled, pending } = await loadRawLogs(await db, files, note);
    const fragments = counts.fragments > 0 ? `, ${plural(counts.fragments, 'fragment')} (${reassembled} events reassembled, ${pending} incomplete)` : '';
    lake = `${plural(counts.good + reassembled, 'event')} and ${plural(counts.bad, 'bad row')} from ${plural(files.length, 'raw log')} (${plural(counts.lines, 'line')}: ${counts.discarded} discarded${fragments})`;
    return `Parsed ${lake} in the browser in ${Math.round(performance.now() - started)} ms`;
  });

const query = (): Promise<void> =>
  status.enqueue(async (note) => {
    const { conn } = await db;
    note('Running…');
    results.replaceChildren(); // stale rows under an error message would read as the answer
    const started = performance.now();
    const result = await conn.query(sql.value);
    const ms = Math.round(performance.now() - started);
    const shown = renderTable(results, result);
    const rows = `${plural(result.numRows, 'row')} in ${ms} ms`;
    return `${lake ?? 'No lake loaded'} · ${rows}${shown < result.numRows ? `, showing the first ${shown}` : ''}`;
  });

form.addEventListener('submit', (e) => {
  e.preventDefault(); // Load button or Enter in the source box; never a page reload
  void load();
});
run.addEventListener('click', () => void query());
rawFiles.addEventListener('change', () => {
  const files = [...(rawFiles.files ?? [])];
  rawFiles.value = ''; // picking the same files again is a new load
  if (files.length === 0) return;
  lake = null; // set again only if the files load: a failed load must not be followed by a query that hides its error
  void loadRaw(files).then(() => (lake === null ? undefined : query()));
});
sql.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault(); // no newline in the query
    void query();
  }
});
// Anything that escapes a task still lands on the page.
addEventListener('unhandledrejection', (e) => status.fail(e.reason));
addEventListener('error', (e) => status.fail(e.error ?? e.message));

// Open on the data: load the lake and show the latest events.
void load().then(() => (lake === null ? undefined : query()));
