/**
 * Browser tests of the built tracker (STYLE rule 14): Chromium loads `dist/firn.js` through the
 * async snippet from a static server, and the collector's `/i` is answered by `context.route`,
 * so every test sees exactly the requests the tracker made.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { onTestFailed, onTestFinished } from 'vitest';
import { distPath } from '../../node/paths.ts';
import { serveStatic, type StaticServer } from '../../node/static.ts';
import { DB_NAME, STORE, type Pending } from '../../tracker/src/pending.ts';

const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));
const HARNESS = fileURLToPath(new URL('./pages/harness.js', import.meta.url));
/** A 1×1 transparent GIF, what CloudFront serves for `/i`. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Globals of the test pages (pages/*.html and pages/harness.js); these declarations only type
// the functions handed to `page.evaluate`, which run in the page.
declare const firn: (...args: unknown[]) => void;
declare const firnTest: { rejections: string[]; order: string[]; newGlobals(): string[]; readStore(db: string, store: string): Promise<Pending[]> };

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
  /** The page that sent it (same-origin requests carry the full URL). */
  readonly referer: string;
  answer?: Answer;
}
export type Answer = 'ok' | 'fail';
export type Match = Readonly<Record<string, string | RegExp>>;

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every hit so far, in arrival order; printed when the test fails. */
  readonly hits: readonly Hit[];
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
  /** Console errors and warnings, uncaught errors and unhandled rejections, except those matching `allow`. */
  problems(allow?: RegExp): Promise<string[]>;
}

export const matches = (hit: Hit, match: Match): boolean =>
  Object.entries(match).every(([k, v]) => (typeof v === 'string' ? hit.params[k] === v : hit.params[k] !== undefined && v.test(hit.params[k])));

export const formatHits = (hits: readonly Hit[]): string =>
  hits.length ? hits.map((h, i) => `  #${i + 1} [${h.answer ?? 'pending'}] from ${h.referer}\n     ${h.query}`).join('\n') : '  (none)';

/**
 * A fresh browser context (fresh cookies and IndexedDB) with the collector routed, closed when
 * the test finishes. Call inside a test; `init` runs in the page before its scripts.
 */
export async function openSession(browser: Browser, init?: () => void): Promise<Session> {
  const context = await browser.newContext();
  let closed = false;
  onTestFinished(() => {
    closed = true;
    return context.close();
  });
  const hits: Hit[] = [];
  const problems: string[] = [];
  const waiters: (() => void)[] = [];
  const notify = (): void => void (waiters.splice(0).forEach((wake) => wake()));
  onTestFailed(() => {
    process.stderr.write(`Payloads the collector received:\n${formatHits(hits)}\nPage problems:\n  ${problems.join('\n  ') || '(none)'}\n`);
  });

  await context.addInitScript({ path: HARNESS });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on('console', (m) => void ((m.type() === 'error' || m.type() === 'warning') && problems.push(`console.${m.type()}: ${m.text()}`)));
  page.on('pageerror', (e) => void problems.push(`pageerror: ${e.message}`));

  const session: Session = {
    context,
    page,
    hits,
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
          referer: (await request.headerValue('referer')) ?? '',
        };
        hits.push(hit);
        notify();
        await session.beforeAnswer(hit);
        hit.answer = session.answer(hit);
        await (hit.answer === 'ok' ? route.fulfill({ status: 200, contentType: 'image/gif', body: PIXEL }) : route.abort('failed'));
        notify();
      } catch (e) {
        // A retry timer may fire while the test closes the context; nothing is waiting for that hit.
        if (!closed) throw e;
      }
    },
  );
  return session;
}
