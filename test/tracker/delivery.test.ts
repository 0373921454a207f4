import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StaticServer } from '../../node/static.ts';
import type { Pending } from '../../tracker/src/pending.ts';
import { launchChromium } from '../support/browser.ts';
import { openSession, serveSite } from './support.ts';

/** What Chromium logs for a pixel the collector refused; expected when a test makes it fail. */
const FAILED_LOAD = /Failed to load resource/;

let browser: Browser;
let site: StaticServer;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), serveSite()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

describe('Durable delivery', () => {
  test('The event is in IndexedDB before the pixel is requested, and gone once it loaded', async () => {
    const s = await openSession(browser);
    let storedWhileSending: Pending[] = [];
    s.beforeAnswer = async () => {
      storedWhileSending = await s.readStore();
    };
    await s.page.goto(site.url + '/');
    const { params } = await s.hit({ e: 'pv' }, 'ok');
    expect(storedWhileSending).toHaveLength(1);
    const [stored] = storedWhileSending;
    expect(stored?.u).toBe(site.url + '/i');
    // Stored as tracked: `stm` is added per send, and empty values are left off the wire.
    const { stm, ...sent } = params;
    expect(stm).toBeDefined();
    expect(Object.fromEntries(Object.entries(stored?.p ?? {}).filter(([, v]) => v))).toEqual(sent);
    await expect.poll(() => s.readStore(), { timeout: 30_000 }).toEqual([]);
    // The write committed before the image request started; the delete came after it.
    expect(await s.order()).toEqual(['put', 'commit', 'send', 'delete', 'commit']);
    expect(await s.problems()).toEqual([]);
  });

  test('An event whose send failed is delivered with the same eid by the next page load', async () => {
    const s = await openSession(browser);
    // Refuse every hit sent by the first page, retries included; accept those of the second.
    s.answer = (hit) => (hit.referer.endsWith('?load=1') ? 'fail' : 'ok');
    await s.page.goto(site.url + '/?load=1');
    const failed = await s.hit({ e: 'pv' }, 'fail');
    expect((await s.readStore()).map((p) => p.p.eid)).toEqual([failed.params['eid']]);

    await s.page.goto(site.url + '/?load=2');
    const resent = await s.hit({ eid: failed.params['eid']! }, 'ok');
    expect(resent.referer).toBe(site.url + '/?load=2');
    expect(resent.params).toMatchObject({ dtm: failed.params['dtm'], url: site.url + '/?load=1', sid: failed.params['sid'] });
    await s.hit({ e: 'pv', url: site.url + '/?load=2' }, 'ok');
    await expect.poll(() => s.readStore(), { timeout: 30_000 }).toEqual([]);
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
  });

  test('A failed send is retried on the same page with the same eid and a new stm', async () => {
    const s = await openSession(browser);
    let attempts = 0;
    s.answer = () => (++attempts === 1 ? 'fail' : 'ok');
    await s.page.goto(site.url + '/');
    const failed = await s.hit({ e: 'pv' }, 'fail');
    const retried = await s.hit({ eid: failed.params['eid']! }, 'ok');
    expect(retried.params['dtm']).toBe(failed.params['dtm']);
    expect(Number(retried.params['stm'])).toBeGreaterThan(Number(failed.params['stm']));
    await expect.poll(() => s.readStore(), { timeout: 30_000 }).toEqual([]);
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
  });

  test('Without IndexedDB the tracker still sends, and retries from memory', async () => {
    const s = await openSession(browser, () => {
      Object.defineProperty(globalThis, 'indexedDB', {
        get() {
          throw new Error('IndexedDB is blocked here');
        },
      });
    });
    let attempts = 0;
    s.answer = () => (++attempts === 1 ? 'fail' : 'ok');
    await s.page.goto(site.url + '/');
    const failed = await s.hit({ e: 'pv' }, 'fail');
    await s.hit({ eid: failed.params['eid']! }, 'ok');
    expect(await s.problems(FAILED_LOAD)).toEqual([]);
  });
});
