import { describe, expect, test } from 'vitest';
import { escapeLogBytes, escapeLogValue } from '../../infra/collector/escape.ts';

describe('CloudFront escaping of log values (reference §8.1)', () => {
  test('escapes bytes 0–32, 127–255 and < > " # % { } | \\ ^ ~ [ ] ` \', and nothing else', () => {
    const special = '<>"#%{}|\\^~[]`\'';
    for (let byte = 0; byte < 256; byte++) {
      const escaped = byte <= 32 || byte >= 127 || special.includes(String.fromCharCode(byte));
      const expected = escaped ? '%' + byte.toString(16).toUpperCase().padStart(2, '0') : String.fromCharCode(byte);
      expect(escapeLogBytes(Uint8Array.of(byte)), `byte ${byte}`).toBe(expected);
    }
  });

  test('writes the table of the reference exactly', () => {
    expect(escapeLogValue('< > " # % { } | \\ ^ ~ [ ] ` \'')).toBe('%3C%20%3E%20%22%20%23%20%25%20%7B%20%7D%20%7C%20%5C%20%5E%20%7E%20%5B%20%5D%20%60%20%27');
  });

  test('keeps + (a literal plus in a User-Agent stays a plus)', () => {
    expect(escapeLogValue('Mastodon/4.5.2+glitch (http://x)')).toBe('Mastodon/4.5.2+glitch%20(http://x)');
  });

  test('doubles percent-encoding the client did: Tarot%20cards is logged Tarot%2520cards', () => {
    expect(escapeLogValue('page=Tarot%20cards&tz=America%2FHavana')).toBe('page=Tarot%2520cards&tz=America%252FHavana');
  });

  test('writes each UTF-8 byte of non-ASCII text (as Node hands it over, latin1) as %XX', () => {
    // "é€" is C3 A9 E2 82 AC in UTF-8; Node gives header bytes as latin1 characters.
    expect(escapeLogValue(Buffer.from('é€', 'utf8').toString('latin1'))).toBe('%C3%A9%E2%82%AC');
  });

  test('never lets a TAB, CR or LF through', () => {
    expect(escapeLogValue('a\tb\r\nc')).toBe('a%09b%0D%0Ac');
  });
});
