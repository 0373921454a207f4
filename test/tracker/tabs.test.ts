import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { openSession, poll, browserAndSite } from './support.ts';

declare const firn: (...args: unknown[]) => void;
declare const navigator: { locks: { query(): Promise<{ pending?: unknown[] }> } };
interface Transaction { objectStore(name: string): { put(value: unknown): void }; oncomplete: () => void; onerror: (e: unknown) => void }
declare const indexedDB: { open(name: string): { result: { transaction(store: string, mode: 'readwrite'): Transaction; close(): void }; onsuccess: () => void } };

const FAILED_LOAD = /Failed to load resource/;

const world = browserAndSite();

const track = (page: Page, action: string): Promise<void> => page.evaluate((action) => firn('trackStructEvent', { category: 'tab', action }), action);
const flush = (page: Page): Promise<void> => page.evaluate(() => void firn('flush'));
const waitingForLock = (page: Page): Promise<number> => page.evaluate(async () => ((await navigator.locks.query()).pending ?? []).length);

describe.concurrent('Several tabs', () => {
  test.for([
    ['Web Locks', true],
    ['the outbox lease, where Web Locks is missing (http pages, browsers before 2022)', false],
  ] as const)('Two tabs sharing one outbox never send the same event at once, through %s: one sends, the other waits and finds them delivered', async ([, locks], t) => {
    // With Web Locks, a paused clock: no backoff timer fires, so only the flushes below send. The
    // lease is polled on a timer, so there the clock runs, and retries come and go as they will.
    const s = await openSession(t, world.browser, { clock: locks, init: locks ? undefined : () => void delete (Object.getPrototypeOf(navigator) as { locks?: unknown }).locks });
    const a = s.page;
    const b = await s.context.newPage();
    const problems: string[] = [];
    b.on('console', (m) => void ((m.type() === 'error' || m.type() === 'warning') && !FAILED_LOAD.test(m.text()) && problems.push(m.text())));
    b.on('pageerror', (e) => void problems.push(e.message));

    // The collector is down: each tab stores three events.
    s.answer = () => 'fail';
    await Promise.all([a.goto(world.site.url + '/blank.html'), b.goto(world.site.url + '/blank.html')]);
    expect(await b.evaluate(() => 'locks' in navigator)).toBe(locks);
    if (locks) await s.context.clock.pauseAt(await a.evaluate(() => Date.now() + 1000));
    for (const action of ['a1', 'a2', 'a3']) await track(a, action);
    for (const action of ['b1', 'b2', 'b3']) await track(b, action);
    await s.hits(6, { se_ca: 'tab' });
    await poll(async () => (await events(s.readStore())).length).toBe(6);

    // The collector is back, but holds every answer until the gate opens; a second request for
    // an event whose first is still held is a concurrent duplicate.
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const inFlight = new Set<string>();
    const duplicates: string[] = [];
    s.beforeAnswer = async (hit) => {
      const eid = hit.params['eid']!;
      if (inFlight.has(eid)) duplicates.push(eid);
      inFlight.add(eid);
      await gate;
    };
    s.answer = (hit) => (inFlight.delete(hit.params['eid']!), 'ok');
    const failed = s.all.length;

    await flush(a);
    // With the clock paused only this flush sends: tab A holds the lock with all six requests
    // open. With the lease, a backoff retry of either tab may have started the round that now
    // holds it, with as many events as it read (the others wait for the next round).
    if (locks) await poll(() => inFlight.size).toBe(6);
    else await poll(() => inFlight.size > 0).toBe(true);
    // Tab B's flush queues behind the holder.
    await flush(b);
    if (locks) await poll(() => waitingForLock(a)).toBe(1);
    else {
      // The lease is the sending round's; the other tab finds it taken and tries again every half
      // second, in vain: the holder renews it past its 3 s, for as long as its round runs.
      await poll(async () => (await s.readStore()).filter((r) => r.p.eid === '~lease')).toHaveLength(1);
      await new Promise((wake) => setTimeout(wake, 4500));
    }
    // Nothing was sent meanwhile: every request since the gate is still held, one per event.
    expect(s.all.length - failed).toBe(inFlight.size);
    open();

    await poll(() => s.readStore()).toEqual([]);
    if (locks) await poll(() => waitingForLock(a)).toBe(0);
    expect(duplicates).toEqual([]);
    // Each event delivered exactly once (a retry that failed before the gate is not a delivery).
    const delivered = s.all.filter((h) => h.answer === 'ok').map((h) => h.params['se_ac']).sort();
    expect(delivered).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('Without Web Locks', () => {
  test('a lease left by a page that closed mid-round is honoured until it runs out, then taken over', async (t) => {
    // The page's clock runs, and can jump: the lease runs out by time, as it would.
    const s = await openSession(t, world.browser, { clock: true, init: () => void delete (Object.getPrototypeOf(navigator) as { locks?: unknown }).locks });
    await s.page.goto(world.site.url + '/blank.html');
    await poll(() => s.hasStore()).toBe(true);
    // Another page's lease, as a page leaves it when closed mid-round: valid for another minute.
    await putLease(s.page, 60_000);
    await track(s.page, 'waits');
    // Tries every 500 ms meanwhile find it taken: the event stays stored, unsent.
    await new Promise((wake) => setTimeout(wake, 1500));
    expect(s.all).toEqual([]);
    expect(await events(s.readStore())).toHaveLength(1);
    // A minute later the lease has run out: the next try takes it and sends.
    await s.context.clock.fastForward(61_000);
    await s.hit({ se_ac: 'waits' }, 'ok');
    await poll(() => s.readStore()).toEqual([]);
    expect(await s.problems()).toEqual([]);
  });
});

/** Writes a lease held by no page of this test, ending `ms` from the page's now. */
const putLease = (page: Page, ms: number): Promise<void> =>
  page.evaluate(
    (ms) =>
      new Promise<void>((done, fail) => {
        const open = indexedDB.open('firn');
        open.onsuccess = () => {
          const tx = open.result.transaction('events', 'readwrite');
          tx.objectStore('events').put({ p: { eid: '~lease' }, o: -1, t: Date.now() + ms });
          tx.oncomplete = () => (open.result.close(), done());
          tx.onerror = fail;
        };
      }),
    ms,
  );

/** The stored events, without the lease record of the lock's fallback. */
const events = async <T extends { p: { eid?: string } }>(records: Promise<T[]>): Promise<T[]> => (await records).filter((r) => r.p.eid !== '~lease');
