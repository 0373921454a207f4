import { createHash } from 'node:crypto';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StaticServer } from '../../node/static.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../support/browser.ts';
import { openSession, poll, serveSite, type Session, UUID_V4 } from './support.ts';

let browser: Browser;
let site: StaticServer;
/** `*.firn.test` hosts that count as secure contexts (as on https), where SubtleCrypto names the cookies. */
const SECURE = ['www', 'blog', 'a.b'];
beforeAll(async () => {
  site = await serveSite();
  const port = new URL(site.url).port;
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    // `*.firn.test` resolves to the test server, so cookie domains can be real domain names.
    args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP *.firn.test 127.0.0.1', `--unsafely-treat-insecure-origin-as-secure=${SECURE.map((h) => `http://${h}.firn.test:${port}`).join(',')}`],
    headless: true,
  });
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

/** Snowplow's cookie names: the first 4 hex of SHA-1(domain + path) (tracker-protocol.md §7), computed here with Node's SHA-1. */
const cookieNames = (domain = new URL(site.url).hostname): { id: string; ses: string } => {
  const hash = createHash('sha1').update(domain + '/').digest('hex').slice(0, 4);
  return { id: `_sp_id.${hash}`, ses: `_sp_ses.${hash}` };
};

/** The id cookie's fields and the session cookie, once the tracker wrote them (it writes in a task after the event). */
async function cookies(s: Session, domain?: string): Promise<{ id: string[]; ses: string | undefined; domain: string | undefined }> {
  const names = cookieNames(domain);
  await poll(async () => (await s.context.cookies()).some((c) => c.name === names.id)).toBe(true);
  const all = await s.context.cookies();
  const id = all.find((c) => c.name === names.id);
  return { id: id?.value.split('.') ?? [], ses: all.find((c) => c.name === names.ses)?.value, domain: id?.domain };
}

declare const isSecureContext: boolean;

const seconds = (ms: string | undefined): string => String(Math.round(Number(ms) / 1000));

describe.concurrent('Identity cookies', () => {
  test('The _sp_id cookie holds Snowplow’s 10 fields and the hit carries the same ids', async (t) => {
    const s = await openSession(t, browser);
    await s.page.goto(site.url + '/');
    const { params } = await s.hit({ e: 'pv' });
    const { id, ses } = await cookies(s);
    const now = seconds(params['dtm']);
    // duid . created . vid . last event . previous visit . sid . previous sid . first event id . first event ms . event index
    expect(id).toEqual([params['duid'], now, '1', now, '', params['sid'], '', params['eid'], params['dtm'], '1']);
    expect(ses).toBe('*');
    const attributes = (await s.context.cookies()).find((c) => c.name === cookieNames().id)!;
    expect(attributes).toMatchObject({ sameSite: 'Lax', path: '/', secure: false, domain: new URL(site.url).hostname });
    expect(await s.problems()).toEqual([]);
  });

  test('A reload within the session keeps duid, vid and sid, and counts events', async (t) => {
    const s = await openSession(t, browser);
    await s.page.goto(site.url + '/');
    const first = await s.hit({ e: 'pv' });
    await s.page.reload();
    const second = await s.hit({ e: 'pv', eid: new RegExp(`^(?!${first.params['eid']}$)`) });
    for (const key of ['duid', 'vid', 'sid']) expect(second.params[key], key).toBe(first.params[key]);
    await poll(async () => (await cookies(s)).id[9]).toBe('2');
    expect((await cookies(s)).id[7]).toBe(first.params['eid']);
  });

  test('Without the session cookie a new session starts: vid + 1, a new sid, the previous one kept', async (t) => {
    const s = await openSession(t, browser);
    await s.page.goto(site.url + '/');
    const first = await s.hit({ e: 'pv' });
    const before = await cookies(s);
    await s.context.clearCookies({ name: cookieNames().ses });
    await s.page.reload();
    const second = await s.hit({ e: 'pv', vid: '2' });
    expect(second.params['duid']).toBe(first.params['duid']);
    expect(second.params['sid']).toMatch(UUID_V4);
    expect(second.params['sid']).not.toBe(first.params['sid']);
    await poll(async () => (await cookies(s)).id[5]).toBe(second.params['sid']);
    const after = await cookies(s);
    expect(after.id[4]).toBe(before.id[3]);
    expect(after.id[6]).toBe(first.params['sid']);
  });

  test('With a controlled clock, 29 idle minutes keep the session and 31 start a new one', async (t) => {
    const s = await openSession(t, browser, { clock: true });
    await s.page.goto(site.url + '/blank.html');
    await s.firn('trackPageView', { title: 'one' });
    const one = await s.hit({ page: 'one' });
    await s.page.clock.fastForward('29:00');
    await s.firn('trackPageView', { title: 'two' });
    const two = await s.hit({ page: 'two' });
    expect(two.params).toMatchObject({ sid: one.params['sid'], vid: '1', duid: one.params['duid'] });
    await s.page.clock.fastForward('31:00');
    await s.firn('trackPageView', { title: 'three' });
    const three = await s.hit({ page: 'three' });
    expect(three.params).toMatchObject({ vid: '2', duid: one.params['duid'] });
    expect(three.params['sid']).not.toBe(one.params['sid']);
    await poll(async () => (await cookies(s)).id[5]).toBe(three.params['sid']);
    const { id } = await cookies(s);
    expect(id).toEqual([
      one.params['duid'],
      seconds(one.params['dtm']),
      '2',
      seconds(three.params['dtm']),
      seconds(two.params['dtm']),
      three.params['sid'],
      one.params['sid'],
      three.params['eid'],
      three.params['dtm'],
      '1',
    ]);
    expect(await s.problems()).toEqual([]);
  });

  test('sessionTimeout sets the inactivity that ends a session', async (t) => {
    const s = await openSession(t, browser, { clock: true, config: { sessionTimeout: 60 } });
    await s.page.goto(site.url + '/blank.html');
    await s.firn('trackPageView', { title: 'one' });
    const one = await s.hit({ page: 'one' });
    await s.page.clock.fastForward('01:01');
    await s.firn('trackPageView', { title: 'two' });
    expect((await s.hit({ page: 'two' })).params).toMatchObject({ vid: '2', duid: one.params['duid'] });
  });

  test('newSession makes the next event start a new session', async (t) => {
    const s = await openSession(t, browser);
    await s.page.goto(site.url + '/blank.html');
    await s.firn('trackPageView', { title: 'before' });
    const before = await s.hit({ page: 'before' });
    await s.firn('newSession');
    await s.firn('trackPageView', { title: 'after' });
    const after = await s.hit({ page: 'after' });
    expect(after.params).toMatchObject({ vid: '2', duid: before.params['duid'] });
    expect(after.params['sid']).not.toBe(before.params['sid']);
  });

  test('A cookie written by a Snowplow tracker (10 fields) is picked up', async (t) => {
    const s = await openSession(t, browser);
    const names = cookieNames();
    const duid = '2f1c7e3a-5b0d-4c8e-9a6f-1d2e3f405162';
    const sid = '7a9b8c6d-1e2f-4a3b-8c5d-6e7f80912a3b';
    const now = Math.round(Date.now() / 1000);
    const value = [duid, now - 86400, '5', now - 60, now - 7200, sid, '', '', '', '3'].join('.');
    await s.context.addCookies([
      { name: names.id, value, url: site.url },
      { name: names.ses, value: '*', url: site.url },
    ]);
    await s.page.goto(site.url + '/');
    const { params } = await s.hit({ e: 'pv' });
    expect(params).toMatchObject({ duid, sid, vid: '5' });
    await poll(async () => (await cookies(s)).id[9]).toBe('4');
  });

  test('cookieDomain shares the ids with every subdomain, under the cookie name Snowplow gives that domain', async (t) => {
    const s = await openSession(t, browser, { config: { cookieDomain: 'firn.test' } });
    const port = new URL(site.url).port;
    await s.page.goto(`http://www.firn.test:${port}/blank.html`);
    await s.firn('trackPageView', { title: 'www' });
    const www = await s.hit({ page: 'www' });
    const { domain } = await cookies(s, 'firn.test');
    expect(domain).toBe('.firn.test');
    await s.page.goto(`http://blog.firn.test:${port}/blank.html`);
    await s.firn('trackPageView', { title: 'blog' });
    const blog = await s.hit({ page: 'blog' });
    for (const key of ['duid', 'sid', 'vid']) expect(blog.params[key], key).toBe(www.params[key]);
  });

  test('discoverRootDomain finds the highest domain that takes a cookie', async (t) => {
    const s = await openSession(t, browser, { config: { discoverRootDomain: true } });
    const port = new URL(site.url).port;
    await s.page.goto(`http://a.b.firn.test:${port}/blank.html`);
    await s.firn('trackPageView');
    await s.hit({ e: 'pv' });
    expect((await cookies(s, 'firn.test')).domain).toBe('.firn.test');
    // The probe cookie is gone.
    expect((await s.context.cookies()).map((c) => c.name).sort()).toEqual([cookieNames('firn.test').id, cookieNames('firn.test').ses].sort());
  });

  test('On an http page, without SubtleCrypto, the site’s existing Snowplow cookie is reused', async (t) => {
    const s = await openSession(t, browser);
    const url = `http://plain.firn.test:${new URL(site.url).port}/blank.html`;
    const duid = '0b9e7a4c-2d1f-4e3a-8b5c-6d7e8f901a2b';
    const sid = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
    const now = Math.round(Date.now() / 1000);
    await s.context.addCookies([
      { name: '_sp_id.9f3c', value: [duid, now - 600, '2', now - 30, '', sid, '', '', '', '7'].join('.'), url },
      { name: '_sp_ses.9f3c', value: '*', url },
    ]);
    await s.page.goto(url);
    expect(await s.page.evaluate(() => isSecureContext)).toBe(false);
    await s.firn('trackPageView');
    expect((await s.hit({ e: 'pv' })).params).toMatchObject({ duid, sid, vid: '2' });
    await poll(async () => (await s.context.cookies()).find((c) => c.name === '_sp_id.9f3c')?.value.split('.')[9]).toBe('8');
  });

  test('On an http page, a new visitor gets a cookie that the next page finds', async (t) => {
    const s = await openSession(t, browser);
    const url = `http://plain.firn.test:${new URL(site.url).port}/blank.html`;
    await s.page.goto(url);
    await s.firn('trackPageView', { title: 'one' });
    const one = await s.hit({ page: 'one' });
    await poll(async () => (await s.context.cookies()).filter((c) => /^_sp_(id|ses)\.[0-9a-f]{4}$/.test(c.name)).length).toBe(2);
    await s.page.reload();
    await s.firn('trackPageView', { title: 'two' });
    const two = await s.hit({ page: 'two' });
    for (const key of ['duid', 'sid', 'vid']) expect(two.params[key], key).toBe(one.params[key]);
  });
});
