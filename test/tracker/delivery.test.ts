import { describe, expect, test } from 'vitest';
import type { Pending } from '../../tracker/src/pending.ts';
import { backoff } from '../../tracker/src/backoff.ts';
import { startLoggingCollector } from './collector.ts';
import { openSession, poll, browserAndSite } from './support.ts';

/** What Chromium logs for a pixel the collector refused; expected when a test makes it fail. */
const FAILED_LOAD = /Failed to load resource/;

/** The page's `firn`, typed only for the functions handed to `page.evaluate`. */
declare const firn: (...args: unknown[]) => void;

const world = browserAndSite();

const eids = (events: readonly Pending[]): string[] => events.map((e) => e.p.eid!).sort();

describe.concurrent('Durable delivery', () => {
  test('The event is in IndexedDB before the pixel is requested, and gone once it loaded', async (t) => {
    const s = await openSession(t, world.browser);
    let storedWhileSending: Pending[] = [];
    s.beforeAnswer = async () => {
      storedWhileSending = await s.readStore();
    };
    await s.page.goto(world.site.url + '/');
    const { params } = await s.hit({ e: 'pv' }, 'ok');
    expect(storedWhileSending).toHaveLength(1);
    const [stored] = storedWhileSending;
    expect(stored?.u).toBe(world.site.url + '/i');
    // Stored as tracked: `stm` is added per send, and empty values are left off the wire.
    const { stm, ...sent } = params;
    expect(stm).toBeDefined();
    expect(Object.fromEntries(Object.entries(stored?.p ?? {}).filter(([, v]) => v))).toEqual(sent);
    await poll(() => s.readStore()).toEqual([]);
    // The write committed before the image request started; the delete came after it.
    expect(await s.order()).toEqual(['put', 'commit', 'send', 'delete', 'commit']);
    expect(await s.stats()).toEqual({ pending: 0, sent: 1, failed: 0, expired: 0, evicted: 0, oversized: 0, memory: false });
    expect(await s.problems()).toEqual([]);
  });

  test('Events tracked while the collector is down survive two reloads and are delivered, same eids, once it is back', async (t) => {
    const s = await openSession(t, world.browser);
    // The collector is down for the first two page loads, up for the third.
    s.answer = (hit) => (hit.referer.endsWith('?load=3') ? 'ok' : 'fail');
    await s.page.goto(world.site.url + '/?load=1');
    await s.firn('trackStructEvent', { category: 'down', action: 'one' });
    await s.firn('trackStructEvent', { category: 'down', action: 'two' });
    await s.hits(3, { e: /pv|se/ });
    await poll(async () => (await s.readStore()).length).toBe(3);
    const tracked = eids(await s.readStore());
    await s.page.goto(world.site.url + '/?load=2');
    await poll(async () => (await s.readStore()).length).toBe(4);
    await s.page.goto(world.site.url + '/?load=3');
    await poll(() => s.readStore()).toEqual([]);
    const delivered = s.all.filter((h) => h.answer === 'ok').map((h) => h.params['eid']!);
    for (const eid of tracked) expect(delivered).toContain(eid);
    // The re-sent events kept their creation time and page; only `stm` is new.
    const two = s.all.find((h) => h.answer === 'ok' && h.params['se_ac'] === 'two')!;
    expect(two.params['url']).toBe(world.site.url + '/?load=1');
    expect(two.referer).toBe(world.site.url + '/?load=3');
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
  });

  test('A failed send is retried on the same page with the same eid and a new stm', async (t) => {
    const s = await openSession(t, world.browser);
    let attempts = 0;
    s.answer = () => (++attempts === 1 ? 'fail' : 'ok');
    await s.page.goto(world.site.url + '/');
    const failed = await s.hit({ e: 'pv' }, 'fail');
    const retried = await s.hit({ eid: failed.params['eid']! }, 'ok');
    expect(retried.params['dtm']).toBe(failed.params['dtm']);
    expect(Number(retried.params['stm'])).toBeGreaterThan(Number(failed.params['stm']));
    await poll(() => s.readStore()).toEqual([]);
    expect(await s.stats()).toMatchObject({ pending: 0, sent: 1, failed: 1 });
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
  });

  test('Offline, events wait; the online event sends them at once, without waiting for the backoff', async (t) => {
    const s = await openSession(t, world.browser, { clock: true });
    // Routed requests are answered even offline: the route fails them while the context is offline.
    let offline = false;
    s.answer = () => (offline ? 'fail' : 'ok');
    await s.page.goto(world.site.url + '/blank.html');
    // Time stands still from here: no backoff timer can fire.
    await s.page.clock.pauseAt(await s.page.evaluate(() => Date.now() + 1000));
    offline = true;
    await s.context.setOffline(true);
    await s.firn('trackStructEvent', { category: 'offline', action: 'a' });
    await poll(async () => (await s.stats()).failed).toBe(1);
    expect(s.all).toHaveLength(1);
    offline = false;
    await s.context.setOffline(false);
    const hit = await s.hit({ se_ca: 'offline' }, 'ok');
    await poll(() => s.readStore()).toEqual([]);
    expect(hit.params['se_ac']).toBe('a');
    expect(await s.problems(/Failed to load resource|ERR_INTERNET_DISCONNECTED/)).toEqual([]);
  });

  test('With the real collector failing every other request, no event is lost: each eid is logged', async (t) => {
    const collector = await startLoggingCollector();
    try {
      const s = await openSession(t, world.browser, { clock: true, endpoint: collector.url });
      let requests = 0;
      s.answer = () => (requests++ % 2 ? 'pass' : 'fail');
      await s.page.goto(world.site.url + '/blank.html');
      const n = 20;
      await s.page.evaluate((n) => {
        for (let i = 0; i < n; i++) firn('trackStructEvent', { category: 'flaky', action: 'a' + i });
      }, n);
      await s.hits(n, { se_ca: 'flaky' });
      // Backoff timers run on the page's fake clock: each poll moves it a minute.
      await poll(async () => {
        await s.page.clock.runFor(60_000);
        return (await s.readStore()).length;
      }, 30_000).toBe(0);
      const tracked = new Set(s.all.map((h) => h.params['eid']));
      expect(tracked.size).toBe(n);
      const logged = new Set((await collector.queries()).map((q) => new URLSearchParams(q).get('eid')));
      for (const eid of tracked) expect(logged.has(eid!), `eid ${eid} logged`).toBe(true);
      const stats = await s.stats();
      expect(stats).toMatchObject({ pending: 0, sent: n, expired: 0, evicted: 0 });
      expect(stats.failed).toBeGreaterThanOrEqual(n / 2);
      expect(await s.problems(FAILED_LOAD)).toEqual([]);
    } finally {
      await collector.close();
    }
  });

  test('Beyond maxQueueSize the oldest events are dropped and counted', async (t) => {
    const s = await openSession(t, world.browser, { config: { maxQueueSize: 3 } });
    s.answer = () => 'fail';
    await s.page.goto(world.site.url + '/blank.html');
    for (const action of ['1', '2', '3', '4', '5']) await s.firn('trackStructEvent', { category: 'cap', action });
    await poll(async () => (await s.stats()).evicted).toBe(2);
    const left = await s.readStore();
    expect(left.map((e) => e.p.se_ac).sort()).toEqual(['3', '4', '5']);
    expect(await s.stats()).toMatchObject({ pending: 3, evicted: 2 });
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
  });

  test('An event still undelivered after maxAge is dropped and counted', async (t) => {
    const s = await openSession(t, world.browser, { clock: true, config: { maxAge: 3600 } });
    s.answer = () => 'fail';
    await s.page.goto(world.site.url + '/blank.html');
    // Time stands still from here but for the jump below: a backoff retry that fired in real time
    // on a slow machine (0.5–1 s) would be a second, legitimate attempt before the event expires.
    await s.page.clock.pauseAt(await s.page.evaluate(() => Date.now() + 1000));
    await s.firn('trackStructEvent', { category: 'old', action: 'a' });
    await s.hit({ se_ca: 'old' }, 'fail');
    await s.page.clock.fastForward('01:00:01');
    await s.firn('flush');
    await poll(async () => (await s.stats()).expired).toBe(1);
    expect(await s.readStore()).toEqual([]);
    expect(s.all).toHaveLength(1);
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
  });

  test('Without IndexedDB the tracker still sends, and retries from memory', async (t) => {
    const s = await openSession(t, world.browser, () => {
      Object.defineProperty(globalThis, 'indexedDB', {
        get() {
          throw new Error('IndexedDB is blocked here');
        },
      });
    });
    let attempts = 0;
    s.answer = () => (++attempts === 1 ? 'fail' : 'ok');
    await s.page.goto(world.site.url + '/');
    const failed = await s.hit({ e: 'pv' }, 'fail');
    await s.hit({ eid: failed.params['eid']! }, 'ok');
    await poll(() => s.stats()).toMatchObject({ pending: 0, sent: 1, failed: 1, memory: true });
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
  });
});

describe.concurrent('Backoff', () => {
  test('It doubles from 1 s to 512 s, times a jitter between ½ and 1', () => {
    expect([0, 1, 2, 9, 10, 50].map((n) => backoff(n, 1))).toEqual([1000, 2000, 4000, 512000, 512000, 512000]);
    expect([0, 1, 9].map((n) => backoff(n, 0))).toEqual([500, 1000, 256000]);
    for (let i = 0; i < 100; i++) expect(backoff(3)).toBeGreaterThanOrEqual(4000), expect(backoff(3)).toBeLessThanOrEqual(8000);
  });
});
