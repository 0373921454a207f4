/**
 * Tracker cost on the page: Firn (dist/firn.js, script tag) and Snowplow's browser tracker
 * (@snowplow/browser-tracker 4.10, GET mode), loaded in the same page of the same real Chromium,
 * measured alternately in the same run:
 *   - the synchronous time of one `trackPageView` call (what the caller waits for);
 *   - the main-thread time per page view, everything included (the call, storage, encoding, the
 *     request and its callbacks): Chromium's own `TaskDuration` in thread CPU time (CDP
 *     `Performance.getMetrics`, `threadTicks`) over a run of page views, divided by their number;
 *     and, as the floor under both, the same for a bare image request per view without a tracker;
 *   - the gzip and brotli sizes of both bundles.
 * Hits are answered by a routed pixel, so the collector costs nothing on the page's main thread.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { distPath, packageRoot } from '../node/paths.ts';
import { serveStatic } from '../node/static.ts';
import { measure, type Size } from '../scripts/build/sizes.ts';
import { launchChromium } from '../test/support/browser.ts';
import type { BenchResult } from './result.ts';

/** Page views per measured run, and runs per tracker (alternating, best run kept against noise on a shared machine). */
const VIEWS = 100;
const RUNS = 5;
/** Between two page views the page idles this long, so each view is processed alone, as on a real page. */
const SPACING_MS = 15;
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

// Page globals, typed only for the functions handed to `page.evaluate` (they run in the page).
declare const firn: (...args: unknown[]) => void;
declare const snowplow: { trackPageView(): void };
declare const performance: { now(): number };
declare const crossOriginIsolated: boolean;
declare const Image: new () => { src: string };

/** Snowplow's browser tracker as a site would ship it: its core API, bundled and minified. */
async function buildSnowplow(dir: string): Promise<string> {
  const outfile = join(dir, 'snowplow.js');
  await build({
    stdin: {
      contents: `import { newTracker, trackPageView } from '@snowplow/browser-tracker';\nwindow.snowplow = { newTracker, trackPageView };\n`,
      resolveDir: packageRoot,
    },
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2019',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** A page with one tracker only, for the first call of a fresh page (cold caches, lazy set-up). */
const solo = (tracker: 'firn' | 'snowplow'): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tracker bench</title>
${tracker === 'firn' ? `<script src="/dist/firn.js"></script><script>firn('newTracker', 'firn', location.origin, { appId: 'bench' });</script>` : `<script src="/bench/snowplow.js"></script><script>snowplow.newTracker('sp', location.origin, { appId: 'bench', eventMethod: 'get' });</script>`}
</head><body><p>One tracker.</p></body></html>`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tracker bench</title>
<script src="/dist/firn.js"></script>
<script src="/bench/snowplow.js"></script>
<script>
firn('newTracker', 'firn', location.origin, { appId: 'bench' });
snowplow.newTracker('sp', location.origin, { appId: 'bench', eventMethod: 'get' });
</script>
</head><body><p>Both trackers, one page.</p></body></html>`;

/** `pixel`: a bare 1×1 image request per view, no tracker: the floor under any tracker that sends one request per event. */
type Tracker = 'firn' | 'snowplow' | 'pixel' | 'none';

interface Run {
  /** Median synchronous time of one call, ms. */
  readonly syncMs: number;
  /** Main-thread time per page view, all work included, ms. */
  readonly mainMs: number;
}

async function taskSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'TaskDuration')!.value;
}

/** `VIEWS` page views from one tracker, spaced; resolves once every hit has been answered and the page is idle again. */
async function run(page: Page, cdp: CDPSession, tracker: Tracker, answered: () => Record<Tracker, number>): Promise<Run> {
  const before = answered()[tracker];
  const start = await taskSeconds(cdp);
  const calls = await page.evaluate(
    async ([tracker, views, spacing]) => {
      const times: number[] = [];
      for (let i = 0; i < views; i++) {
        const t = performance.now();
        if (tracker === 'firn') firn('trackPageView');
        else if (tracker === 'snowplow') snowplow.trackPageView();
        else if (tracker === 'pixel') new Image().src = `/i?tv=bare&n=${i}&r=${Math.random()}`;
        times.push(performance.now() - t);
        await new Promise((wake) => setTimeout(wake, spacing));
      }
      return times;
    },
    [tracker, VIEWS, SPACING_MS] as const,
  );
  while (tracker !== 'none' && answered()[tracker] < before + VIEWS) await new Promise((wake) => setTimeout(wake, 20));
  // Let the last callbacks (storage deletes, cookie writes) run.
  await page.evaluate(() => new Promise((wake) => setTimeout(wake, 200)));
  const mainMs = ((await taskSeconds(cdp)) - start) * 1000;
  return { syncMs: median(calls), mainMs: mainMs / VIEWS };
}

const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;

/** The first `trackPageView` of a fresh page, median over `RUNS` pages: what a real page view pays, once per page. */
async function firstCall(browser: Browser, siteUrl: string, tracker: 'firn' | 'snowplow'): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    await context.route((url) => url.pathname === '/i', (route) => route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL }));
    await context.route(siteUrl + '/solo', (route) => route.fulfill({ status: 200, contentType: 'text/html', headers: ISOLATED, body: solo(tracker) }));
    const page = await context.newPage();
    await page.goto(siteUrl + '/solo');
    times.push(
      await page.evaluate((tracker) => {
        const t = performance.now();
        if (tracker === 'firn') firn('trackPageView');
        else snowplow.trackPageView();
        return performance.now() - t;
      }, tracker),
    );
    await context.close();
  }
  return median(times);
}

const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
const size = (s: Size): string => `${s.gzip} B gzip, ${s.brotli} B brotli (${s.raw} B minified)`;

export async function benchTracker(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'firn-bench-tracker-'));
  const browser = await launchChromium();
  const site = await serveStatic({ '/dist/': distPath(), '/bench/': dir }, { pages: { '/': PAGE } });
  try {
    const snowplowFile = await buildSnowplow(dir);
    const context = await browser.newContext();
    const page = await context.newPage();
    const answered: Record<Tracker, number> = { firn: 0, snowplow: 0, pixel: 0, none: 0 };
    await context.route(
      (url) => url.pathname === '/i',
      (route) => {
        const tv = new URL(route.request().url()).searchParams.get('tv') ?? '';
        answered[tv === 'bare' ? 'pixel' : tv.startsWith('js-firn') ? 'firn' : 'snowplow']++;
        return route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL });
      },
    );
    // Cross-origin isolated, so performance.now() has 5 µs resolution instead of 100 µs.
    await context.route(site.url + '/', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', headers: ISOLATED, body: PAGE }),
    );
    await page.goto(site.url + '/');
    if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the bench page is not cross-origin isolated: timings would be 100 µs coarse');
    const cdp = await context.newCDPSession(page);
    // Thread CPU time, not wall time: other processes on a shared machine do not inflate it.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    // Warm-up: both trackers' first events set cookies, open storage and compile their code.
    for (const tracker of ['firn', 'snowplow'] as const) await run(page, cdp, tracker, () => answered);
    // `none`: the same spaced loop without a call, whose main-thread time (timers, the evaluate) is subtracted.
    const trackers = ['firn', 'snowplow', 'pixel', 'none'] as const;
    const runs: Record<Tracker, Run[]> = { firn: [], snowplow: [], pixel: [], none: [] };
    for (let i = 0; i < RUNS; i++) for (const tracker of trackers) runs[tracker].push(await run(page, cdp, tracker, () => answered));
    const best = (tracker: Tracker, key: keyof Run): number => Math.min(...runs[tracker].map((r) => r[key])) - (key === 'mainMs' && tracker !== 'none' ? best('none', 'mainMs') : 0);
    const first = { firn: await firstCall(browser, site.url, 'firn'), snowplow: await firstCall(browser, site.url, 'snowplow') };
    const firnSize = measure(distPath('firn.js'));
    const snowplowSize = measure(snowplowFile);
    await context.close();
    return {
      title: 'Tracker on the page: Firn vs Snowplow browser tracker 4.10 (GET), same page, same run',
      rows: [
        ['first trackPageView call of a page (Firn)', us(first.firn)],
        ['first trackPageView call of a page (Snowplow)', us(first.snowplow)],
        ['trackPageView call, median (Firn)', us(best('firn', 'syncMs'))],
        ['trackPageView call, median (Snowplow)', us(best('snowplow', 'syncMs'))],
        ['main-thread time per page view, all work (Firn)', us(best('firn', 'mainMs'))],
        ['main-thread time per page view, all work (Snowplow)', us(best('snowplow', 'mainMs'))],
        ['main-thread time of the loop alone, subtracted above', us(best('none', 'mainMs'))],
        ['main-thread time per view of a bare pixel request, no tracker (the floor)', us(best('pixel', 'mainMs'))],
        ['ratio Snowplow / Firn, first call', `${(first.snowplow / first.firn).toFixed(1)}×`],
        ['ratio Snowplow / Firn, call', `${(best('snowplow', 'syncMs') / best('firn', 'syncMs')).toFixed(1)}×`],
        ['ratio Snowplow / Firn, main thread', `${(best('snowplow', 'mainMs') / best('firn', 'mainMs')).toFixed(1)}×`],
        ['ratio Snowplow / Firn, main thread above the floor', `${((best('snowplow', 'mainMs') - best('pixel', 'mainMs')) / (best('firn', 'mainMs') - best('pixel', 'mainMs'))).toFixed(1)}×`],
        ['bundle, Firn (dist/firn.js, every feature)', size(firnSize)],
        ['bundle, Snowplow (newTracker + trackPageView)', size(snowplowSize)],
      ],
      note:
        `${VIEWS} page views per run, ${SPACING_MS} ms apart, ${RUNS} alternating runs per tracker after a warm-up; the best run of each is shown. ` +
        'Main-thread time is Chromium’s TaskDuration in thread CPU time over the run (CDP Performance.getMetrics with threadTicks), less the same loop without calls, divided by the page views: it includes the ' +
        'storage, encoding and request work each tracker does after the call returns. Firn stores each event in IndexedDB before sending; ' +
        'Snowplow keeps its queue in localStorage. The floor is the same loop sending a bare image request per view, no tracker: when it is more than ' +
        'a third of Snowplow\'s total, a total 3× lower than Snowplow\'s would cost less than the request itself, out of reach for any tracker that ' +
        'sends each event as it happens; the ratio above the floor compares what the trackers add to it.',
    };
  } finally {
    await site.close();
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
