/**
 * The walking skeleton, end to end with a real part at every step: the demo page in real
 * Chromium → the built tracker → the local collector's CloudFront log → rotation to .gz →
 * `firn etl` (the CLI, in its own process, running dist/firn.wasm) → the built playground's
 * DuckDB-wasm → the page view's row on screen.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startCollector, type Collector } from '../../infra/collector/index.ts';
import { createLogger } from '../../node/logger.ts';
import { distPath, packageRoot } from '../../node/paths.ts';
import { serveStatic, type StaticServer } from '../../node/static.ts';
import { demoPage } from '../../demo/page.ts';
import { launchChromium } from '../support/browser.ts';
import { requireBuilt } from '../support/built.ts';

let dir: string;
let collector: Collector;
let site: StaticServer;
let browser: Browser;

beforeAll(async () => {
  requireBuilt('firn.js', 'firn.wasm', 'node/cli.js', 'playground/index.html');
  dir = await mkdtemp(join(tmpdir(), 'firn-e2e-'));
  collector = await startCollector({
    host: '127.0.0.1',
    port: 0,
    logs: join(dir, 'logs'),
    rotateSeconds: 3600, // rotated by the test
    trackerFile: distPath('firn.js'),
    logger: createLogger('warn'),
  });
  const links = [['/', 'Home']] as const;
  site = await serveStatic(
    { '/playground/': distPath('playground'), '/data/': dir },
    { pages: { '/': demoPage('Firn demo: Home', collector.url, links, '/playground/') } },
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await collector?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a page view in Chromium becomes a row in the playground after one ETL run', async () => {
  const problems: string[] = [];
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));

  // 1. the demo page: the tracker loads from the collector and sends its pixel
  const pixel = page.waitForResponse((r) => r.url().startsWith(collector.url + '/i?'));
  await page.goto(site.url + '/');
  expect((await pixel).status()).toBe(200);
  await page.close();

  // 2. the collector delivers a CloudFront log file
  const delivered = await collector.rotate();
  expect(delivered).toHaveLength(1);
  expect(delivered[0]).toMatch(/^[A-Z0-9]+\.\d{4}-\d{2}-\d{2}-\d{2}\.[A-Z0-9]+\.gz$/);
  const log = gunzipSync(await readFile(join(dir, 'logs', delivered[0]!))).toString('utf8').split('\n');
  expect(log[0]).toBe('#Version: 1.0');
  const hits = log.filter((l) => l.split('\t')[7] === '/i');
  expect(hits).toHaveLength(1);
  expect(hits[0]!.split('\t')).toHaveLength(33);

  // 3. the ETL, through the real CLI
  const { stdout } = await promisify(execFile)(process.execPath, [join(packageRoot, 'bin/firn.js'), 'etl', '--in', join(dir, 'logs'), '--out', join(dir, 'lake'), '--json']);
  const summary = JSON.parse(stdout) as { files: number; lines: number; good: number; bad: number; discarded: number };
  expect(summary).toMatchObject({ files: 1, good: 1, bad: 0 });
  expect(summary.lines).toBe(summary.good + summary.bad + summary.discarded); // the tracker request (/firn.js) is a discard

  // 4. the playground over that lake
  const playground = await context.newPage();
  playground.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  playground.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  await playground.goto(`${site.url}/playground/?data=/data/lake/`);
  const status = playground.locator('#status');
  await expect.poll(() => status.getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
  const done = Number(await status.getAttribute('data-done'));
  await playground.fill('#sql', 'select page_url, page_title, app_id from events');
  await playground.click('#run');
  await expect.poll(async () => Number(await status.getAttribute('data-done')), { timeout: 60_000 }).toBeGreaterThan(done);
  expect(await status.getAttribute('data-state'), (await status.textContent()) ?? '').toBe('ready');
  const rows = await playground.locator('#results tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  expect(rows).toEqual([[site.url + '/', 'Firn demo: Home', 'firn-demo']]);
  expect(problems).toEqual([]);
  await context.close();
});
