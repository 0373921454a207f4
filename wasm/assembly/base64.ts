/**
 * Base64 decoding for `ue_px`/`cx` (tracker-protocol.md §6): both alphabets (`-_` and `+/`),
 * padding optional. A space decodes as `+`: an unescaped `+` from an old tracker arrives as a
 * space after form decoding.
 */
import { Char } from './chars';
import { insideRange, splat } from './scan';

/** Sextets of the characters after the last whole block of 16. */
const restSextets: usize = memory.data(32);

/**
 * The alphabets, defined once: sextets of 16 characters by range (A–Z, a–z, 0–9; `+`, `-` and
 * space → 62; `/` and `_` → 63); lanes that are not base64 stay 0xFF.
 */
// @ts-ignore: decorator
@inline
export function sextets(v: v128): v128 {
  let s = splat(-1);
  s = v128.bitselect(i8x16.sub(v, splat(65)), s, insideRange(v, 0x41, 0x5a));
  s = v128.bitselect(i8x16.sub(v, splat(71)), s, insideRange(v, 0x61, 0x7a));
  s = v128.bitselect(i8x16.add(v, splat(4)), s, insideRange(v, 0x30, 0x39));
  const s62 = v128.or(v128.or(i8x16.eq(v, splat(0x2b)), i8x16.eq(v, splat(0x2d))), i8x16.eq(v, splat(0x20)));
  s = v128.bitselect(splat(62), s, s62);
  return v128.bitselect(splat(63), s, v128.or(i8x16.eq(v, splat(0x2f)), i8x16.eq(v, splat(0x5f))));
}

/** Whether every lane of `sextets`' result is a sextet (no character was outside the alphabets). */
// @ts-ignore: decorator
@inline
export function allSextets(six: v128): bool {
  return i8x16.bitmask(i8x16.eq(six, splat(-1))) == 0;
}

/** The 12 bytes that 16 sextets encode, in lanes 0–11 (lanes 12–15 are 0). */
// @ts-ignore: decorator
@inline
export function blockBytes(six: v128): v128 {
  // lane bytes (a, b) → a << 6 | b; then lane pairs (x, y) → x << 12 | y: 24 bits per i32 lane
  const pairs = v128.or(i16x8.shl(v128.and(six, i16x8.splat(0xff)), 6), i16x8.shr_u(six, 8));
  const quads = v128.or(i32x4.shl(v128.and(pairs, i32x4.splat(0xffff)), 12), i32x4.shr_u(pairs, 16));
  return i8x16.swizzle(quads, i8x16(2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, -1, -1, -1, -1));
}

/**
 * Decodes into `dst` (at most 3/4 of `len` bytes, and up to 4 bytes of garbage after them: the
 * tail must be free); returns the end, or 0 when the text is not base64. Whole blocks of 16
 * characters become 12 bytes in vector registers: sextets by range, then pairs merged into
 * 12 bits, pairs of those into 24, and a shuffle puts the bytes in order.
 */
export function base64Decode(dst: usize, src: usize, len: usize): usize {
  let end = src + len;
  // padding: up to two `=` at the end only
  if (end > src && load<u8>(end - 1) == Char.EQUALS) end--;
  if (end > src && load<u8>(end - 1) == Char.EQUALS) end--;
  const n = end - src;
  if (n % 4 == 1) return 0; // no whole byte in a single sextet
  let p = src;
  // four characters → three bytes
  const whole = src + (n & ~3);
  for (; p + 16 <= whole; p += 16) {
    const six = sextets(v128.load(p));
    if (!allSextets(six)) return 0;
    v128.store(dst, blockBytes(six));
    dst += 12;
  }
  // the rest (fewer than 16 whole characters, then up to 3): sextets by the same ranges, read per lane
  const rest = <usize>(end - p);
  v128.store(restSextets, sextets(v128.load(p)));
  if (rest > 16) v128.store(restSextets, sextets(v128.load(p, 16)), 16);
  const restWhole = <usize>(whole - p);
  let i: usize = 0;
  for (; i < restWhole; i += 4) {
    const q = restSextets + i;
    const a = <u32>load<u8>(q);
    const b = <u32>load<u8>(q, 1);
    const c = <u32>load<u8>(q, 2);
    const d = <u32>load<u8>(q, 3);
    if ((a | b | c | d) > 63) return 0; // OR-ing the sextets finds an invalid one (0xFF) in one test
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    store<u8>(dst, <u8>(bits >> 16));
    store<u8>(dst, <u8>(bits >> 8), 1);
    store<u8>(dst, <u8>bits, 2);
    dst += 3;
  }
  let bits: u32 = 0;
  let count = 0;
  for (; i < rest; i++) {
    const v = <u32>load<u8>(restSextets + i);
    if (v > 63) return 0;
    bits = (bits << 6) | v;
    count++;
  }
  if (count == 2) store<u8>(dst++, <u8>(bits >> 4));
  else if (count == 3) {
    store<u8>(dst, <u8>(bits >> 10));
    store<u8>(dst, <u8>(bits >> 2), 1);
    dst += 2;
  }
  return dst;
}
