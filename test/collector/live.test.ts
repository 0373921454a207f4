/** The live stream (`/firn/stream`) and the test API (`/firn/hits`, `/firn/reset`): verdicts come from the real dist/firn.wasm. */
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { COLUMNS } from '../../contract/columns.ts';
import type { Collector } from '../../infra/collector/index.ts';
import type { LiveHit } from '../../infra/collector/live/hit.ts';
import { readEvents, type ServerEvent } from '../../infra/inspect/sse.ts';
import { requireBuilt } from '../support/built.ts';
import { pageViewQuery } from '../support/loglines.ts';
import { deliveredRows, field, testWorld } from './support.ts';

const world = testWorld();
afterEach(() => world.cleanUp());
beforeAll(() => requireBuilt('firn.wasm'));

interface Stream {
  /** Resolves with the next `count` hit events. */
  next(count: number): Promise<LiveHit[]>;
  close(): void;
}

/** Opens `/firn/stream` and resolves once the server has sent its opening comment. */
async function openStream(c: Collector): Promise<Stream> {
  const stop = new AbortController();
  const response = await fetch(`${c.url}/firn/stream`, { signal: stop.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const hits: LiveHit[] = [];
  let wake = (): void => undefined;
  void readEvents(response.body!, (event: ServerEvent) => {
    if (event.type === 'hit') hits.push(JSON.parse(event.data) as LiveHit);
    wake();
  }).catch(() => undefined);
  return {
    async next(count) {
      while (hits.length < count) await new Promise<void>((resolve) => (wake = resolve));
      return hits.splice(0, count);
    },
    close: () => stop.abort(),
  };
}

const getJson = async (url: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> & { hits: LiveHit[] } }> => {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { hits: LiveHit[] } };
};

const STRUCT = 'e=se&se_ca=shop&se_ac=add&tv=js-4.0.0&aid=site&p=web&eid=5b3c1a2e-7f4d-4e8a-9c1b-2d3e4f5a6b7c';

describe('the live stream', () => {
  test('sends every logged line as it is written: raw fields, decoded parameters and the parser’s verdict', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const stream = await openStream(c);
    try {
      await fetch(`${c.url}/i?${pageViewQuery({ page: 'Tarot cards & more' })}`, { headers: { 'User-Agent': 'firn-test/1.0' } });
      await fetch(`${c.url}/i?e=zz&eid=not-a-uuid`);
      await fetch(`${c.url}/favicon.ico`);
      const [good, bad, skipped] = await stream.next(3);

      expect(good!.verdict).toBe('good');
      expect(good!.fields['cs-uri-stem']).toBe('/i');
      expect(good!.fields['cs(User-Agent)']).toBe('firn-test/1.0');
      expect(good!.fields['cs-uri-query']).toContain('page=Tarot%2520cards%2520%2526%2520more'); // as logged: escaped twice
      expect(good!.params['page']).toBe('Tarot cards & more'); // as the tracker meant it
      expect(good!.line.split('\t')).toHaveLength(33);
      expect(good!.eventType).toBe('page_view');
      expect(good!.event!.page_title).toBe('Tarot cards & more');
      expect(good!.event!.domain_sessionidx).toBe(1); // typed by the contract's columns
      expect(good!.event!.collector_tstamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(Object.keys(good!.event!)).toEqual(COLUMNS.map((col) => col.name));
      expect(good!.errors).toEqual([]);

      expect(bad!.verdict).toBe('bad');
      expect(bad!.event).toBeNull();
      expect(bad!.errors.map((e) => [e.field, e.value])).toEqual([['e', 'zz'], ['eid', 'not-a-uuid']]);

      expect(skipped!.verdict).toBe('discarded');
      expect(skipped!.fields['sc-status']).toBe('404');
    } finally {
      stream.close();
    }
  });

  test('its own requests are not logged, and the line it shows is the line delivered', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const stream = await openStream(c);
    try {
      await fetch(`${c.url}/i?e=pv`);
      const [hit] = await stream.next(1);
      await c.rotate();
      const rows = await deliveredRows(c.config.bucket.url);
      expect(rows.map((r) => r.join('\t'))).toEqual([hit!.line]);
    } finally {
      stream.close();
    }
  });

  test('answers CORS with credentials, so a pixel inspector page on another origin can read it', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const stop = new AbortController();
    const response = await fetch(`${c.url}/firn/stream`, { headers: { Origin: 'https://inspector.example' }, signal: stop.signal });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://inspector.example');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    stop.abort();
  });

  test('when switched off, /firn/stream is an ordinary, logged 404', async () => {
    const c = await world.collector({ logs: await world.dir(), stream: false });
    expect((await fetch(`${c.url}/firn/stream`)).status).toBe(404);
    await c.rotate();
    expect((await deliveredRows(c.config.bucket.url)).map((r) => [field(r, 'cs-uri-stem'), field(r, 'sc-status')])).toEqual([['/firn/stream', '404']]);
  });

  test('ends when the collector closes', async () => {
    const c = await world.collector({ logs: await world.dir() });
    const response = await fetch(`${c.url}/firn/stream`);
    const ended = readEvents(response.body!, () => undefined);
    await c.close();
    await expect(ended).resolves.toBeUndefined();
  });
});

describe('the test API', () => {
  test('lists good and bad hits newest first, with counts, judged by the parser', async () => {
    const c = await world.collector({ logs: await world.dir(), testApi: true });
    await fetch(`${c.url}/i?${pageViewQuery()}`);
    await fetch(`${c.url}/i?${STRUCT}`);
    await fetch(`${c.url}/i?e=pv&vid=x`);
    await fetch(`${c.url}/firn.js`);
    const { status, body } = await getJson(`${c.url}/firn/hits`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 3, good: 2, bad: 1, discarded: 1, dropped: 0 });
    expect(body.hits.map((h) => [h.verdict, h.eventType])).toEqual([['bad', null], ['good', 'struct'], ['good', 'page_view']]);
    expect(body.hits[0]!.errors).toContainEqual({ field: 'vid', value: 'x', message: 'not a valid integer' });
  });

  test('filters by verdict, event type, schema and limit, like Snowplow Micro', async () => {
    const c = await world.collector({ logs: await world.dir(), testApi: true });
    await fetch(`${c.url}/i?${pageViewQuery()}`);
    await fetch(`${c.url}/i?${STRUCT}`);
    await fetch(`${c.url}/i?e=zz`);
    await fetch(`${c.url}/nope`);
    const verdicts = async (query: string): Promise<string[]> => (await getJson(`${c.url}/firn/hits?${query}`)).body.hits.map((h) => `${h.verdict}:${h.eventType ?? '-'}`);
    expect(await verdicts('good')).toEqual(['good:struct', 'good:page_view']);
    expect(await verdicts('bad')).toEqual(['bad:-']);
    expect(await verdicts('discarded')).toEqual(['discarded:-']);
    expect(await verdicts('bad&discarded')).toEqual(['discarded:-', 'bad:-']);
    expect(await verdicts('event_type=page_view')).toEqual(['good:page_view']);
    expect(await verdicts('schema=iglu:com.google.analytics/event/jsonschema/1-0-0')).toEqual(['good:struct']);
    expect(await verdicts('good&limit=1')).toEqual(['good:struct']);
  });

  test('reset forgets every hit', async () => {
    const c = await world.collector({ logs: await world.dir(), testApi: true });
    await fetch(`${c.url}/i?${pageViewQuery()}`);
    const reset = await getJson(`${c.url}/firn/reset`, { method: 'POST' });
    expect(reset).toEqual({ status: 200, body: { total: 0, good: 0, bad: 0, discarded: 0, dropped: 0 } });
    expect((await getJson(`${c.url}/firn/hits`)).body).toEqual({ total: 0, good: 0, bad: 0, discarded: 0, dropped: 0, hits: [] });
    await fetch(`${c.url}/i?${STRUCT}`);
    expect((await getJson(`${c.url}/firn/hits`)).body.hits.map((h) => h.eventType)).toEqual(['struct']);
  });

  test('keeps at most testApiMaxHits, counting the dropped ones', async () => {
    const c = await world.collector({ logs: await world.dir(), testApi: true, testApiMaxHits: 2 });
    for (let i = 0; i < 5; i++) await fetch(`${c.url}/i?${pageViewQuery({ page: `p${i}` })}`);
    const { body } = await getJson(`${c.url}/firn/hits`);
    expect(body).toMatchObject({ total: 5, good: 5, dropped: 3 });
    expect(body.hits.map((h) => h.params['page'])).toEqual(['p4', 'p3']);
  });

  test('names a bad query parameter and the accepted ones; wrong methods get 405 with Allow', async () => {
    const c = await world.collector({ logs: await world.dir(), testApi: true });
    expect(await getJson(`${c.url}/firn/hits?type=pv`)).toEqual({ status: 400, body: { error: 'unknown query parameter "type" (accepted: good, bad, discarded, event_type, schema, context, limit)' } });
    expect(await getJson(`${c.url}/firn/hits?limit=-1`)).toEqual({ status: 400, body: { error: 'limit: "-1" is not an integer of 0 or more' } });
    const get = await fetch(`${c.url}/firn/reset`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST, OPTIONS']);
  });

  test('answers preflights for POST /firn/reset from another origin', async () => {
    const c = await world.collector({ logs: await world.dir(), testApi: true });
    const response = await fetch(`${c.url}/firn/reset`, { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  test('is off unless asked for: /firn/hits is then an ordinary, logged 404', async () => {
    const c = await world.collector({ logs: await world.dir() });
    expect((await fetch(`${c.url}/firn/hits`)).status).toBe(404);
    await c.rotate();
    expect((await deliveredRows(c.config.bucket.url)).map((r) => field(r, 'cs-uri-stem'))).toEqual(['/firn/hits']);
  });
});
