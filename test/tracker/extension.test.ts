/**
 * Firn's URL-length extension (docs/protocol.md): events too long for one GET are compressed,
 * then fragmented, every request within `maxGetBytes`. The hits are decoded here with Node's
 * zlib, independently of the tracker, to prove the payload arrives whole.
 */
import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { MAX_FRAGMENTS, MAX_GET_BYTES_DEFAULT, MAX_GET_BYTES_LIMIT } from '../../contract/params.ts';
import { fragments } from '../../tracker/src/fragments.ts';
import { startLoggingCollector } from './collector.ts';
import { decodeJson, type Hit, openSession, poll, browserAndSite } from './support.ts';

const world = browserAndSite();

/** docs/protocol.md §4: concatenate fx_d in index order (one per index), decode base64url, inflate when fx_e=z. */
function reassemble(queries: readonly string[]): URLSearchParams {
  const parts = queries.map((q) => new URLSearchParams(q));
  const [first] = parts;
  const n = Number(first!.get('fx_n') ?? 1);
  const pieces = new Map<number, string>();
  for (const p of parts) {
    expect(p.get('eid')).toBe(first!.get('eid'));
    expect(p.get('fx_e')).toBe(first!.get('fx_e'));
    pieces.set(Number(p.get('fx_i') ?? 1), p.get('fx_d')!);
  }
  expect([...pieces.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
  const data = Buffer.from([...pieces.entries()].sort(([a], [b]) => a - b).map(([, d]) => d).join(''), 'base64url');
  return new URLSearchParams((first!.get('fx_e') === 'z' ? inflateRawSync(data) : data).toString('utf8'));
}

/**
 * A self-describing event of about `bytes` of JSON: random text, which compresses poorly, or, if
 * `compressible`, one 33-byte item again and again (a multiple of 3, so `ue_px`'s base64 repeats too).
 */
function bigEvent(bytes: number, compressible = false): { schema: string; data: { items: string[] } } {
  const item = (i: number): string => (compressible ? 'a'.repeat(30) : randomBytes(24).toString('hex') + i);
  const items: string[] = [];
  while (JSON.stringify(items).length < bytes) items.push(item(items.length));
  return { schema: 'iglu:com.example/big/jsonschema/1-0-0', data: { items } };
}

const ue = (payload: URLSearchParams): unknown => (decodeJson(payload.get('ue_px')!) as { data: unknown }).data;

describe.concurrent('The fragment split', () => {
  const head = 'https://c.example/i?eid=0b9e7a4c-2d1f-4e3a-8b5c-6d7e8f901a2b&tv=js-firn-0.1.0&fx_e=z';
  test('Data that fits goes in one request without fx_i/fx_n', () => {
    const data = 'a'.repeat(100);
    expect(fragments(head, data, 2000)).toEqual([head + '&fx_d=' + data]);
    const exact = 'b'.repeat(2000 - head.length - 6);
    expect(fragments(head, exact, 2000)).toEqual([head + '&fx_d=' + exact]);
  });

  test.each([2000, 512, 8192])('Every fragment fits in %i bytes, and the pieces rebuild the data', (max) => {
    const data = randomBytes(30_000).toString('base64url');
    const urls = fragments(head, data, max);
    expect(urls.length).toBeGreaterThan(1);
    for (const url of urls) expect(url.length).toBeLessThanOrEqual(max);
    const params = urls.map((u) => new URL(u).searchParams);
    expect(params.map((p) => p.get('fx_i'))).toEqual(urls.map((_, i) => String(i + 1)));
    expect(new Set(params.map((p) => p.get('fx_n')))).toEqual(new Set([String(urls.length)]));
    expect(params.map((p) => p.get('fx_d')).join('')).toBe(data);
  });

  test('More than 1000 fragments, or no room at all, gives no request', () => {
    const room = 2000 - head.length - 26;
    expect(fragments(head, 'c'.repeat(room * MAX_FRAGMENTS), 2000)).toHaveLength(MAX_FRAGMENTS);
    expect(fragments(head, 'c'.repeat(room * MAX_FRAGMENTS + 1), 2000)).toEqual([]);
    expect(fragments(head, 'c'.repeat(20), head.length + 20)).toEqual([]);
  });
});

describe.concurrent('Events beyond maxGetBytes', () => {
  test('A 20 KB self-describing event goes as compressed fragments, each within 2000 bytes, that rebuild the event', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    const event = bigEvent(20_000);
    await s.firn('trackSelfDescribingEvent', { event });
    const [first] = await s.hits(1, { fx_e: 'z' });
    const n = Number(first!.params['fx_n']);
    expect(n).toBeGreaterThan(1);
    const hits = await s.hits(n, { fx_e: 'z' });
    for (const h of hits) {
      expect(h.url.length).toBeLessThanOrEqual(MAX_GET_BYTES_DEFAULT);
      expect(Object.keys(h.params)).toEqual(['eid', 'tv', 'fx_e', 'fx_i', 'fx_n', 'fx_d']);
    }
    const payload = reassemble(hits.map((h) => h.query));
    expect(payload.get('eid')).toBe(first!.params['eid']);
    expect(payload.get('e')).toBe('ue');
    expect(payload.get('stm')).toMatch(/^\d{13}$/);
    expect([...payload.keys()].slice(-2)).toEqual(['stm', 'url']);
    expect(ue(payload)).toEqual(event);
    await poll(() => s.readStore()).toEqual([]);
    expect(await s.problems()).toEqual([]);
  });

  test('An event that compresses enough goes as one compressed hit', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/blank.html');
    const event = bigEvent(20_000, true);
    await s.firn('trackSelfDescribingEvent', { event });
    const hit = await s.hit({ fx_e: 'z' });
    expect(hit.params).not.toHaveProperty('fx_n');
    expect(hit.url.length).toBeLessThanOrEqual(MAX_GET_BYTES_DEFAULT);
    expect(ue(reassemble([hit.query]))).toEqual(event);
  });

  test('Without CompressionStream the payload goes base64url-encoded (fx_e=b)', async (t) => {
    const s = await openSession(t, world.browser, () => {
      delete (globalThis as { CompressionStream?: unknown }).CompressionStream;
    });
    await s.page.goto(world.site.url + '/blank.html');
    const event = bigEvent(5_000);
    await s.firn('trackSelfDescribingEvent', { event });
    const [first] = await s.hits(1, { fx_e: 'b' });
    const hits = await s.hits(Number(first!.params['fx_n']), { fx_e: 'b' });
    for (const h of hits) expect(h.url.length).toBeLessThanOrEqual(MAX_GET_BYTES_DEFAULT);
    expect(ue(reassemble(hits.map((h) => h.query)))).toEqual(event);
    expect(await s.problems()).toEqual([]);
  });

  test('A retry resends exactly the same requests: same split, same stm', async (t) => {
    const s = await openSession(t, world.browser, { config: { maxGetBytes: 1000 } });
    let n = 0;
    await s.page.goto(world.site.url + '/blank.html');
    // The first attempt's requests all fail.
    s.answer = (hit) => (n === 0 && (n = Number(hit.params['fx_n'])), s.all.length <= n ? 'fail' : 'ok');
    await s.firn('trackSelfDescribingEvent', { event: bigEvent(6_000) });
    await s.hits(1, { fx_e: 'z' });
    const all = await s.hits(2 * n, { fx_e: 'z' });
    const urls = (answer: string): string[] => all.filter((h) => h.answer === answer).map((h) => h.url).sort();
    await poll(() => s.readStore()).toEqual([]);
    expect(urls('fail')).toHaveLength(n);
    expect(urls('ok')).toEqual(urls('fail'));
    expect(await s.problems(/Failed to load resource/)).toEqual([]);
  });

  test('maxGetBytes above 8192 is held to 8192, CloudFront’s logging limit', async (t) => {
    const s = await openSession(t, world.browser, { config: { maxGetBytes: 100_000 } });
    await s.page.goto(world.site.url + '/blank.html');
    await s.firn('trackSelfDescribingEvent', { event: bigEvent(30_000) });
    const [first] = await s.hits(1, { fx_e: 'z' });
    const hits = await s.hits(Number(first!.params['fx_n']), { fx_e: 'z' });
    expect(hits.length).toBeGreaterThan(1);
    for (const h of hits) expect(h.url.length).toBeLessThanOrEqual(MAX_GET_BYTES_LIMIT);
    expect(Math.max(...hits.map((h) => h.url.length))).toBeGreaterThan(MAX_GET_BYTES_DEFAULT);
  });

  test('Through the real collector, the fragments are logged and rebuild the event from the CloudFront log', async (t) => {
    const collector = await startLoggingCollector();
    try {
      const s = await openSession(t, world.browser, { endpoint: collector.url });
      s.answer = () => 'pass';
      await s.page.goto(world.site.url + '/blank.html');
      const event = bigEvent(20_000);
      await s.firn('trackSelfDescribingEvent', { event });
      const [first] = await s.hits(1, { fx_e: 'z' });
      const eid = first!.params['eid'];
      await s.hits(Number(first!.params['fx_n']), { eid: eid! });
      await poll(() => s.readStore()).toEqual([]);
      const logged = (await collector.queries()).filter((q) => new URLSearchParams(q).get('eid') === eid);
      expect(logged).toHaveLength(Number(first!.params['fx_n']));
      // Reversed: the reader must not depend on arrival order.
      expect(ue(reassemble(logged.reverse()))).toEqual(event);
    } finally {
      await collector.close();
    }
  });

  test('A page view under the limit stays an ordinary Snowplow hit', async (t) => {
    const s = await openSession(t, world.browser);
    await s.page.goto(world.site.url + '/');
    const hit: Hit = await s.hit({ e: 'pv' });
    expect(Object.keys(hit.params).filter((k) => k.startsWith('fx_'))).toEqual([]);
  });
});
