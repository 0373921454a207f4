/**
 * Firn's URL-length extension (docs/protocol.md) on the parser's side: whole payloads decoded
 * and inflated in wasm, fragments reported and reassembled into the same event.
 */
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { logFile, logLine, pageViewQuery } from '../support/loglines.ts';
import { parseLog, reassemble } from '../support/parse.ts';

const EID = '7f9a3b2c-1d4e-4f5a-8b6c-9d0e1f2a3b4c';
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** A self-describing event big enough to need the extension, as the tracker would send it. */
function bigEventQuery(): string {
  const data = { items: Array.from({ length: 300 }, (_, i) => ({ sku: `SKU-${i}`, name: `Item ${i} — 100%25 “quoted”`, price: i * 1.5 })) };
  const ue = { schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: { schema: 'iglu:com.acme/cart/jsonschema/1-0-0', data } };
  return pageViewQuery({ e: 'ue', eid: EID, page: '100%25 sure', ue_px: Buffer.from(JSON.stringify(ue)).toString('base64url') });
}

const extensionQuery = (payload: string, enc: 'z' | 'b'): string =>
  `eid=${EID}&tv=js-firn-0.1.0&fx_e=${enc}&fx_d=${b64(enc === 'z' ? deflateRawSync(Buffer.from(payload)) : Buffer.from(payload))}`;

describe('a whole payload in fx_d', () => {
  test.each(['z', 'b'] as const)('with fx_e=%s is the same event as the plain hit', async (enc) => {
    const payload = bigEventQuery();
    const plain = (await parseLog(logFile([logLine({ query: payload })]))).events[0]!;
    const { events, bad } = await parseLog(logFile([logLine({ query: extensionQuery(payload, enc) })]));
    expect(bad).toEqual([]);
    expect(events[0]).toEqual(plain);
    expect(events[0]!['event_name']).toBe('cart');
  });

  test('is decoded once, without the CloudFront %25 collapse: it never went through CloudFront escaping', async () => {
    const { events } = await parseLog(logFile([logLine({ query: extensionQuery(bigEventQuery(), 'z') })]));
    expect(events[0]!['page_title']).toBe('100%25 sure');
  });

  test.each([
    ['an unknown encoding', `eid=${EID}&fx_e=q&fx_d=abcd`, 'fx_e'],
    ['data without its encoding', `eid=${EID}&e=pv&tv=js-1&p=web&fx_d=abcd`, 'fx_e'],
    ['data that is not base64url', `eid=${EID}&fx_e=z&fx_d=@@@@`, 'fx_d'],
    ['data that is not DEFLATE', `eid=${EID}&fx_e=z&fx_d=${b64(Buffer.from('not deflate at all'))}`, 'fx_d'],
    ['a payload over 512 KiB once inflated', `eid=${EID}&fx_e=z&fx_d=${b64(deflateRawSync(Buffer.alloc(600_000, 0x61)))}`, 'fx_d'],
  ])('%s is a bad row naming the parameter', async (_what, query, field) => {
    const { bad, counts } = await parseLog(logFile([logLine({ query })]));
    expect(counts.bad).toBe(1);
    expect(bad[0]!.errors.map((e) => e.field)).toContain(field);
  });

  test('random DEFLATE data never traps the parser', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => logLine({ query: `eid=${EID}&fx_e=z&fx_d=${b64(i % 2 ? randomBytes(40 + i) : deflateRawSync(randomBytes(i)).subarray(0, 1 + (i % 17)))}` }));
    const { counts } = await parseLog(logFile(lines));
    expect(counts.lines).toBe(counts.good + counts.bad + counts.discarded + counts.fragments);
    expect(counts.good + counts.bad).toBe(300);
  });
});

describe('fragments', () => {
  /** The extension hits of one event, split into `n` fragments, as separate log lines. */
  function fragmentLines(n: number, enc: 'z' | 'b' = 'z'): string[] {
    const payload = bigEventQuery();
    const data = b64(enc === 'z' ? deflateRawSync(Buffer.from(payload)) : Buffer.from(payload));
    const size = Math.ceil(data.length / n);
    return Array.from({ length: n }, (_, i) =>
      logLine({ at: `2025-11-28 08:00:0${i}`, query: `eid=${EID}&tv=js-firn-0.1.0&fx_e=${enc}&fx_i=${i + 1}&fx_n=${n}&fx_d=${data.slice(i * size, (i + 1) * size)}` }),
    );
  }

  test('are counted apart and reported with everything needed to reassemble them', async () => {
    const lines = fragmentLines(3);
    const { counts, fragments, events } = await parseLog(logFile(lines), { source: 'logs/a.gz' });
    expect(counts).toEqual({ lines: 5, good: 0, bad: 0, discarded: 2, fragments: 3 });
    expect(events).toEqual([]);
    expect(fragments.map((f) => [f.eid, f.index, f.count, f.encoding, f.source, f.lineNumber])).toEqual([
      [EID, 1, 3, 'z', 'logs/a.gz', 3],
      [EID, 2, 3, 'z', 'logs/a.gz', 4],
      [EID, 3, 3, 'z', 'logs/a.gz', 5],
    ]);
    expect(fragments[0]!.fields).toMatch(/^#Fields: date time /);
    expect(fragments[0]!.line).toBe(lines[0]!.trimEnd());
  });

  test.each(['z', 'b'] as const)('reassembled in any order (fx_e=%s), they are the event the plain hit would have been', async (enc) => {
    const { fragments, parser } = await parseLog(logFile(fragmentLines(4, enc).reverse()));
    const { events, bad } = reassemble(parser, fragments);
    expect(bad).toEqual([]);
    const plain = (await parseLog(logFile([logLine({ at: '2025-11-28 08:00:00', query: bigEventQuery() })]))).events[0]!;
    expect(events).toEqual([plain]);
  });

  test.each([
    ['a count of 1', 'fx_i=1&fx_n=1', 'fx_n'],
    ['an index above the count', 'fx_i=4&fx_n=3', 'fx_i'],
    ['an index of 0', 'fx_i=0&fx_n=3', 'fx_i'],
    ['more than 1000 fragments', 'fx_i=1&fx_n=1001', 'fx_n'],
  ])('%s is a bad row', async (_what, fields, field) => {
    const { bad } = await parseLog(logFile([logLine({ query: `eid=${EID}&fx_e=z&${fields}&fx_d=AAAA` })]));
    expect(bad[0]!.errors.map((e) => e.field)).toEqual([field]);
  });

  test('without a UUID eid is a bad row: fragments could not be matched', async () => {
    const { bad } = await parseLog(logFile([logLine({ query: 'eid=nope&fx_e=z&fx_i=1&fx_n=2&fx_d=AAAA' })]));
    expect(bad[0]!.errors.map((e) => e.field)).toEqual(['eid']);
  });
});
