/**
 * Raw CloudFront logs opened from disk in the built playground: parsed in its worker by the same
 * firn.wasm as the ETL, loaded into `events` and `bad`, queried with SQL — nothing leaves the page.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { distPath } from '../../node/paths.ts';
import { serveStatic, type StaticServer } from '../../node/static.ts';
import { launchChromium } from '../support/browser.ts';
import { requireBuilt } from '../support/built.ts';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';

let browser: Browser;
let site: StaticServer;
let dir: string;

beforeAll(async () => {
  requireBuilt('playground/index.html');
  dir = await mkdtemp(join(tmpdir(), 'firn-playground-raw-'));
  site = await serveStatic({ '/': distPath('playground') });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const done = (page: Page, n: number): Promise<unknown> => page.waitForFunction(`Number(document.querySelector('#status').dataset.done) >= ${n}`);

test('raw .gz and plain logs picked from disk are parsed in the browser and queried with SQL', async () => {
  const eid = '7f9a3b2c-1d4e-4f5a-8b6c-9d0e1f2a3b4c';
  const data = deflateRawSync(Buffer.from(pageViewQuery({ eid, page: 'Reassembled in the browser' }))).toString('base64url');
  const half = Math.ceil(data.length / 2);
  const gz = join(dir, 'EFIRN.2025-11-28-08.AAAAAAAA.gz');
  await writeFile(gz, gzipSync(logFile([
    logLine({ query: pageViewQuery({ eid: '00000000-0000-4000-8000-000000000001', page: 'From a gz file', aid: 'raw' }) }),
    logLine({ query: pageViewQuery({ p: 'mobile' }) }), // a bad row
    logLine({ query: `eid=${eid}&fx_e=z&fx_i=1&fx_n=2&fx_d=${data.slice(0, half)}` }),
  ])));
  const plain = join(dir, 'EFIRN.2025-11-28-09.BBBBBBBB.log');
  await writeFile(plain, logFile([
    logLine({ query: pageViewQuery({ eid: '00000000-0000-4000-8000-000000000002', page: 'From a plain file', aid: 'raw' }) }),
    logLine({ query: `eid=${eid}&fx_e=z&fx_i=2&fx_n=2&fx_d=${data.slice(half)}` }),
  ]));

  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => void (m.type() === 'error' && !/Failed to load resource/.test(m.text()) && problems.push(m.text())));
  await page.goto(`${site.url}/?data=${encodeURIComponent(site.url + '/no-lake-here/')}`); // no lake: the first load fails, cleanly
  await done(page, 1);
  await page.setInputFiles('#raw-files', [gz, plain]);
  await done(page, 3); // parse, then the query
  expect(await page.getAttribute('#status', 'data-state')).toBe('ready');
  expect(await page.textContent('#status')).toContain('3 events and 1 bad row from 2 raw logs (9 lines: 4 discarded, 2 fragments (1 events reassembled, 0 incomplete))');

  await page.fill('#sql', "select page_title, app_id from events order by page_title");
  await page.click('#run');
  await done(page, 4);
  const after = (await page.textContent('#status')) ?? '';
  expect(after, after).toMatch(/· 3 rows in/);
  const rows = await Promise.all((await page.locator('#results tbody tr').all()).map((tr) => tr.locator('td').allTextContents()));
  expect(rows).toEqual([
    ['From a gz file', 'raw'],
    ['From a plain file', 'raw'],
    ['Reassembled in the browser', 'site'],
  ]);
  await page.fill('#sql', "select count(*) from bad where line like '%mobile%'");
  await page.click('#run');
  await done(page, 5);
  expect(await page.locator('#results tbody td').allTextContents()).toEqual(['1']);
  expect(problems).toEqual([]);
  await page.close();
});
