/**
 * The built playground (`dist/playground/`) in real Chromium, reading fixture lakes from a
 * second origin the way it reads an ETL bucket: only over HTTP, with nothing from a CDN.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { distPath, packageRoot } from '../../node/paths.ts';
import { serveStatic, type StaticServer } from '../../node/static.ts';
import { launchChromium } from '../support/browser.ts';
import { requireBuilt } from '../support/built.ts';
import { writeLake } from './fixture.ts';

const QUERY = 'select page_url, page_title, app_id from events';

let browser: Browser;
let app: StaticServer;
let data: StaticServer;
let lakes: string[] = [];

beforeAll(async () => {
  requireBuilt('playground/index.html');
  lakes = [await writeLake('events'), await writeLake('empty')];
  app = await serveStatic({ '/': distPath('playground') });
  data = await serveStatic({ '/lake/': lakes[0]!, '/empty/': lakes[1]! });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close(); // and with it every page of the specs
  await Promise.all([app?.close(), data?.close()]);
  await Promise.all(lakes.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Session {
  readonly page: Page;
  /** Page errors, console errors and requests that left the local servers. */
  readonly problems: string[];
}

/** Every open page; afterEach drains their problems so each spec answers for its own. */
const sessions = new Set<Session>();
/** Chromium's own console line for a 404, expected only where a spec asks for a missing lake. */
let allowed: RegExp | undefined;

afterEach(() => {
  const problems = [...sessions].flatMap((s) => s.problems.splice(0)).filter((p) => !allowed?.test(p));
  allowed = undefined;
  expect(problems, 'page errors, console errors or non-local requests').toEqual([]);
});

/** Opens the playground on `?data=<lake>` and waits until its startup tasks are done. */
async function open(lake: string, tasks: number, site = app.url): Promise<Session> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const session: Session = { page, problems: [] };
  sessions.add(session);
  page.on('pageerror', (e) => session.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => void (m.type() === 'error' && session.problems.push(`console: ${m.text()}`)));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(site + '/') || url.startsWith(data.url + '/')) return route.continue();
    session.problems.push(`request: ${url}`);
    return route.abort();
  });
  await page.goto(`${site}/?data=${encodeURIComponent(lake)}`);
  await done(page, tasks);
  return session;
}

/** Waits until `#status` has finished `n` tasks (the page counts them in `data-done`). */
const done = (page: Page, n: number): Promise<unknown> =>
  page.waitForFunction(`Number(document.querySelector('#status').dataset.done) >= ${n}`);

/** Performs one action and waits for the task it queued. */
async function act(page: Page, action: () => Promise<void>): Promise<void> {
  const before = Number(await page.getAttribute('#status', 'data-done'));
  await action();
  await done(page, before + 1);
}

const state = (page: Page): Promise<string | null> => page.getAttribute('#status', 'data-state');
const status = async (page: Page): Promise<string> => (await page.textContent('#status')) ?? '';
const headers = (page: Page): Promise<string[]> => page.locator('#results thead th').allTextContents();
const cells = async (page: Page): Promise<string[][]> =>
  Promise.all((await page.locator('#results tbody tr').all()).map((tr) => tr.locator('td').allTextContents()));

async function run(page: Page, sql: string, via: 'button' | 'keyboard'): Promise<void> {
  await page.fill('#sql', sql);
  await act(page, () => (via === 'button' ? page.click('#run') : page.press('#sql', 'Control+Enter')));
}

// Each page compiles DuckDB's 34 MB wasm, which takes seconds on a busy machine, so the specs
// of one lake share a page. Each spec sets its own SQL; the first one checks the page as opened.
describe('a lake with events', () => {
  let page: Page;
  beforeAll(async () => {
    ({ page } = await open(`${data.url}/lake/`, 2));
  });

  it('is loaded from ?data= and shows the latest events with the default query', async () => {
    expect(await state(page)).toBe('ready');
    expect(await status(page)).toContain(`2 events and 1 bad row from ${data.url}/lake/ (2 parts)`);
    expect(await headers(page)).toEqual(['page_url', 'page_title', 'app_id', 'collector_tstamp']);
    expect(await cells(page)).toEqual([
      ['https://shop.example.com/', 'NULL', 'shop', '2024-05-01 10:05:00.000'],
      ['https://example.com/a?x=1', 'Say "hi" <b>bold</b>', 'site', '2024-05-01 10:00:00.123'],
    ]);
  });

  it('runs a query from the Run button and shows values as text, NULL apart from empty', async () => {
    await run(page, QUERY, 'button');
    expect(await state(page)).toBe('ready');
    expect(await status(page)).toMatch(/· 2 rows in \d+ ms$/);
    expect(await headers(page)).toEqual(['page_url', 'page_title', 'app_id']);
    expect((await cells(page)).sort((a, b) => a[2]!.localeCompare(b[2]!))).toEqual([
      ['https://shop.example.com/', 'NULL', 'shop'],
      ['https://example.com/a?x=1', 'Say "hi" <b>bold</b>', 'site'],
    ]);
    // The title's HTML is text, not markup, and the NULL cell is marked as such.
    expect(await page.locator('#results b').count()).toBe(0);
    expect(await page.locator('#results td.null').count()).toBe(1);
  });

  it('runs a query with Ctrl+Enter in the SQL box', async () => {
    await run(page, `${QUERY} where app_id = 'site'`, 'keyboard');
    expect(await state(page)).toBe('ready');
    expect(await cells(page)).toEqual([['https://example.com/a?x=1', 'Say "hi" <b>bold</b>', 'site']]);
    expect(await page.inputValue('#sql')).toBe(`${QUERY} where app_id = 'site'`); // no newline typed
  });

  it('has typed columns and a bad table', async () => {
    await run(page, `select count(*) as bad, (select sum(tr_total) from events) as total, (select bool_or(br_cookies) from events) as cookies from bad`, 'button');
    expect(await cells(page)).toEqual([['1', '12.5', 'true']]);
  });

  it('shows bad SQL as an error in the status line and stays usable', async () => {
    await run(page, 'selec page_url from events', 'button');
    expect(await state(page)).toBe('error');
    expect(await status(page)).toMatch(/^Error: Parser Error: syntax error/);
    expect(await page.locator('#results table').count()).toBe(0);
    await run(page, QUERY, 'keyboard');
    expect(await state(page)).toBe('ready');
  });

  it('fails fast with a clear error when a query needs an extension that would be downloaded', async () => {
    await run(page, `select * from read_json('x.json')`, 'button');
    expect(await state(page)).toBe('error');
    expect(await status(page)).toContain('json extension');
  });
});

describe('an empty lake', () => {
  let page: Page;
  beforeAll(async () => {
    ({ page } = await open(`${data.url}/empty/`, 2));
  });

  it('gives an empty events table with all 131 columns, not an error', async () => {
    expect(await state(page)).toBe('ready');
    expect(await status(page)).toContain('0 events and 0 bad rows');
    await run(page, `select (select count(*) from events) as n, (select count(*) from duckdb_columns() where table_name = 'events') as columns`, 'button');
    expect(await cells(page)).toEqual([['0', '131']]);
  });

  it('can be replaced by another lake from the source box', async () => {
    await page.fill('#source', `${data.url}/lake/`);
    await act(page, () => page.click('#load'));
    expect(await status(page)).toContain('2 events and 1 bad row');
    expect(new URL(page.url()).searchParams.get('data')).toBe(`${data.url}/lake/`);
  });
});

describe('a lake URL that does not answer', () => {
  it('is an error message on the page, not a crash', async () => {
    allowed = /^console: Failed to load resource: the server responded with a status of 404/;
    const { page } = await open(`${data.url}/missing/`, 1);
    expect(await state(page)).toBe('error');
    expect(await status(page)).toBe(`Error: cannot fetch ${data.url}/missing/_index.json: HTTP 404`);
  });
});

describe('the dev server', () => {
  let dev: ViteDevServer;
  beforeAll(async () => {
    // Its own cache dir: the dependency optimizer must not race other builds over node_modules/.vite.
    cache = await mkdtemp(join(tmpdir(), 'firn-playground-vite-'));
    dev = await createServer({
      configFile: join(packageRoot, 'playground', 'vite.config.ts'),
      cacheDir: cache,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, strictPort: true },
    });
    await dev.listen();
  });
  let cache: string;
  afterAll(async () => {
    await dev?.close();
    if (cache) await rm(cache, { recursive: true, force: true });
  });

  it('serves the same playground from source', async () => {
    const { page } = await open(`${data.url}/lake/`, 2, dev.resolvedUrls!.local[0]!.replace(/\/$/, ''));
    expect(await state(page)).toBe('ready');
    expect((await cells(page)).map((row) => row[2])).toEqual(['shop', 'site']);
  });
});
