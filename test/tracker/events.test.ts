import { describe, expect, test } from 'vitest';
import { entitiesOf, openSession, poll, selfDescribing, browserAndSite, UUID_V4 } from './support.ts';

declare const firn: (...args: unknown[]) => void;
// Page globals, typed only for the functions handed to `page.evaluate` (they run in the page).
declare const document: { addEventListener(type: string, listener: (e: { preventDefault(): void }) => void): void };
declare function scrollTo(x: number, y: number): void;
declare function addEventListener(type: string, listener: () => void, options: { once: boolean }): void;

const world = browserAndSite();

const sdj = (name: string, data: unknown, version = '1-0-0'): { schema: string; data: unknown } => ({ schema: `iglu:com.example/${name}/jsonschema/${version}`, data });

describe.concurrent('Event methods', () => {
  test('A structured event sends se_* with its value as a number', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('trackStructEvent', { category: 'video', action: 'play', label: 'intro', property: 'hd', value: 0 });
    const { params } = await s.hit({ e: 'se' });
    expect(params).toMatchObject({ se_ca: 'video', se_ac: 'play', se_la: 'intro', se_pr: 'hd', se_va: '0', tna: 'sp', aid: 'demo', p: 'web' });
    expect(params['eid']).toMatch(UUID_V4);
    expect(params).not.toHaveProperty('cx');
    expect(await s.problems()).toEqual([]);
  });

  test('A structured event without category or action warns and sends nothing', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('trackStructEvent', { category: 'video' });
    await s.firn('trackStructEvent', { action: 'video' });
    await s.firn('trackStructEvent', { category: 'ok', action: 'sent' });
    await s.hit({ se_ca: 'ok' });
    expect(s.all).toHaveLength(1);
    expect(await s.problems()).toEqual(['console.warning: firn: ignored, no category or action', 'console.warning: firn: ignored, no category or action']);
  });

  test('A self-describing event travels base64url-encoded in ue_px, inside the unstruct_event envelope', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    const event = sdj('signup', { plan: 'free', note: 'ümlaut & "quotes" +/=' });
    await s.firn('trackSelfDescribingEvent', { event });
    const hit = await s.hit({ e: 'ue' });
    expect(hit.params['ue_px']).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(hit.params).not.toHaveProperty('ue_pr');
    expect(selfDescribing(hit)).toEqual(event);
    expect(JSON.parse(Buffer.from(hit.params['ue_px']!, 'base64url').toString()).schema).toBe('iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0');
    expect(await s.problems()).toEqual([]);
  });

  test('addTrans, addItem and trackTrans send one transaction and one hit per item', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('addTrans', { orderId: 'o-1', total: 59.9, affiliation: 'web', tax: 5, shipping: 0, city: 'Lyon', state: 'ARA', country: 'FR', currency: 'EUR' });
    await s.firn('addItem', { orderId: 'o-1', sku: 'sku-1', name: 'Boots', category: 'shoes', price: 49.9, quantity: 1, currency: 'EUR' });
    await s.firn('addItem', { orderId: 'o-1', sku: 'sku-2', price: 10, quantity: 2 });
    await s.firn('trackTrans');
    const [tr] = await s.hits(1, { e: 'tr' });
    expect(tr!.params).toMatchObject({ tr_id: 'o-1', tr_af: 'web', tr_tt: '59.9', tr_tx: '5', tr_sh: '0', tr_ci: 'Lyon', tr_st: 'ARA', tr_co: 'FR', tr_cu: 'EUR' });
    const items = await s.hits(2, { e: 'ti' });
    expect(items.map((i) => i.params).sort((a, b) => a['ti_sk']!.localeCompare(b['ti_sk']!))).toMatchObject([
      { ti_id: 'o-1', ti_sk: 'sku-1', ti_nm: 'Boots', ti_ca: 'shoes', ti_pr: '49.9', ti_qu: '1', ti_cu: 'EUR' },
      { ti_id: 'o-1', ti_sk: 'sku-2', ti_pr: '10', ti_qu: '2' },
    ]);
    // trackTrans empties the transaction: a second call has nothing to send.
    await s.firn('trackTrans');
    expect(await s.problems()).toEqual(['console.warning: firn: ignored, no addTrans']);
  });

  test('Global entities (fixed and generated) and per-event entities go in cx; removed ones stop', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    const fixed = sdj('fixed', { a: 1 });
    await s.page.evaluate((fixed) => {
      firn('addGlobalContexts', [fixed, (e: Record<string, string>) => ({ schema: 'iglu:com.example/generated/jsonschema/1-0-0', data: { event: e['e'] } }), () => null]);
      firn('addGlobalContexts', [() => { throw new Error('generator broke'); }]);
    }, fixed);
    await s.firn('trackPageView', { title: 'with', context: [sdj('own', { b: 2 })] });
    const withAll = await s.hit({ page: 'with' });
    expect(entitiesOf(withAll)).toEqual([sdj('own', { b: 2 }), fixed, sdj('generated', { event: 'pv' })]);
    expect(JSON.parse(Buffer.from(withAll.params['cx']!, 'base64url').toString()).schema).toBe('iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0');
    // `cx` goes after `url`, last of all (tracker-protocol.md §2).
    expect(withAll.query.split('&').at(-1)).toBe('cx=' + withAll.params['cx']);
    // Removing by an equal object, not the same reference.
    await s.firn('removeGlobalContexts', [sdj('fixed', { a: 1 })]);
    await s.firn('trackStructEvent', { category: 'c', action: 'a' });
    expect(entitiesOf(await s.hit({ e: 'se' }))).toEqual([sdj('generated', { event: 'se' })]);
    // One warning per event (the console text of an Error carries its stack).
    const problems = await s.problems();
    expect(problems).toHaveLength(2);
    for (const p of problems) expect(p).toMatch(/^console\.warning: firn: Error: generator broke/);
  });

  test('setUserId, setCustomUrl, setReferrerUrl and setDocumentTitle change uid, url, refr and page', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('setUserId', 'user-42');
    await s.firn('setCustomUrl', 'https://app.example/#/cart');
    await s.firn('setReferrerUrl', 'https://app.example/#/home');
    await s.firn('setDocumentTitle', 'Cart');
    await s.firn('trackPageView');
    expect((await s.hit({ e: 'pv' })).params).toMatchObject({ uid: 'user-42', url: 'https://app.example/#/cart', refr: 'https://app.example/#/home', page: 'Cart' });
    await s.firn('setUserId', null);
    await s.firn('setCustomUrl', null);
    await s.firn('trackStructEvent', { category: 'c', action: 'a' });
    const after = await s.hit({ e: 'se' });
    expect(after.params).not.toHaveProperty('uid');
    expect(after.params['url']).toBe(s.page.url());
    expect(await s.problems()).toEqual([]);
  });

  test('Link clicks send link_click events, filtered by allow and deny classes, middle clicks too', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    // The page keeps itself: a real navigation is covered by the next test.
    await s.page.evaluate(() => document.addEventListener('click', (e) => e.preventDefault()));
    await s.firn('enableLinkClickTracking', { deny: ['no-track'] });
    await s.page.click('#skip');
    await s.page.click('#tagged');
    const tagged = await s.hit({ e: 'ue' });
    expect(selfDescribing(tagged)).toEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1',
      data: { targetUrl: 'https://elsewhere.example/a', elementId: 'tagged', elementClasses: ['track', 'me'], elementTarget: '_blank' },
    });
    await s.firn('enableLinkClickTracking', { allow: ['me'] });
    await s.page.click('#plain');
    await s.page.click('#tagged', { button: 'middle' });
    await s.page.click('#tagged', { button: 'right' });
    await s.hits(2, { e: 'ue' });
    await s.firn('trackStructEvent', { category: 'end', action: 'end' });
    await s.hit({ se_ca: 'end' });
    expect(s.all.filter((h) => h.params['e'] === 'ue').map((h) => (selfDescribing(h) as { data: { elementId: string } }).data.elementId)).toEqual(['tagged', 'tagged']);
    expect(await s.problems()).toEqual([]);
  });

  test('A click that leaves the page is still delivered, by this page or the next', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('enableLinkClickTracking');
    await Promise.all([s.page.waitForURL(/next=1/), s.page.click('#plain')]);
    const click = await s.hit({ e: 'ue' });
    expect((selfDescribing(click) as { data: { targetUrl: string } }).data.targetUrl).toBe(world.site.url + '/blank.html?next=1');
  });

  test('Page pings come after minimumVisitLength, then every heartbeatDelay, only after activity, with the scroll range', async (t) => {
    const s = await openSession(t, world.browser, { clock: true });
    await s.page.goto(world.site.url + '/blank.html');
    // Paused: time moves only with runFor, however slow the machine is between steps.
    await s.page.clock.pauseAt(await s.page.evaluate(() => Date.now() + 1000));
    await s.firn('enableActivityTracking', { minimumVisitLength: 10, heartbeatDelay: 5 });
    await s.firn('trackPageView');
    const pv = await s.hit({ e: 'pv' });
    // Each scroll is awaited until its event fired (after the tracker's capture listener), so two are never coalesced into one.
    const scroll = (x: number, y: number): Promise<void> =>
      s.page.evaluate(([x, y]) => new Promise<void>((done) => (addEventListener('scroll', () => done(), { once: true }), scrollTo(x, y))), [x, y] as const);
    await scroll(40, 900);
    await s.page.clock.runFor(9_000);
    await scroll(0, 300);
    await s.page.clock.runFor(1_000);
    const first = await s.hit({ e: 'pp' });
    expect(first.params).toMatchObject({ pp_mix: '0', pp_max: '40', pp_miy: '0', pp_may: '900', page: pv.params['page'], url: pv.params['url'], sid: pv.params['sid'] });
    // No activity in the next 5 s: no ping.
    await s.page.clock.runFor(5_000);
    await s.page.mouse.move(10, 10);
    await s.page.mouse.move(20, 20);
    await s.page.clock.runFor(5_000);
    const pings = await s.hits(2, { e: 'pp' });
    expect(pings[1]!.params).toMatchObject({ pp_mix: '0', pp_max: '0', pp_miy: '300', pp_may: '300' });
    expect(Number(pings[1]!.params['dtm']) - Number(first.params['dtm'])).toBe(10_000);
    expect(await s.problems()).toEqual([]);
  });

  test('Debug mode logs each event and posts it, with its delivery, on BroadcastChannel("firn-debug")', async (t) => {
    const s = await openSession(t, world.browser);
    const logs: string[] = [];
    s.page.on('console', (m) => void (m.type() === 'log' && logs.push(m.text())));
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('debug', true);
    await s.firn('trackStructEvent', { category: 'debug', action: 'on' });
    const hit = await s.hit({ se_ca: 'debug' });
    await poll(async () => (await s.debug()).map((m) => m.kind)).toEqual(['track', 'sent']);
    const [track, sent] = await s.debug();
    expect(track).toMatchObject({ kind: 'track', data: { e: 'se', eid: hit.params['eid'], se_ca: 'debug' } });
    expect(sent).toMatchObject({ kind: 'sent', data: { eid: hit.params['eid'], urls: [expect.stringContaining('se_ca=debug')] } });
    await poll(() => logs.some((l) => l.startsWith('firn: track'))).toBe(true);
    await s.firn('debug', false);
    await s.firn('trackStructEvent', { category: 'debug', action: 'off' });
    await s.hit({ se_ac: 'off' });
    expect((await s.debug()).length).toBe(2);
    expect(await s.problems()).toEqual([]);
  });
});
