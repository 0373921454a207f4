/**
 * Base64 decoding for `ue_px`/`cx` (tracker-protocol.md §6): both alphabets (`-_` and `+/`),
 * padding optional. A space decodes as `+`: an unescaped `+` from an old tracker arrives as a
 * space after form decoding.
 */
import { Char } from './chars';

/** Sextet value of a base64 character, or -1 (`=` is handled by the caller). */
@inline function sextet(c: u32): i32 {
  if (c - Char.A < 26) return <i32>(c - Char.A);
  if (c - Char.a < 26) return <i32>(c - Char.a + 26);
  if (c - Char._0 < 10) return <i32>(c - Char._0 + 52);
  if (c == Char.MINUS || c == Char.PLUS || c == Char.SPACE) return 62;
  if (c == Char.UNDERSCORE || c == Char.SLASH) return 63;
  return -1;
}

/** Decodes into `dst` (at most 3/4 of `len` bytes); returns the end, or 0 when the text is not base64. */
export function base64Decode(dst: usize, src: usize, len: usize): usize {
  let end = src + len;
  // padding: up to two `=` at the end only
  if (end > src && load<u8>(end - 1) == Char.EQUALS) end--;
  if (end > src && load<u8>(end - 1) == Char.EQUALS) end--;
  const n = end - src;
  if (n % 4 == 1) return 0; // no whole byte in a single sextet
  let bits: u32 = 0;
  let count = 0;
  for (let p = src; p < end; p++) {
    const v = sextet(load<u8>(p));
    if (v < 0) return 0;
    bits = (bits << 6) | <u32>v;
    if (++count == 4) {
      store<u8>(dst, <u8>(bits >> 16));
      store<u8>(dst, <u8>(bits >> 8), 1);
      store<u8>(dst, <u8>bits, 2);
      dst += 3;
      count = 0;
      bits = 0;
    }
  }
  if (count == 2) store<u8>(dst++, <u8>(bits >> 4));
  else if (count == 3) {
    store<u8>(dst, <u8>(bits >> 10));
    store<u8>(dst, <u8>(bits >> 2), 1);
    dst += 2;
  }
  return dst;
}
