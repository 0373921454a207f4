/**
 * Browser tests of the built tracker (STYLE rule 14): Chromium loads `dist/firn.js` through the
 * async snippet from a static server, and the collector's `/i` is answered by `context.route`,
 * so every test sees exactly the requests the tracker made.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, type TestContext } from 'vitest';
import { distPath } from '../../node/paths.ts';
import { launchChromium } from '../support/browser.ts';
import { serveStatic, type StaticServer } from '../../node/static.ts';
import { DB_NAME, STORE, type Pending } from '../../tracker/src/pending.ts';
import type { DebugMessage, QueueStats, TrackerConfig } from '../../tracker/src/types.ts';

const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));
const HARNESS = fileURLToPath(new URL('./pages/harness.js', import.meta.url));
/** A 1×1 transparent GIF, what CloudFront serves for `/i`. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Globals of the test pages (pages/*.html and pages/harness.js); these declarations only type
// the functions handed to `page.evaluate`, which run in the page.
declare const firn: (...args: unknown[]) => void;
declare const firnTest: {
  rejections: string[];
  order: string[];
  debug: unknown[];
  config: unknown;
  endpoint: string | undefined;
  newGlobals(): string[];
  readStore(db: string, store: string): Promise<Pending[]>;
  hasStore(db: string): Promise<boolean>;
};

/** The test pages at `/`, the build at `/dist/`. The collector is the same origin, so hits carry the full page URL as Referer. */
export function serveSite(): Promise<StaticServer> {
  if (!existsSync(distPath('firn.js'))) throw new Error('dist/firn.js is missing: run `npx tsx scripts/build.ts --only tracker` first');
  return serveStatic({ '/': PAGES, '/dist/': distPath() });
}

/** One `/i` request as the collector saw it. */
export interface Hit {
  readonly params: Readonly<Record<string, string>>;
  /** The raw query string, to check parameter order. */
  readonly query: string;
  /** The whole request URL, as the browser sent it. */
  readonly url: string;
  /** The page that sent it (same-origin requests carry the full URL). */
  readonly referer: string;
  answer?: Answer;
}
/** `pass` lets the request through to its real destination (a real collector, which logs it). */
export type Answer = 'ok' | 'fail' | 'pass';
export type Match = Readonly<Record<string, string | RegExp>>;

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every hit so far, in arrival order; printed when the test fails. */
  readonly all: readonly Hit[];
  /** How the collector answers a hit; by default with the pixel. */
  answer: (hit: Hit) => Answer;
  /** Runs while the hit is held, before it is answered. */
  beforeAnswer: (hit: Hit) => Promise<void> | void;
  /** The first hit whose params match (and, if given, that got `answer`), waiting for it if needed. */
  hit(match: Match, answer?: Answer): Promise<Hit>;
  /** Calls `firn(...args)` in the page. */
  firn(...args: unknown[]): Promise<void>;
  /** Storage and network steps in the page, in order: `put`, `delete`, `commit`, `send` (pages/harness.js). */
  order(): Promise<string[]>;
  /** Globals the page gained after its first script ran. */
  newGlobals(): Promise<string[]>;
  /** The tracker's IndexedDB outbox, read from the page. */
  readStore(): Promise<Pending[]>;
  /** Whether the page has the tracker's database at all. */
  hasStore(): Promise<boolean>;
  /** `getQueueStats()` of the page's tracker. */
  stats(): Promise<QueueStats>;
  /** What debug mode posted on `BroadcastChannel('firn-debug')`. */
  debug(): Promise<DebugMessage[]>;
  /** Waits until `count` hits match (default: any hit). */
  hits(count: number, match?: Match): Promise<Hit[]>;
  /** Console errors and warnings, uncaught errors and unhandled rejections, except those matching `allow`. */
  problems(allow?: RegExp): Promise<string[]>;
}

export const matches = (hit: Hit, match: Match): boolean =>
  Object.entries(match).every(([k, v]) => (typeof v === 'string' ? hit.params[k] === v : hit.params[k] !== undefined && v.test(hit.params[k])));

export const formatHits = (hits: readonly Hit[]): string =>
  hits.length ? hits.map((h, i) => `  #${i + 1} [${h.answer ?? 'pending'}] from ${h.referer}\n     ${h.query}`).join('\n') : '  (none)';

export interface SessionOptions {
  /** Runs in every page before its scripts. */
  readonly init?: () => void;
  /** The `newTracker` config of pages/blank.html. */
  readonly config?: TrackerConfig;
  /** The collector of pages/blank.html, when not the page's origin. */
  readonly endpoint?: string;
  /** Installs Playwright's fake clock in the context (`context.clock`) before any page. */
  readonly clock?: boolean;
}

/**
 * `expect.poll` for tests that run concurrently, where the global one has no current test:
 * retries `fn` and the matcher every 50 ms, for up to `timeout` ms (two busy cores, Chromium
 * included), then fails with the matcher's last error.
 */
export function poll<T>(fn: () => T | Promise<T>, timeout = 20_000): ReturnType<typeof expect.poll<T>> {
  return new Proxy(
    {},
    {
      get: (_, matcher: string) =>
        async (...args: unknown[]) => {
          const end = Date.now() + timeout;
          for (;;) {
            try {
              return (expect(await fn()) as unknown as Record<string, (...a: unknown[]) => unknown>)[matcher]!(...args);
            } catch (e) {
              if (Date.now() > end) throw e;
              await new Promise((wake) => setTimeout(wake, 50));
            }
          }
        },
    },
  ) as ReturnType<typeof expect.poll<T>>;
}

/**
 * A fresh browser context (fresh cookies and IndexedDB) with the collector routed, closed when
 * test `t` finishes (its own hooks, so tests can run concurrently). `options.init` (or `options`
 * itself when a function) runs in the page before its scripts.
 */
export async function openSession(t: TestContext, browser: Browser, options: SessionOptions | (() => void) = {}): Promise<Session> {
  const { init, config, clock, endpoint } = typeof options == 'function' ? { init: options, config: undefined, clock: false, endpoint: undefined } : options;
  const context = await browser.newContext();
  let closed = false;
  t.onTestFinished(() => {
    closed = true;
    return context.close();
  });
  const hits: Hit[] = [];
  const problems: string[] = [];
  const waiters: (() => void)[] = [];
  const notify = (): void => void (waiters.splice(0).forEach((wake) => wake()));
  t.onTestFailed(() => {
    process.stderr.write(`Payloads the collector received:\n${formatHits(hits)}\nPage problems:\n  ${problems.join('\n  ') || '(none)'}\n`);
  });

  if (clock) await context.clock.install();
  await context.addInitScript({ path: HARNESS });
  if (config) await context.addInitScript((c) => void (firnTest.config = c), config);
  if (endpoint) await context.addInitScript((e) => void (firnTest.endpoint = e), endpoint);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on('console', (m) => void ((m.type() === 'error' || m.type() === 'warning') && problems.push(`console.${m.type()}: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`pageerror: ${e.message}`));

  const session: Session = {
    context,
    page,
    all: hits,
    answer: () => 'ok',
    beforeAnswer: () => {},
    async hit(match, answer) {
      for (;;) {
        const found = hits.find((h) => matches(h, match) && (!answer || h.answer === answer));
        if (found) return found;
        await new Promise<void>((wake) => waiters.push(wake));
      }
    },
    firn: (...args) => page.evaluate((a) => firn(...a), args),
    order: () => page.evaluate(() => firnTest.order.slice()),
    newGlobals: () => page.evaluate(() => firnTest.newGlobals()),
    readStore: () => page.evaluate(([db, store]) => firnTest.readStore(db, store), [DB_NAME, STORE] as const),
    hasStore: () => page.evaluate((db) => firnTest.hasStore(db), DB_NAME),
    stats: () => page.evaluate(() => new Promise<QueueStats>((done) => firn('getQueueStats', done))),
    debug: () => page.evaluate(() => firnTest.debug.slice() as DebugMessage[]),
    async hits(count, match = {}) {
      for (;;) {
        const found = hits.filter((h) => matches(h, match));
        if (found.length >= count) return found;
        await new Promise<void>((wake) => waiters.push(wake));
      }
    },
    async problems(allow) {
      const rejections = await page.evaluate(() => firnTest.rejections.slice()).catch(() => ['(page gone)']);
      return [...problems, ...rejections.map((r) => 'unhandledrejection: ' + r)].filter((p) => !allow?.test(p));
    },
  };

  await context.route(
    (url) => url.pathname === '/i',
    async (route) => {
      try {
        const request = route.request();
        const url = new URL(request.url());
        const hit: Hit = {
          params: Object.fromEntries(url.searchParams),
          query: url.search.slice(1),
          url: request.url(),
          referer: (await request.headerValue('referer')) ?? '',
        };
        hits.push(hit);
        notify();
        await session.beforeAnswer(hit);
        hit.answer = session.answer(hit);
        await (hit.answer === 'ok' ? route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL }) : hit.answer === 'pass' ? route.continue() : route.abort('failed'));
        notify();
      } catch (e) {
        // A retry timer may fire while the test closes the context; nothing is waiting for that hit.
        if (!closed) throw e;
      }
    },
  );
  return session;
}

/** The JSON inside a base64url parameter (`ue_px`, `cx`), decoded the way the ETL does. */
export const decodeJson = (value: string | undefined): unknown => JSON.parse(Buffer.from(value ?? '', 'base64url').toString('utf8'));

/** The event inside `ue_px`: the `unstruct_event` envelope's data. */
export const selfDescribing = (hit: Hit): unknown => (decodeJson(hit.params['ue_px']) as { schema: string; data: unknown }).data;

/** The entities in `cx`. */
export const entitiesOf = (hit: Hit): unknown[] => (decodeJson(hit.params['cx']) as { data: unknown[] }).data;

/** Chromium and the test site for one test file: started before its tests, both stopped after them. */
export function browserAndSite(): { readonly browser: Browser; readonly site: StaticServer } {
  const world = {} as { browser: Browser; site: StaticServer };
  beforeAll(async () => {
    [world.browser, world.site] = await Promise.all([launchChromium(), serveSite()]);
  });
  afterAll(async () => {
    await Promise.all([world.browser?.close(), world.site?.close()]);
  });
  return world;
}
