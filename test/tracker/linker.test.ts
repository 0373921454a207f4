import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StaticServer } from '../../node/static.ts';
import { launchChromium } from '../support/browser.ts';
import { openSession, serveSite, type Session } from './support.ts';

// Page globals, typed only for the functions handed to `page.evaluate` (they run in the page).
interface Element {
  id: string;
  href: string;
  textContent: string;
}
declare const document: { createElement(tag: 'a'): Element; body: { prepend(e: Element): void } };

/** Two sites on two hosts: `127.0.0.1` and `localhost`, each its own server, cookie jar and tracker. */
let browser: Browser;
let siteA: StaticServer;
let siteB: StaticServer;
let hostB: string;
beforeAll(async () => {
  [browser, siteA, siteB] = await Promise.all([launchChromium(), serveSite(), serveSite()]);
  hostB = siteB.url.replace('127.0.0.1', 'localhost');
});
afterAll(async () => {
  await Promise.all([browser?.close(), siteA?.close(), siteB?.close()]);
});

const config = { linkDomains: ['localhost', '127.0.0.1'] };

/** Adds a link to the page (the other site's port is known only at run time). */
const addLink = (s: Session, id: string, href: string): Promise<void> =>
  s.page.evaluate(([id, href]) => {
    const a = document.createElement('a');
    a.id = id;
    a.href = href;
    a.textContent = id;
    document.body.prepend(a);
  }, [id, href] as const);

describe.concurrent('Cross-domain linker', () => {
  test('A click to an allowed domain carries _sp=<duid>.<ms>, and the tracker there adopts the duid', async (t) => {
    const s = await openSession(t, browser, { config });
    await s.page.goto(siteA.url + '/blank.html');
    await s.firn('trackPageView', { title: 'on A' });
    const a = await s.hit({ page: 'on A' });
    await addLink(s, 'to-b', hostB + '/blank.html?from=a#top');
    await Promise.all([s.page.waitForURL(/localhost/), s.page.click('#to-b')]);
    const landed = new URL(s.page.url());
    expect(landed.searchParams.get('from')).toBe('a');
    expect(landed.hash).toBe('#top');
    const [duid, ms] = landed.searchParams.get('_sp')!.split('.');
    expect(duid).toBe(a.params['duid']);
    expect(Math.abs(Number(ms) - Date.now())).toBeLessThan(60_000);
    await s.firn('trackPageView', { title: 'on B' });
    const b = await s.hit({ page: 'on B' });
    expect(b.params['duid']).toBe(a.params['duid']);
    // The page URL keeps `_sp`, where the ETL reads refr_domain_userid from.
    expect(b.params['url']).toContain('_sp=' + a.params['duid']);
    expect(await s.problems()).toEqual([]);
  });

  test('Links to other domains are left alone, and a second press replaces the _sp value', async (t) => {
    const s = await openSession(t, browser, { config });
    await s.page.goto(siteA.url + '/blank.html');
    await s.firn('trackPageView');
    await s.hit({ e: 'pv' });
    await addLink(s, 'away', 'https://elsewhere.example/page?x=1');
    await addLink(s, 'to-b', hostB + '/blank.html?_sp=old.1&y=2');
    await s.page.dispatchEvent('#away', 'mousedown');
    await s.page.dispatchEvent('#to-b', 'mousedown');
    expect(await s.page.getAttribute('#away', 'href')).toBe('https://elsewhere.example/page?x=1');
    expect(await s.page.getAttribute('#to-b', 'href')).toMatch(/\?_sp=[0-9a-f-]{36}\.\d{13}&y=2$/);
  });

  test('A stale _sp (older than two minutes) is not adopted', async (t) => {
    const s = await openSession(t, browser, { config });
    const stale = `0b9e7a4c-2d1f-4e3a-8b5c-6d7e8f901a2b.${Date.now() - 180_000}`;
    await s.page.goto(`${hostB}/blank.html?_sp=${stale}`);
    await s.firn('trackPageView');
    const { params } = await s.hit({ e: 'pv' });
    expect(params['duid']).not.toBe('0b9e7a4c-2d1f-4e3a-8b5c-6d7e8f901a2b');
  });

  test('In anonymous mode links are not decorated and _sp is not adopted', async (t) => {
    const s = await openSession(t, browser, { config: { ...config, anonymousTracking: true } });
    await s.page.goto(`${hostB}/blank.html?_sp=0b9e7a4c-2d1f-4e3a-8b5c-6d7e8f901a2b.${Date.now()}`);
    await addLink(s, 'to-a', siteA.url + '/blank.html');
    await s.page.dispatchEvent('#to-a', 'mousedown');
    expect(await s.page.getAttribute('#to-a', 'href')).toBe(siteA.url + '/blank.html');
    await s.firn('trackPageView');
    expect((await s.hit({ e: 'pv' })).params).not.toHaveProperty('duid');
    expect(await s.context.cookies()).toEqual([]);
  });
});
