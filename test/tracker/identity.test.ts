import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StaticServer } from '../../node/static.ts';
import { launchChromium } from '../support/browser.ts';
import { openSession, serveSite, UUID_V4, type Session } from './support.ts';

let browser: Browser;
let site: StaticServer;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), serveSite()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), site?.close()]);
});

/** Snowplow's cookie names: the first 4 hex of SHA-1(domain + path) (tracker-protocol.md §7), computed here with Node's SHA-1. */
const cookieNames = (): { id: string; ses: string } => {
  const hash = createHash('sha1').update(new URL(site.url).hostname + '/').digest('hex').slice(0, 4);
  return { id: `_sp_id.${hash}`, ses: `_sp_ses.${hash}` };
};

async function cookies(s: Session): Promise<{ id: string[]; ses: string | undefined }> {
  const all = await s.context.cookies();
  const names = cookieNames();
  return { id: all.find((c) => c.name === names.id)?.value.split('.') ?? [], ses: all.find((c) => c.name === names.ses)?.value };
}

describe('Identity cookies', () => {
  test('The _sp_id cookie holds duid.created.vid.now.prev.sid and the hit carries the same ids', async () => {
    const s = await openSession(browser);
    await s.page.goto(site.url + '/');
    const { params } = await s.hit({ e: 'pv' });
    const { id, ses } = await cookies(s);
    const seconds = String(Math.round(Number(params['dtm']) / 1000));
    expect(id).toEqual([params['duid'], seconds, '1', seconds, '', params['sid']]);
    expect(ses).toBe('*');
    expect(await s.problems()).toEqual([]);
  });

  test('A reload within the session keeps duid, vid and sid', async () => {
    const s = await openSession(browser);
    await s.page.goto(site.url + '/');
    const first = await s.hit({ e: 'pv' });
    await s.page.reload();
    const second = await s.hit({ e: 'pv', eid: new RegExp(`^(?!${first.params['eid']}$)`) });
    for (const key of ['duid', 'vid', 'sid']) expect(second.params[key], key).toBe(first.params[key]);
  });

  test('Without the session cookie a new session starts: vid + 1, a new sid, the previous visit time kept', async () => {
    const s = await openSession(browser);
    await s.page.goto(site.url + '/');
    const first = await s.hit({ e: 'pv' });
    const before = await cookies(s);
    await s.context.clearCookies({ name: cookieNames().ses });
    await s.page.reload();
    const second = await s.hit({ e: 'pv', vid: '2' });
    expect(second.params['duid']).toBe(first.params['duid']);
    expect(second.params['sid']).toMatch(UUID_V4);
    expect(second.params['sid']).not.toBe(first.params['sid']);
    const after = await cookies(s);
    expect(after.id[4]).toBe(before.id[3]);
    expect(after.id[5]).toBe(second.params['sid']);
  });

  test('A cookie written by a Snowplow tracker (10 fields) is picked up', async () => {
    const s = await openSession(browser);
    const names = cookieNames();
    const duid = '2f1c7e3a-5b0d-4c8e-9a6f-1d2e3f405162';
    const sid = '7a9b8c6d-1e2f-4a3b-8c5d-6e7f80912a3b';
    const value = [duid, '1700000000', '5', '1700000500', '1699990000', sid, '', '', '', '3'].join('.');
    await s.context.addCookies([
      { name: names.id, value, url: site.url },
      { name: names.ses, value: '*', url: site.url },
    ]);
    await s.page.goto(site.url + '/');
    const { params } = await s.hit({ e: 'pv' });
    expect(params).toMatchObject({ duid, sid, vid: '5' });
  });
});
