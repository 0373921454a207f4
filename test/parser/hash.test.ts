/** The parser's MurmurHash3 x64 128, checked against an independent reference (test/support/murmur3.ts). */
import { expect, test } from 'vitest';
import { logLine, pageViewQuery } from '../support/loglines.ts';
import { murmur3, murmur3Bytes } from '../support/murmur3.ts';
import { parseLog } from '../support/parse.ts';

test('the reference implementation reproduces SMHasher\'s verification value (0x6384BA69)', () => {
  const key = new Uint8Array(256);
  const hashes = new Uint8Array(256 * 16);
  for (let i = 0; i < 256; i++) {
    key[i] = i;
    hashes.set(murmur3Bytes(key.subarray(0, i), 256 - i), i * 16);
  }
  const f = murmur3Bytes(hashes, 0);
  expect((f[0]! | (f[1]! << 8) | (f[2]! << 16) | (f[3]! << 24)) >>> 0).toBe(0x6384ba69);
});

test.each([0, 1, 15, 16, 17, 300])('a derived event id is MurmurHash3 of source, line number and line (%i bytes of padding)', async (pad) => {
  const source = 'logs/E1.2025-11-28-08.ABCDEFGH.gz' + 'x'.repeat(pad);
  const line = logLine({ query: pageViewQuery().replace(/eid=[^&]+&/, '') }).trimEnd();
  const { events } = await parseLog(line + '\n', { source });
  const input = Buffer.concat([Buffer.from(source), Buffer.from(new BigUint64Array([1n]).buffer), Buffer.from(line)]);
  const [h1, h2] = murmur3(input, 0x6669726e);
  const hi = (h1 & 0xffffffffffff0fffn) | 0x8000n;
  const lo = (h2 & 0x3fffffffffffffffn) | 0x8000000000000000n;
  const hex = hi.toString(16).padStart(16, '0') + lo.toString(16).padStart(16, '0');
  expect(events[0]!['event_id']).toBe(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`);
});
