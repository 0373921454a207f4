import { describe, expect, test } from 'vitest';
import { version } from '../../node/paths.ts';
import { openSession, browserAndSite, UUID_V4 } from './support.ts';

declare const document: { title: string; characterSet: string };
declare const navigator: { language: string };
declare const innerWidth: number, innerHeight: number;

/** Exactly the parameters a page view carries; anything else must not appear. `refr` only with a referrer. */
const PAGE_VIEW_KEYS = ['e', 'eid', 'tv', 'tna', 'aid', 'p', 'dtm', 'stm', 'tz', 'lang', 'cs', 'res', 'vp', 'refr', 'duid', 'vid', 'sid', 'page', 'url'];

const world = browserAndSite();

describe.concurrent('A page view', () => {
  test('The queued snippet calls send one page view with the protocol parameters', async (t) => {
    const s = await openSession(t, world.browser);
    const referrer = 'https://search.example/?q=firn';
    await s.page.goto(world.site.url + '/', { referer: referrer });
    const { params, query } = await s.hit({ e: 'pv' });
    const page = await s.page.evaluate(() => ({
      title: document.title,
      charset: document.characterSet,
      lang: navigator.language,
      tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      vp: innerWidth + 'x' + innerHeight,
    }));

    expect(Object.keys(params).sort()).toEqual([...PAGE_VIEW_KEYS].sort());
    expect(params).toMatchObject({
      e: 'pv',
      tv: `js-firn-${version}`,
      tna: 'sp',
      aid: 'demo',
      p: 'web',
      url: s.page.url(),
      refr: referrer,
      page: page.title,
      cs: page.charset,
      lang: page.lang,
      tz: page.tz,
      vp: page.vp,
      vid: '1',
    });
    expect(params['eid']).toMatch(UUID_V4);
    expect(params['sid']).toMatch(UUID_V4);
    expect(params['duid']).toMatch(UUID_V4);
    expect(params['dtm']).toMatch(/^\d{13}$/);
    expect(params['stm']).toMatch(/^\d{13}$/);
    expect(Number(params['stm'])).toBeGreaterThanOrEqual(Number(params['dtm']));
    expect(params['res']).toMatch(/^\d+x\d+$/);
    // `url` goes last, so a truncated request loses the least (tracker-protocol.md §2).
    expect(query.split('&').at(-1)).toBe('url=' + encodeURIComponent(s.page.url()));
    expect(s.all).toHaveLength(1);
    expect(await s.problems()).toEqual([]);
  });

  test('Calls made after the bundle loaded run directly, in the same session', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/');
    const first = await s.hit({ e: 'pv' });
    await s.firn('trackPageView', { title: 'Later, with "quotes" & ümlauts' });
    const later = await s.hit({ page: 'Later, with "quotes" & ümlauts' });
    expect(later.params).toMatchObject({ e: 'pv', sid: first.params['sid'], vid: '1', duid: first.params['duid'] });
    expect(later.params['eid']).not.toBe(first.params['eid']);
    expect(later.params).not.toHaveProperty('refr');
    expect(await s.problems()).toEqual([]);
  });

  test('The bundle adds no global other than firn', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/');
    await s.hit({ e: 'pv' });
    expect(await s.newGlobals()).toEqual(['firn']);
  });

  test('The ES module build sends the same page view and defines no global', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/module.html');
    const { params } = await s.hit({ e: 'pv' });
    expect(params).toMatchObject({ tna: 'esm', aid: 'app-esm', page: 'From the module', tv: `js-firn-${version}`, url: s.page.url() });
    expect(params['eid']).toMatch(UUID_V4);
    expect(await s.newGlobals()).toEqual([]);
    expect(await s.problems()).toEqual([]);
  });

  test('A method with tracker names runs only on those trackers', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/two-trackers.html');
    await Promise.all([s.hit({ tna: 'a', page: 'all' }), s.hit({ tna: 'b', page: 'all' }), s.hit({ tna: 'b', page: 'only b' })]);
    expect(s.all.map((h) => `${h.params['tna']}:${h.params['aid']}:${h.params['page']}`).sort()).toEqual(['a:app-a:all', 'b:app-b:all', 'b:app-b:only b']);
    expect(await s.problems()).toEqual([]);
  });

  test('Bad calls warn instead of throwing, and the valid ones still send', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/misuse.html');
    const hit = await s.hit({ e: 'pv' });
    expect(hit.params).toMatchObject({ tna: 'sp', aid: 'demo', page: 'Misuse', url: s.page.url() });
    const problems = await s.problems();
    expect(problems.filter((p) => !p.startsWith('console.warning: firn:'))).toEqual([]);
    expect(problems.join('\n')).toMatch(/unknown method.*noSuchMethod/);
    expect(problems.join('\n')).toMatch(/no tracker named ghost/);
    expect(s.all).toHaveLength(1);
  });

  test('Without crypto.randomUUID, as on http pages, ids are still UUID v4', async (t) => {
    const s = await openSession(t, world.browser, () => {
      delete (Object.getPrototypeOf(crypto) as { randomUUID?: unknown }).randomUUID;
    });
    await s.page.goto(world.site.url + '/');
    const { params } = await s.hit({ e: 'pv' });
    expect(await s.page.evaluate(() => typeof crypto.randomUUID)).toBe('undefined');
    for (const key of ['eid', 'sid', 'duid']) expect(params[key], key).toMatch(UUID_V4);
    expect(await s.problems()).toEqual([]);
  });
});
