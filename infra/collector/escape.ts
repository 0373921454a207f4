/**
 * CloudFront's escaping of log values (reference `cloudfront-log-format.md` §8.1): bytes 0–32,
 * 127 and above, and `< > " # % { } | \ ^ ~ [ ] ` '` become `%XX` with uppercase hex. `+` is
 * kept. Because `%` itself is escaped, percent-encoding the client already did shows up doubled
 * (`Tarot%20cards` → `Tarot%2520cards`), exactly as real CloudFront logs do.
 */

/** 256 entries, one per byte value: true when CloudFront writes the byte as `%XX`. */
const ESCAPED: readonly boolean[] = Array.from({ length: 256 }, (_, byte) => byte <= 32 || byte >= 127 || '<>"#%{}|\\^~[]`\''.includes(String.fromCharCode(byte)));

const HEX = '0123456789ABCDEF';

/**
 * Escapes raw bytes. The result is pure printable ASCII without space, TAB or newline, so it can
 * never break the TAB-separated line it goes into.
 */
export function escapeLogBytes(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += ESCAPED[byte] ? '%' + HEX[byte >> 4]! + HEX[byte & 15]! : String.fromCharCode(byte);
  return out;
}

/**
 * Escapes a value as Node hands it over: request targets and header values arrive as latin1
 * strings, one character per byte on the wire, so `latin1` recovers the exact bytes the client
 * sent (a UTF-8 `é` arrives as `Ã©` and is logged `%C3%A9`). Values Firn makes itself are ASCII.
 */
export function escapeLogValue(value: string): string {
  return escapeLogBytes(Buffer.from(value, 'latin1'));
}
