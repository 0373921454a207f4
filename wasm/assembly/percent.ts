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
import { below, noSpecial, specialBits, specialPlus } from './scan';

/** Set by `percentDecode`: whether the output holds bytes only `writeText` may keep (controls, DEL, ≥ 0x80). */
export let needsCleaning = false;
/** Set by `percentDecode`: whether the output holds a space (which a URL writes `%20`: text.ts). */
export let hasSpace = false;

/**
 * Decodes `len` bytes at `src` into `dst` and returns the end; `plusIsSpace` for form
 * (querystring) decoding; `collapse` for text as CloudFront logged it (not for text inside a
 * URL already taken from the log, nor for Firn's base64-carried payloads: docs/protocol.md);
 * `dst`'s tail must be free: 16 bytes are copied at a time and the next special byte
 * (`specialBits`) found in the same step, so ordinary runs cost one load and one store per 16
 * bytes, and the bytes between escapes (`%253A%252F%252F`) no extra pass.
 */
export function percentDecode(dst: usize, src: usize, len: usize, plusIsSpace: bool, collapse: bool = true): usize {
  const end = src + len;
  const plus = specialPlus(plusIsSpace);
  let p = src;
  let dirty = false;
  let spaced = false;
  while (p < end) {
    const v = v128.load(p);
    v128.store(dst, v);
    const m = below(end, p, specialBits(v, plus));
    if (m == 0) {
      const step = min<usize>(end - p, 16);
      p += step;
      dst += step;
      continue;
    }
    const k = <usize>ctz(m);
    p += k;
    dst += k;
    let c = <u32>load<u8>(p);
    let width: usize = 1;
    if (c == Char.PERCENT && p + 2 < end) {
      const hi = hexValue(load<u8>(p, 1));
      const lo = hexValue(load<u8>(p, 2));
      if (hi >= 0 && lo >= 0) {
        c = <u32>((hi << 4) | lo);
        width = 3;
        // `%25` + two hex digits: the doubled form of one escape
        if (collapse && c == Char.PERCENT && p + 4 < end) {
          const hi2 = hexValue(load<u8>(p, 3));
          const lo2 = hexValue(load<u8>(p, 4));
          if (hi2 >= 0 && lo2 >= 0) {
            c = <u32>((hi2 << 4) | lo2);
            width = 5;
          }
        }
      }
    } else if (plusIsSpace && c == Char.PLUS) c = Char.SPACE;
    p += width;
    if (c == Char.SPACE) spaced = true;
    if (c - 0x20 >= 0x5f) dirty = true; // a control, DEL or a byte of a multi-byte character
    store<u8>(dst++, <u8>c);
  }
  needsCleaning = dirty;
  hasSpace = spaced;
  return dst;
}

/** True when bytes need no decoding and no clean-up: printable ASCII, no space, no `%` (nor `+` in form mode). */
export function isPlain(src: usize, len: usize, plusIsSpace: bool): bool {
  return noSpecial(src, src + len, plusIsSpace);
}
