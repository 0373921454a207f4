/** Every byte the parser looks at, by name (ASCII). */
export const enum Char {
  TAB = 0x09,
  LF = 0x0a,
  CR = 0x0d,
  SPACE = 0x20,
  QUOTE = 0x22,
  HASH = 0x23,
  PERCENT = 0x25,
  AMP = 0x26,
  PLUS = 0x2b,
  COMMA = 0x2c,
  MINUS = 0x2d,
  DOT = 0x2e,
  SLASH = 0x2f,
  _0 = 0x30,
  _9 = 0x39,
  COLON = 0x3a,
  EQUALS = 0x3d,
  QUESTION = 0x3f,
  A = 0x41,
  E = 0x45,
  F = 0x46,
  G = 0x47,
  T = 0x54,
  Z = 0x5a,
  LBRACKET = 0x5b,
  BACKSLASH = 0x5c,
  RBRACKET = 0x5d,
  UNDERSCORE = 0x5f,
  a = 0x61,
  b = 0x62,
  e = 0x65,
  f = 0x66,
  i = 0x69,
  n = 0x6e,
  r = 0x72,
  t = 0x74,
  u = 0x75,
  x = 0x78,
  z = 0x7a,
  LBRACE = 0x7b,
  RBRACE = 0x7d,
  DEL = 0x7f,
}

/** Hex digit values (256 bytes: 0–15, 0xFF for anything else). */
const HEX_VALUE: usize = memory.data<u8>([255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,0,1,2,3,4,5,6,7,8,9,255,255,255,255,255,255,255,10,11,12,13,14,15,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,10,11,12,13,14,15,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255,255]);

/** Value of a hex digit, or -1. */
// @ts-ignore: decorator
@inline
export function hexValue(c: u32): i32 {
  return <i32><i8>load<u8>(HEX_VALUE + <usize>(c & 0xff));
}

// @ts-ignore: decorator
@inline
export function isDigit(c: u32): bool {
  return c - Char._0 < 10;
}

/** The lower-case hex digits, the one table every hex writer uses. */
export const HEX_DIGITS: usize = memory.data<u8>([0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66]);

/**
 * Writes the 16 bytes of `v` (lane 0 first) as 32 lower-case hex digits, high nibble first:
 * the nibbles look up their digits 16 at a time and are interleaved by one shuffle per half.
 */
export function writeHex16(dst: usize, v: v128): usize {
  const digits = v128.load(HEX_DIGITS);
  const high = i8x16.swizzle(digits, i8x16.shr_u(v, 4));
  const low = i8x16.swizzle(digits, v128.and(v, i8x16.splat(15)));
  v128.store(dst, i8x16.shuffle(high, low, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
  v128.store(dst, i8x16.shuffle(high, low, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), 16);
  return dst + 32;
}
