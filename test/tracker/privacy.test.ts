import { describe, expect, test } from 'vitest';
import { openSession, poll, browserAndSite, type Session } from './support.ts';

// Page globals, typed only for the init scripts (they run in the page).
declare const Navigator: { prototype: object };

const world = browserAndSite();

const IDS = ['duid', 'sid', 'vid', 'uid'];
const cookieNames = async (s: Session): Promise<string[]> => (await s.context.cookies()).map((c) => c.name);
const sendsDnt = (): void => void Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });
const sendsGpc = (): void => void Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });

describe.concurrent('Anonymous tracking', () => {
  test('With anonymousTracking, events carry no ids and no cookie is set', async (t) => {
    const s = await openSession(t, world.browser, { config: { anonymousTracking: true } });
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('setUserId', 'user-42');
    await s.firn('trackPageView');
    await s.firn('trackStructEvent', { category: 'c', action: 'a' });
    const hits = [await s.hit({ e: 'pv' }), await s.hit({ e: 'se' })];
    for (const h of hits) for (const key of IDS) expect(h.params, key).not.toHaveProperty(key);
    for (const h of hits) expect(h.params['fx_a'], 'asks for the IP address to be masked').toBe('1');
    await s.firn('flush');
    expect(await cookieNames(s)).toEqual([]);
    expect(await s.problems()).toEqual([]);
  });

  test('enableAnonymousTracking deletes the cookies and drops the ids; disableAnonymousTracking starts a new visitor', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('trackPageView', { title: 'known' });
    const known = await s.hit({ page: 'known' });
    await poll(() => cookieNames(s)).toHaveLength(2);
    await s.firn('enableAnonymousTracking');
    await s.firn('trackPageView', { title: 'anonymous' });
    const anonymous = await s.hit({ page: 'anonymous' });
    for (const key of IDS) expect(anonymous.params, key).not.toHaveProperty(key);
    expect(anonymous.params['fx_a']).toBe('1');
    expect(known.params).not.toHaveProperty('fx_a');
    await poll(() => cookieNames(s)).toEqual([]);
    await s.firn('disableAnonymousTracking');
    await s.firn('trackPageView', { title: 'back' });
    const back = await s.hit({ page: 'back' });
    expect(back.params['duid']).toBeDefined();
    expect(back.params['duid']).not.toBe(known.params['duid']);
    expect(back.params['vid']).toBe('1');
    await poll(() => cookieNames(s)).toHaveLength(2);
  });
});

describe.concurrent('Do Not Track and Global Privacy Control', () => {
  for (const [signal, init, option] of [
    ['Do Not Track', sendsDnt, 'respectDoNotTrack'],
    ['Global Privacy Control', sendsGpc, 'respectGlobalPrivacyControl'],
  ] as const) {
    test(`With ${option} and the browser sending ${signal}, nothing is sent or stored`, async (t) => {
      const s = await openSession(t, world.browser, { init, config: { [option]: true } });
      await s.page.goto(world.site.url + '/blank.html');
      await s.firn('debug', true);
      await s.firn('enableActivityTracking', { minimumVisitLength: 0, heartbeatDelay: 1 });
      await s.firn('trackPageView');
      await s.firn('trackStructEvent', { category: 'c', action: 'a' });
      // Debug mode reports each ignored event as the call makes it: once both are reported, nothing more can follow.
      await poll(async () => (await s.debug()).map((m) => m.kind)).toEqual(['ignored', 'ignored']);
      expect((await s.debug())[0]?.data).toEqual({ tracker: 'sp', reason: option === 'respectDoNotTrack' ? 'DNT' : 'GPC' });
      expect(s.all).toEqual([]);
      expect(await cookieNames(s)).toEqual([]);
      expect(await s.hasStore()).toBe(false);
      expect(await s.problems()).toEqual([]);
    });

    test(`Without ${option}, ${signal} alone does not stop tracking`, async (t) => {
      const s = await openSession(t, world.browser, { init });
      await s.page.goto(world.site.url + '/blank.html');
      await s.firn('trackPageView');
      expect((await s.hit({ e: 'pv' })).params['duid']).toBeDefined();
    });
  }

  test('With both options and neither signal, tracking goes on', async (t) => {
    const s = await openSession(t, world.browser, { config: { respectDoNotTrack: true, respectGlobalPrivacyControl: true } });
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('trackPageView');
    expect((await s.hit({ e: 'pv' })).params['duid']).toBeDefined();
  });
});
