/**
 * CloudFront's escaping, undone in one pass (cloudfront-log-format.md §9): `%25XX` collapses to
 * `%XX` (CloudFront escapes the `%` of escapes already in the request), then one decode.
 * Fusing the two steps is exact: a collapsed `%XX` is always a complete escape, so it never
 * combines with the bytes after it.
 *
 * Invalid escapes (`%` not followed by two hex digits) are kept literally, as WHATWG's
 * percent-decode does; the bytes are made valid UTF-8 later (`writeText`). Neither is an error.
 */
import { Char, hexValue } from './chars';

/**
 * Decodes `len` bytes at `src` into `dst` and returns the end; `plusIsSpace` for form
 * (querystring) decoding; `collapse` for text as CloudFront logged it (not for text inside a
 * URL already taken from the log, nor for Firn's base64-carried payloads: docs/protocol.md).
 */
export function percentDecode(dst: usize, src: usize, len: usize, plusIsSpace: bool, collapse: bool = true): usize {
  const end = src + len;
  let p = src;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == Char.PERCENT && p + 2 < end) {
      const hi = hexValue(load<u8>(p, 1));
      const lo = hexValue(load<u8>(p, 2));
      if (hi >= 0 && lo >= 0) {
        // `%25` + two hex digits: the doubled form of one escape
        if (collapse && hi == 2 && lo == 5 && p + 4 < end) {
          const hi2 = hexValue(load<u8>(p, 3));
          const lo2 = hexValue(load<u8>(p, 4));
          if (hi2 >= 0 && lo2 >= 0) {
            store<u8>(dst++, <u8>((hi2 << 4) | lo2));
            p += 5;
            continue;
          }
        }
        store<u8>(dst++, <u8>((hi << 4) | lo));
        p += 3;
        continue;
      }
    }
    store<u8>(dst++, plusIsSpace && c == Char.PLUS ? <u8>Char.SPACE : <u8>c);
    p++;
  }
  return dst;
}

/** True when bytes need no decoding and no clean-up: printable ASCII, no space, no `%` (nor `+` in form mode). */
export function isPlain(src: usize, len: usize, plusIsSpace: bool): bool {
  const end = src + len;
  for (let p = src; p < end; p++) {
    const c = <u32>load<u8>(p);
    if (c - 0x21 >= 0x5e || c == Char.PERCENT || (plusIsSpace && c == Char.PLUS)) return false;
  }
  return true;
}
